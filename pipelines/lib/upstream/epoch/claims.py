"""Claims from Epoch AI's model database: language models only, tokens seen (with the
unit conversions Epoch's notes state), MoE signals and active counts from the notes."""

from __future__ import annotations

import datetime as dt

import polars as pl

from pipelines.lib.ingest.aliases import attach_ids, key_expr, slug_expr
from pipelines.lib.staging.claims import DERIVED, EPOCH, claims_frame
from pipelines.lib.upstream.epoch.exports import (
    DATASET_COLUMN,
    EPOCH_DB_URL,
    WORDS_PER_TOKEN,
    _method,
    _num,
)

UNIT_HINT = "_dataset_unit_hint"  # set by `with_unit_hints`; read first by `tokens_seen`


_SAME = 0.015


def older_dataset_figures(older: list[pl.DataFrame]) -> pl.DataFrame:
    """(model key, dataset figure) of the older exports, first export first, for
    `with_unit_hints`: only a figure the older export gives as words or tokens (not image-text
    pairs, samples or symbols, whose unit the rules cannot read) is re-read."""
    return (
        pl.concat(
            [
                tokens_seen(f).select(
                    key_expr("Model").alias("_key"),
                    _num(DATASET_COLUMN).alias("_old"),
                    pl.col("_tokens_unit"),
                )
                for f in older
            ]
        )
        .filter(pl.col("_old").is_not_null() & pl.col("_tokens_unit").is_not_null())
        .drop("_tokens_unit")
        .unique("_key", keep="first", maintain_order=True)
    )


def with_unit_hints(new: pl.DataFrame, old: pl.DataFrame) -> pl.DataFrame:
    """The 2026 notable export's `Training dataset size (total)` is Epoch's total in TOKENS, but
    its notes are the older rows' notes, "1 token ~ 0.75 words" boilerplate included, so the
    wording rules would convert it again. Compared with the same model's figure in an older
    export: the same figure keeps the older reading (no hint); the older figure / 0.75 is Epoch's
    own words-to-tokens conversion (`tokens`); any other figure is a new total in the new
    column's unit (`tokens`) unless the notes state a token count it does not match (Switch:
    86.4e9 beside "576B total tokens"), which the wording rules then read. A model no older
    export has gets no hint. `old`: `older_dataset_figures` of the older exports."""
    size = _num(DATASET_COLUMN)
    same = ((size / pl.col("_old")) - 1).abs() <= _SAME
    converted = ((size * WORDS_PER_TOKEN / pl.col("_old")) - 1).abs() <= _SAME
    notes = pl.col("Dataset size notes").fill_null("").str.to_lowercase()
    states_tokens = _stated(notes, "token").list.len() > 0
    return (
        new.with_columns(key_expr("Model").alias("_key"))
        .join(old, on="_key", how="left")
        .with_columns(
            pl.when(size.is_null() | pl.col("_old").is_null() | same)
            .then(None)
            .when(converted | ~states_tokens)
            .then(pl.lit("tokens"))
            .otherwise(None)  # a new figure beside a token count the notes state: the rules decide
            .alias(UNIT_HINT)
        )
        .drop("_key", "_old")
    )


def language_models(frame: pl.DataFrame) -> pl.DataFrame:
    return frame.filter(pl.col("Domain").fill_null("").str.contains("Language"))


# A figure in Epoch's dataset notes: a number (digits, commas, decimals, e-notation), an optional
# scale word or letter, at most one qualifier ("576B total tokens", "3.4B Chinese words"), then
# the unit noun. Lower-case text.
_FIGURE = (
    r"(\d[\d,]*(?:\.\d+)?(?:e[+-]?\d+)?)\s*(trillion|billion|million|thousand|[tbmk])?s?"
    r"\s+(?:[a-z]+\s+)?"
)


_SCALES = {"trillion": 1e12, "t": 1e12, "billion": 1e9, "b": 1e9, "million": 1e6, "m": 1e6}


_SCALES |= {"thousand": 1e3, "k": 1e3}


# Epoch converted words to tokens itself: "4/3 tokens per word", "100 words = 133 tokens",
# "4 tokens / 3 words", "1.33 tokens/word".
_CONVERTED_TO_TOKENS = (
    r"tokens?\s*(?:per|/)\s*(?:[a-z]+\s+)?word|words?\s*=\s*[\d.,]+\s*(?:[a-z]+\s+)?tokens?"
    r"|\d\s*tokens?\s*/\s*\d\s*words?"
)


_SAME_FIGURE = 0.015  # a stated figure is "the" dataset size within 1.5 % (rounded quotes)


def _stated(notes: pl.Expr, noun: str) -> pl.Expr:
    """Every `<number> [scale] [qualifier] <noun>` figure in `notes`, as a list of counts."""
    pattern = _FIGURE + rf"{noun}s?\b"
    return notes.str.extract_all(pattern).list.eval(
        pl.element()
        .str.extract(r"^([\d,.e+-]+)")
        .str.replace_all(",", "")
        .cast(pl.Float64, strict=False)
        * pl.element()
        .str.extract(r"^[\d,.e+-]+\s*(?:(trillion|billion|million|thousand|[tbmk])s?\s)?")
        .replace_strict(_SCALES, default=1.0, return_dtype=pl.Float64)
        .fill_null(1.0)
    )


def tokens_seen(frame: pl.DataFrame) -> pl.DataFrame:
    """Training tokens seen from Epoch's dataset size: words -> tokens, times epochs.

    Adds `_tokens`, `_tokens_unit` (`tokens` | `words` | null when the unit is unknowable) and
    `_tokens_method`. The unit of the figure, in order:
    1. the dataset notes state the figure itself as tokens ("576B total tokens") -> tokens;
    2. they show Epoch converting words to tokens ("4/3 tokens per word") -> tokens;
    3. they state it as words ("374B words") -> words;
    4. they mention words (the boilerplate "1 token ~ 0.75 words" included) -> words;
    5. they mention tokens; or Epoch's compute notes count the figure as tokens (its 6·N·D
       derivation); or published 2024 or later (Epoch's current convention) -> tokens;
    otherwise unknown, and no claim is made.
    A figure in words becomes the token count the notes themselves state when one lies between
    the words and words / 0.75 (+5 %) — the paper's own number ("499 billion tokens ... 374B
    words"), `reported` — else words / 0.75, an `estimate`.
    """
    notes = pl.col("Dataset size notes").fill_null("").str.to_lowercase()
    compute_notes = pl.col("Training compute notes").fill_null("").str.to_lowercase()
    year = pl.col("Publication date").str.slice(0, 4).cast(pl.Int32, strict=False)
    size = _num("Training dataset size (datapoints)")
    frame = frame.with_row_index("_row").with_columns(
        _stated(notes, "token").alias("_stated_tokens"),
        _stated(notes, "word").alias("_stated_words"),
        size.alias("_size"),
    )
    as_words = pl.col("_size") / WORDS_PER_TOKEN
    in_range = (pl.col("_stated_tokens") > pl.col("_size")) & (
        pl.col("_stated_tokens") <= as_words * 1.05
    )
    per_row = (
        frame.select("_row", "_size", "_stated_tokens", "_stated_words")
        .explode("_stated_tokens")
        .explode("_stated_words")
        .with_columns(
            (pl.col("_stated_tokens") / pl.col("_size") - 1).abs().alias("_rel_t"),
            (pl.col("_stated_words") / pl.col("_size") - 1).abs().alias("_rel_w"),
            # A stated token count a figure in words could have been converted from, and how
            # far it is from words / 0.75 (both null otherwise).
            pl.when(in_range).then(pl.col("_stated_tokens")).alias("_candidate"),
            pl.when(in_range).then((pl.col("_stated_tokens") / as_words - 1).abs()).alias("_gap"),
        )
        .group_by("_row")
        .agg(
            (pl.col("_rel_t") <= _SAME_FIGURE).any().alias("_is_tokens"),
            (pl.col("_rel_w") <= _SAME_FIGURE).any().alias("_is_words"),
            pl.col("_candidate").sort_by("_gap", nulls_last=True).first().alias("_words_as_tokens"),
        )
    )
    frame = frame.join(per_row, on="_row", how="left").drop(
        "_row", "_stated_tokens", "_stated_words"
    )
    hint = pl.col(UNIT_HINT) if UNIT_HINT in frame.columns else pl.lit(None, dtype=pl.String)
    unit = (
        pl.when(pl.col("_size").is_null())
        .then(None)
        .when(hint.is_not_null())
        .then(hint)
        .when(pl.col("_is_tokens"))
        .then(pl.lit("tokens"))
        .when(notes.str.contains(_CONVERTED_TO_TOKENS))
        .then(pl.lit("tokens"))
        .when(pl.col("_is_words"))
        .then(pl.lit("words"))
        .when(notes.str.contains(r"\bwords?\b"))
        .then(pl.lit("words"))
        .when(notes.str.contains(r"token"))
        .then(pl.lit("tokens"))
        .when(compute_notes.str.contains(r"token"))
        .then(pl.lit("tokens"))
        .when(year >= 2024)
        .then(pl.lit("tokens"))
        .otherwise(None)
    )
    epochs = _num("Epochs")
    epochs = pl.when(epochs > 0).then(epochs).otherwise(1.0)
    stated = pl.col("_words_as_tokens")
    corpus = (
        pl.when(unit == "words")
        .then(pl.coalesce(stated, pl.col("_size") / WORDS_PER_TOKEN))
        .otherwise(pl.col("_size"))
    )
    return frame.with_columns(
        unit.alias("_tokens_unit"),
        pl.when(unit.is_not_null()).then(corpus * epochs).otherwise(None).alias("_tokens"),
        pl.when((unit == "words") & stated.is_null())
        .then(pl.lit("estimate"))
        .otherwise(pl.lit("reported"))
        .alias("_tokens_method"),
    ).drop("_size", "_is_tokens", "_is_words", "_words_as_tokens")


def moe_signal(frame: pl.DataFrame) -> pl.Expr:
    """How Epoch's data marks a model as mixture-of-experts: `strong` (a `Sparsity` entry, an
    active-parameter count quoted in the notes, or "MoE" in the model's name), `weak` (the notes
    only mention experts, MoE or a sparse architecture — which also happens when they cite an
    MoE paper or a related model), else null. A name marked "(dense)" is never MoE."""
    notes = pl.col("Parameters notes").fill_null("").str.to_lowercase()
    name = pl.col("Model").fill_null("")
    sparsity = pl.col("Sparsity").is_not_null() if "Sparsity" in frame.columns else pl.lit(False)
    strong = sparsity | active_from_notes(frame).is_not_null() | name.str.contains(r"(?i)moe")
    weak = notes.str.contains(
        r"mixture[- ]of[- ]experts|\bmoe\b|experts|active param|activated param"
        r"|activation param|sparse (?:architecture|llm|model)|it's sparse"
    )
    dense = name.str.contains(r"(?i)\(dense\)")
    return (
        pl.when(dense)
        .then(None)
        .when(strong)
        .then(pl.lit("strong"))
        .when(weak)
        .then(pl.lit("weak"))
        .otherwise(None)
    )


def combine_moe_signals(
    signals: pl.DataFrame, identity: pl.DataFrame, curated: pl.DataFrame
) -> pl.DataFrame:
    """One (model_id, signal) per Epoch model from the per-snapshot (model_id, Base model,
    signal) rows: the strongest signal any snapshot gives; and a fine-tune of an MoE model (its
    `Base model` is strong in Epoch's data or a curated `moe` record) is strong itself, since
    fine-tuning keeps the architecture (R1 1776 from DeepSeek-R1)."""
    rank = (
        pl.when(pl.col("signal") == "strong")
        .then(2)
        .when(pl.col("signal") == "weak")
        .then(1)
        .otherwise(0)
    )
    best = (
        signals.with_columns(rank.alias("_rank"))
        .group_by("model_id")
        .agg(pl.col("_rank").max(), pl.col("Base model").drop_nulls().first())
    )
    moe_keys = pl.concat(
        [
            identity.join(best.filter(pl.col("_rank") == 2), on="model_id").select(
                key_expr("Model").alias("_base_key")
            ),
            curated.filter(pl.col("architecture") == "moe").select(
                key_expr("name").alias("_base_key")
            ),
        ]
    ).unique()
    inherited = (
        best.with_columns(key_expr("Base model").alias("_base_key"))
        .join(moe_keys.with_columns(pl.lit(True).alias("_base_moe")), on="_base_key", how="left")
        .with_columns(
            pl.when(pl.col("_base_moe").fill_null(False))
            .then(pl.max_horizontal("_rank", pl.lit(2)))
            .otherwise(pl.col("_rank"))
            .alias("_rank")
        )
    )
    return inherited.select(
        "model_id",
        pl.when(pl.col("_rank") == 2)
        .then(pl.lit("strong"))
        .when(pl.col("_rank") == 1)
        .then(pl.lit("weak"))
        .otherwise(None)
        .alias("signal"),
    )


def is_moe(frame: pl.DataFrame) -> pl.Expr:
    """Any MoE signal (strong or weak) in Epoch's data."""
    return moe_signal(frame).is_not_null()


# Active counts as Epoch's notes quote the developer, most explicit form first (each pattern:
# number, unit):
#   "Activated Parameters per Token: 45.9B" (MiniMax-Text-01: the same notes say "Total
#       Parameters: 456B Activated ...", so this form must win over the next)
#   "17B active parameters", "21B parameters activated", "52 billion activation parameters"
#   "of which only 1.3B are activated" (OLMoE)
ACTIVE_IN_NOTES = (
    # "active parameters: 47B" / "activated parameters per token: 37B"
    r"(?i)(?:active|activated) parameters(?: per token)?:\s*([0-9]+(?:\.[0-9]+)?)\s*(b|billion)\b",
    # "32B active" on one line (not "total parameters: 21B" followed by an "active ..." line)
    r"(?i)([0-9]+(?:\.[0-9]+)?)[ \t]*(b|billion)[ \t]+(?:parameters[ \t]+)?"
    r"(?:active|activated|activation)\b",
    r"(?i)only\s+([0-9]+(?:\.[0-9]+)?)\s*(b|billion)\s+(?:parameters\s+)?are\s+activated",
)


# "only applies 675M parameters per token" (LIMoE, quoted in Epoch's compute notes).
PER_TOKEN_IN_NOTES = (
    r"(?i)(?:applies|activates|uses)\s+(?:only\s+)?([0-9]+(?:\.[0-9]+)?)\s*"
    r"(m|b|million|billion)\s+parameters per token"
)


def _count(text: pl.Expr, pattern: str) -> pl.Expr:
    """The first `pattern` match in `text` as a count (groups: number, unit M/B), else null."""
    found = text.str.extract_groups(pattern)
    unit = found.struct.field("2").str.to_lowercase().str.slice(0, 1)
    scale = pl.when(unit == "m").then(1e6).when(unit == "b").then(1e9).otherwise(None)
    return found.struct.field("1").cast(pl.Float64, strict=False) * scale


def active_from_notes(frame: pl.DataFrame) -> pl.Expr:
    """Active parameters (count) stated in `Parameters notes`, else quoted per token in
    `Training compute notes` (when the frame has that column) — only when the notes quote one
    such figure: notes comparing with other models (SaulLM's quote Mixtral 8x7B and 8x22B) are
    ambiguous and give nothing — else the `-A<n>B` in the model's name."""
    notes = pl.col("Parameters notes").fill_null("")
    found = [_count(notes, pattern) for pattern in ACTIVE_IN_NOTES]
    if "Training compute notes" in frame.columns:
        compute_notes = pl.col("Training compute notes").fill_null("")
        unique = (
            pl.when(compute_notes.str.count_matches(PER_TOKEN_IN_NOTES) == 1)
            .then(compute_notes)
            .otherwise(pl.lit(""))
        )
        found.append(_count(unique, PER_TOKEN_IN_NOTES))
    # Last, the maker's own name: "397B-A17B" is 397B total with 17B activated (Qwen's, Kakao's
    # and others' naming), when the notes quote no count.
    found.append(
        pl.col("Model")
        .fill_null("")
        .str.extract(r"(?i)\b\d+(?:\.\d+)?B-A(\d+(?:\.\d+)?)B\b")
        .cast(pl.Float64, strict=False)
        * 1e9
    )
    return pl.coalesce(found)


def epoch_identity(frame: pl.DataFrame, aliases: pl.DataFrame, snapshot: str) -> pl.DataFrame:
    """One row per Epoch language model: model_id (alias map, else a slug of the name)."""
    lm = language_models(frame)
    ids = attach_ids(lm, "Model", "epoch", aliases)
    return ids.with_columns(
        pl.coalesce("model_id", slug_expr("Model")).alias("model_id"),
        pl.lit(snapshot).alias("snapshot"),
    )


def epoch_claims(
    identity: pl.DataFrame, source: str, retrieved: dt.date, as_of: dt.date | None = None
) -> pl.DataFrame:
    """Claims from one Epoch snapshot's language-model rows (identity from `epoch_identity`).

    `as_of`: the snapshot's export date. Within Epoch's tier the newest observation wins, so a
    value Epoch revised resolves to its newest figure, and the older snapshot's figure stays in
    `claims` beside it (history, not a conflict: see `epoch_revisions`).

    Trap: for a fine-tuned model (a `Base model` is named) the dataset size is the fine-tuning
    set, not pre-training tokens, so no training-token claim is made from it.
    """
    rows = tokens_seen(identity).with_columns(
        pl.when(pl.col("Base model").is_null())
        .then(pl.col("_tokens_unit"))
        .otherwise(None)
        .alias("_tokens_unit")
    )
    base = dict(source=source, citation=EPOCH_DB_URL, retrieved_date=retrieved, as_of_date=as_of)
    common = [
        pl.col("model_id"),
        pl.col("Confidence").alias("confidence"),
        pl.col("Model").alias("source_record"),
    ]
    parts = [
        claims_frame(
            rows.select(
                *common,
                pl.lit("params_total").alias("field"),
                _num("Parameters").alias("value"),
                pl.lit("reported").alias("method"),
            ),
            precedence=EPOCH,
            **base,
        ),
        claims_frame(
            rows.select(
                *common,
                pl.lit("training_compute_flop").alias("field"),
                _num("Training compute (FLOP)").alias("value"),
                _method().alias("method"),
            ),
            precedence=EPOCH,
            **base,
        ),
        # Active parameters of MoE models, where the notes quote them.
        claims_frame(
            rows.filter(is_moe(rows)).select(
                *common,
                pl.lit("params_active").alias("field"),
                active_from_notes(rows).alias("value"),
                pl.lit("reported").alias("method"),
            ),
            precedence=EPOCH,
            **base,
        ),
        # Tokens: Epoch's own token figures (and the paper's token count its notes quote beside
        # a figure in words) rank as Epoch; figures we converted from words rank as derived
        # (the lowest precedence).
        claims_frame(
            rows.filter(pl.col("_tokens_unit").is_not_null()).select(
                *common,
                pl.lit("training_tokens").alias("field"),
                pl.col("_tokens").alias("value"),
                pl.col("_tokens_method").alias("method"),
                pl.when(pl.col("_tokens_method") == "estimate")
                .then(DERIVED)
                .otherwise(EPOCH)
                .alias("precedence"),
            ),
            **base,
        ),
        claims_frame(
            rows.select(
                *common,
                pl.lit("training_cost_usd").alias("field"),
                pl.col("Training compute cost (2023 USD)")
                .str.strip_prefix("$")
                .cast(pl.Float64, strict=False)
                .alias("value"),
                pl.lit("estimate").alias("method"),
            ),
            precedence=EPOCH,
            **base,
        ),
    ]
    return pl.concat(parts)
