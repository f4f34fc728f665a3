"""Epoch AI files: the models database (two snapshots), MMLU, model versions, API prices, the
benchmarks file with active parameters. Each reader validates the file as published (pandera) and
returns it with canonical column names; `*_claims` turn rows into claims.

Traps handled here (see ../shared/reference/README.md and tests/pipelines/test_upstream.py):
- `Training dataset size (datapoints)` is corpus size, in WORDS for older entries, but the same
  "1 token ~ 0.75 words" boilerplate also sits beside figures that are tokens (Switch's "576B
  total tokens"): the unit is read from the figure the notes state, then from their wording;
  words become the token count the notes quote, else x 4/3; times `Epochs` when given.
- `Parameters` is the TOTAL for MoE models; active counts come from the benchmarks file.
- `Training compute cost (2023 USD)` is a string like `$2056969.34`.
- The 2024-10 snapshot's first column is `\\ufeffSystem`; the MMLU file's `EM` is a percent string.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pandera.polars as pa
import polars as pl

from pipelines.lib.ingest.aliases import attach_ids, key_expr, slug_expr, with_organization
from pipelines.lib.staging.claims import AGGREGATOR, DERIVED, EPOCH, PRIMARY, claims_frame
from pipelines.lib.upstream.manifest import read_published_csv

EPOCH_DB_URL = "https://epoch.ai/data/ai-models"
WORDS_PER_TOKEN = 0.75  # Epoch's own convention ("1 token ~ 0.75 words")
NUMBER = r"^-?[0-9]+(\.[0-9]*)?([eE][+-]?[0-9]+)?$"
INSTRUCT_PATTERN = r"(?i)instruct|chat|-it\b|\bit\b|rlhf|sft|dpo"
DATE = r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$"


class _EpochExportSchema(pa.DataFrameModel):
    """The columns every Epoch AI model-database export shares (2024-10 to 2026-08), as
    published: all text. Each export's own schema adds its dataset, epochs and cost columns."""

    model: str = pa.Field(alias="Model", nullable=False, description="Model name")
    domain: str = pa.Field(alias="Domain", nullable=True)
    organization: str = pa.Field(alias="Organization", nullable=True)
    publication_date: str = pa.Field(alias="Publication date", nullable=True, str_matches=DATE)
    parameters: str = pa.Field(alias="Parameters", nullable=True, str_matches=NUMBER)
    parameters_notes: str = pa.Field(alias="Parameters notes", nullable=True)
    compute: str = pa.Field(alias="Training compute (FLOP)", nullable=True, str_matches=NUMBER)
    dataset_notes: str = pa.Field(alias="Dataset size notes", nullable=True)
    confidence: str = pa.Field(alias="Confidence", nullable=True)
    accessibility: str = pa.Field(alias="Model accessibility", nullable=True)
    base_model: str = pa.Field(alias="Base model", nullable=True)

    class Config:
        strict = False  # the exports have 34-88 columns; these are the ones we read


class EpochModelsSchema(_EpochExportSchema):
    """Epoch AI 'All ML Systems' export (either snapshot), as published: all text columns."""

    link: str = pa.Field(alias="Link", nullable=True)
    dataset_size: str = pa.Field(
        alias="Training dataset size (datapoints)", nullable=True, str_matches=NUMBER
    )
    epochs: str = pa.Field(alias="Epochs", nullable=True, str_matches=NUMBER)
    cost: str = pa.Field(
        alias="Training compute cost (2023 USD)",
        nullable=True,
        str_matches=r"^\$[0-9]+(\.[0-9]+)?$",
    )

    class Config:
        strict = False  # the export has ~57-88 columns; these are the ones we read


def read_epoch_models(path: Path) -> pl.DataFrame:
    frame = read_published_csv(path)
    if "System" in frame.columns and "Model" not in frame.columns:
        frame = frame.rename({"System": "Model"})
    for col in ("Training compute estimation method", "Compute estimate method", "Sparsity"):
        if col not in frame.columns:
            frame = frame.with_columns(pl.lit(None, dtype=pl.String).alias(col))
    frame = frame.with_columns(pl.col("Model").str.strip_chars())
    return EpochModelsSchema.validate(frame, lazy=True)


# --------------------------------------------------------------------------- 2026 exports
# Epoch's public `notable_ai_models.csv` and `large_scale_ai_models.csv` (2026-08), each as
# published. Traps (../shared/reference/epoch_2026/SOURCE.md): the notable file's dataset column
# is `Training dataset size (total)` (mostly tokens now) and holds a few comma-joined pairs of
# numbers; the large-scale file keeps `(DEPRECATED) Training dataset size (datapoints)` (GPT-3
# still in words); cost is a plain number; names carry trailing spaces; a dataset size Epoch
# derived from compute ("(pretraining FLOPs)/(6*5.1B active parameters)") is not a token count.
NUMBERS = r"^-?[0-9]+(\.[0-9]*)?([eE][+-]?[0-9]+)?(,-?[0-9]+(\.[0-9]*)?([eE][+-]?[0-9]+)?)*$"
DATASET_COLUMN = "Training dataset size (datapoints)"  # the canonical name the claims read


class EpochNotable2026Schema(_EpochExportSchema):
    """Epoch AI `notable_ai_models.csv` (export of 2026-08), as published: all text columns."""

    dataset_size: str = pa.Field(
        alias="Training dataset size (total)",
        nullable=True,
        str_matches=NUMBERS,
        description="Dataset size; a few cells hold two comma-joined numbers",
    )
    epochs: str = pa.Field(alias="Epochs", nullable=True, str_matches=NUMBER)
    cost: str = pa.Field(
        alias="Training compute cost (2023 USD)", nullable=True, str_matches=NUMBER
    )
    open_weights: str = pa.Field(alias="Open model weights?", nullable=True, isin=["Yes", "No"])

    class Config:
        strict = False  # 47 columns; these are the ones we read


class EpochFrontier2026Schema(EpochNotable2026Schema):
    """Epoch AI `frontier_ai_models.csv` (export of 2026-03), as published: the notable columns
    plus the compute estimation method and free-text API prices."""

    estimation_method: str = pa.Field(alias="Training compute estimation method", nullable=True)
    api_prices: str = pa.Field(alias="API prices", nullable=True)

    class Config:
        strict = False  # 61 columns; these are the ones we read


class EpochLargeScale2026Schema(_EpochExportSchema):
    """Epoch AI `large_scale_ai_models.csv` (export of 2026-08), as published: all text."""

    dataset_size: str = pa.Field(
        alias="(DEPRECATED) Training dataset size (datapoints)", nullable=True, str_matches=NUMBER
    )

    class Config:
        strict = False  # 34 columns; these are the ones we read


def _as_models_export(frame: pl.DataFrame, dataset_column: str) -> pl.DataFrame:
    """A 2026 export in the shape the claims read (the 2025-08 export's column names): the
    dataset column renamed, comma-joined pairs and compute-derived sizes emptied, absent
    columns added as nulls, names trimmed."""
    notes = pl.col("Dataset size notes").fill_null("").str.to_lowercase()
    derived_from_compute = notes.str.contains(r"flops?\)?\s*/\s*\(?\s*6\s*[*x×]")
    size = pl.col(dataset_column)
    frame = frame.with_columns(
        pl.when(size.str.contains(",") | derived_from_compute)
        .then(None)
        .otherwise(size)
        .alias(DATASET_COLUMN),
        pl.col("Model").str.strip_chars(),
    )
    if dataset_column != DATASET_COLUMN:
        frame = frame.drop(dataset_column)
    for col in (
        "Epochs",
        "Training compute cost (2023 USD)",
        "Training compute estimation method",
        "Sparsity",
        "Link",
    ):
        if col not in frame.columns:
            frame = frame.with_columns(pl.lit(None, dtype=pl.String).alias(col))
    return frame


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


def read_epoch_notable_2026(path: Path) -> pl.DataFrame:
    frame = EpochNotable2026Schema.validate(read_published_csv(path), lazy=True)
    return _as_models_export(frame, "Training dataset size (total)")


def read_epoch_frontier_2026(path: Path) -> pl.DataFrame:
    frame = EpochFrontier2026Schema.validate(read_published_csv(path), lazy=True)
    return _as_models_export(frame, "Training dataset size (total)")


def read_epoch_large_scale_2026(path: Path) -> pl.DataFrame:
    frame = EpochLargeScale2026Schema.validate(read_published_csv(path), lazy=True)
    return _as_models_export(frame, "(DEPRECATED) Training dataset size (datapoints)")


def _num(col: str) -> pl.Expr:
    return pl.col(col).cast(pl.Float64, strict=False)


def _method(col: str = "Training compute estimation method") -> pl.Expr:
    text = pl.col(col).fill_null("").str.to_lowercase()
    return (
        pl.when(text.str.contains("reported"))
        .then(pl.lit("reported"))
        # Only a figure from operation counting alone is 6·N·D; "Operation counting,Hardware"
        # is Epoch's average of two estimates, so an `estimate` (found by suspicious_values:
        # 13 such figures 0.5-3x from 6·N·D were labelled 6ND).
        .when(text.str.strip_chars() == "operation counting")
        .then(pl.lit("6ND"))
        .when(text.str.strip_chars() == "hardware")
        .then(pl.lit("hardware"))
        .otherwise(pl.lit("estimate"))
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


# --------------------------------------------------------------------------- MMLU


class EpochMmluSchema(pa.DataFrameModel):
    """Epoch benchmark-stitching `external_benchmark_mmlu.csv`, as published."""

    name: str = pa.Field(alias="Name", nullable=True)
    em: str = pa.Field(alias="EM", nullable=False, str_matches=r"^[0-9]+(\.[0-9]+)?%$")
    version: str = pa.Field(alias="Model version", nullable=True)
    shots: str = pa.Field(alias="Shots", nullable=True, str_matches=r"^[0-9]+$")
    source: str = pa.Field(alias="Source", nullable=True)
    source_link: str = pa.Field(alias="Source link", nullable=True)

    class Config:
        strict = False


class EpochModelVersionsSchema(pa.DataFrameModel):
    """Epoch benchmark-stitching `model_versions.csv`: version id -> Epoch DB model name."""

    id: str = pa.Field(alias="id", nullable=False)
    model: str = pa.Field(alias="Model", nullable=True)
    released: str = pa.Field(
        alias="Version release date", nullable=True, str_matches=r"^[0-9]{4}-[0-9]{2}-[0-9]{2}"
    )
    hf_developer: str = pa.Field(alias="Hugging Face developer id", nullable=True)

    class Config:
        strict = False


def read_epoch_mmlu(path: Path) -> pl.DataFrame:
    return EpochMmluSchema.validate(read_published_csv(path), lazy=True).with_columns(
        pl.col("Name").str.strip_chars(), pl.col("Model version").str.strip_chars()
    )


def read_model_versions(path: Path) -> pl.DataFrame:
    return EpochModelVersionsSchema.validate(read_published_csv(path), lazy=True).with_columns(
        pl.col("id").str.strip_chars(), pl.col("Model").str.strip_chars()
    )


def mmlu_claims(
    mmlu: pl.DataFrame,
    versions: pl.DataFrame,
    epoch_ids: pl.DataFrame,
    aliases: pl.DataFrame,
    retrieved: dt.date,
) -> pl.DataFrame:
    """5-shot MMLU claims. Identity: alias map on `Name` or `Model version`, else the version's
    Epoch DB model (model_versions.csv) when that model is in the database.

    Returns the claims plus unmatched rows (for the identity check), as (claims, unmatched).
    """
    five = mmlu.filter(pl.col("Shots") == "5")
    # model_versions.csv files chat/instruct versions under the base model's name: those rows
    # only match through an explicit alias, never through the version rule.
    tuned = pl.col("Model version").fill_null("").str.contains(INSTRUCT_PATTERN) | pl.col(
        "Name"
    ).fill_null("").str.contains(INSTRUCT_PATTERN)
    by_version = versions.select(
        key_expr("id").alias("name_key"), key_expr("Model").alias("_epoch_key")
    )
    epoch_keys = epoch_ids.select(key_expr("Model").alias("_epoch_key"), "model_id")
    rule = by_version.join(epoch_keys, on="_epoch_key").select("name_key", "model_id")
    named = attach_ids(five, "Name", "epoch_mmlu", aliases)
    versioned = attach_ids(five, "Model version", "epoch_mmlu", aliases, fallback=rule)
    versioned = versioned.with_columns(
        pl.when(five.select(tuned).to_series() & (pl.col("matched_by") == "exact name"))
        .then(None)
        .otherwise(pl.col("model_id"))
        .alias("model_id"),
        pl.when(five.select(tuned).to_series() & (pl.col("matched_by") == "exact name"))
        .then(None)
        .otherwise(pl.col("matched_by"))
        .alias("matched_by"),
    )
    ided = named.with_columns(
        pl.coalesce("model_id", versioned["model_id"]).alias("model_id"),
        pl.coalesce("matched_by", versioned["matched_by"]).alias("matched_by"),
    )
    helm = pl.col("Source").fill_null("").str.contains("(?i)stanford crfm|helm")
    claims = claims_frame(
        ided.select(
            "model_id",
            pl.lit("mmlu").alias("field"),
            pl.col("EM").str.strip_suffix("%").cast(pl.Float64).alias("value"),
            pl.coalesce("Source link", pl.lit(EPOCH_DB_URL)).str.strip_chars().alias("citation"),
            pl.lit("reported").alias("method"),
            pl.when(helm).then(AGGREGATOR).otherwise(PRIMARY).alias("precedence"),
            pl.concat_str(
                [pl.col("Name"), pl.lit(" ("), pl.col("Source").fill_null("?"), pl.lit(")")]
            ).alias("source_record"),
        ),
        source="epoch_mmlu",
        retrieved_date=retrieved,
    )
    unmatched = ided.filter(pl.col("model_id").is_null()).select(
        pl.lit("epoch_mmlu").alias("source"),
        pl.col("Name").alias("name"),
        pl.col("Model version").alias("detail"),
    )
    return claims, unmatched


# --------------------------------------------------------------------------- active params


class EpochBenchmarksSchema(pa.DataFrameModel):
    """Epoch open-model-trends `benchmarks_with_model_accessibility.csv`, as published."""

    system: str = pa.Field(alias="System", nullable=False)
    active: str = pa.Field(
        alias="Active Parameters", nullable=True, str_matches=r"^[0-9][0-9,]*(\.[0-9]+)?$"
    )

    class Config:
        strict = False


def read_epoch_benchmarks(path: Path) -> pl.DataFrame:
    return EpochBenchmarksSchema.validate(read_published_csv(path), lazy=True).with_columns(
        pl.col("System").str.strip_chars()
    )


def active_params_claims(
    bench: pl.DataFrame, epoch_ids: pl.DataFrame, aliases: pl.DataFrame, retrieved: dt.date
) -> pl.DataFrame:
    rule = epoch_ids.select(key_expr("Model").alias("name_key"), "model_id")
    ided = attach_ids(bench, "System", "epoch", aliases, fallback=rule)
    return claims_frame(
        ided.select(
            "model_id",
            pl.lit("params_active").alias("field"),
            pl.col("Active Parameters")
            .str.replace_all(",", "")
            .cast(pl.Float64, strict=False)
            .alias("value"),
            pl.col("System").alias("source_record"),
        ),
        source="epoch_benchmarks_2024_10",
        citation=EPOCH_DB_URL,
        method="reported",
        precedence=EPOCH,
        retrieved_date=retrieved,
    )


# --------------------------------------------------------------------------- versions as models

VERSIONS_FILE = "data/raw/upstream/epoch/epoch_model_versions.csv"


def version_identities(
    unmatched_mmlu: pl.DataFrame,
    versions: pl.DataFrame,
    epoch_ids: pl.DataFrame,
    known_ids: pl.DataFrame,
    organizations: pl.DataFrame,
) -> pl.DataFrame:
    """Epoch model versions that Epoch's MMLU file scores but no model of ours is: each becomes
    a model when epoch_model_versions.csv gives it a release date.

    These are Epoch's own version records (id, `Version release date`, `Hugging Face developer
    id`), so identity and date are cited; a chat/instruct version of a model in the database
    (`Meta-Llama-3-8B-Instruct` -> `Llama 3-8B`) links to it as its base. A slug already taken
    stays unmatched (never merged). Returns identity rows (model_id, name, organization,
    release_date, open_weights, base_model_id, source_file) plus `version_key` (the key of the
    version id, for the MMLU rows to attach to)."""
    wanted = unmatched_mmlu.select(key_expr("detail").alias("version_key")).drop_nulls().unique()
    dated = versions.filter(
        pl.col("Version release date").fill_null("").str.contains(r"^\d{4}-\d{2}-\d{2}")
    ).with_columns(key_expr("id").alias("version_key"))
    base = epoch_ids.select(key_expr("Model").alias("_model_key"), pl.col("model_id").alias("base"))
    rows = (
        dated.join(wanted, on="version_key")
        .unique("version_key", keep="first", maintain_order=True)
        .with_columns(
            slug_expr("id").alias("model_id"),
            pl.col("Hugging Face developer id").str.strip_chars().alias("_org"),
            key_expr(pl.col("Model").fill_null("")).alias("_model_key"),
        )
        .join(base, on="_model_key", how="left")
        .filter(~pl.col("model_id").is_in(known_ids["model_id"].implode()))
    )
    rows = with_organization(rows, "_org", "hf", organizations)
    return rows.select(
        "model_id",
        pl.col("id").alias("name"),
        pl.col("organization").fill_null("Unknown"),
        pl.col("Version release date")
        .str.slice(0, 10)
        .str.to_date(strict=False)
        .alias("release_date"),
        pl.when(pl.col("_org").is_not_null()).then(True).otherwise(None).alias("open_weights"),
        pl.col("base").alias("base_model_id"),
        pl.concat_str([pl.lit(f"{VERSIONS_FILE}#"), pl.col("id")]).alias("source_file"),
        "version_key",
    )


def keep_lowest_confidence(claims: pl.DataFrame, sources: list[str]) -> pl.DataFrame:
    """A figure an earlier Epoch snapshot labelled Speculative stays Speculative when a later
    snapshot repeats the very same figure under a higher label: the evidence did not change
    (GPT-3.5 Turbo's 20B, from a paper's table, is `Speculative` in the 2024-10 and 2025-08
    exports and `Likely` in 2026-08 with the same note). A changed figure keeps its own label."""
    epoch = pl.col("source").is_in(sources)
    speculative = (
        claims.filter(epoch & (pl.col("confidence") == "Speculative"))
        .select("model_id", "field", pl.col("value").round_sig_figs(6).alias("_v"))
        .unique()
        .with_columns(pl.lit(True).alias("_speculative"))
    )
    out = claims.with_columns(pl.col("value").round_sig_figs(6).alias("_v")).join(
        speculative, on=["model_id", "field", "_v"], how="left"
    )
    return out.with_columns(
        pl.when(epoch & pl.col("_speculative").fill_null(False))
        .then(pl.lit("Speculative"))
        .otherwise(pl.col("confidence"))
        .alias("confidence")
    ).drop("_v", "_speculative")


def carry_compute_method(claims: pl.DataFrame, without_method: list[str]) -> pl.DataFrame:
    """Epoch's 2026 exports have no `Training compute estimation method` column, so their
    compute claims come in as `estimate`. Where an older export gives the very same figure with
    a method, that method is carried over (the figure is the same estimate); a figure the older
    exports do not have stays `estimate`."""
    newer = pl.col("source").is_in(without_method)
    key = pl.col("value").round_sig_figs(6).alias("_v")
    known = (
        claims.filter(
            (pl.col("field") == "training_compute_flop")
            & pl.col("source").str.starts_with("epoch_models_")
        )
        .select("model_id", key, pl.col("method").alias("_method"))
        .unique(["model_id", "_v"], keep="first", maintain_order=True)
    )
    out = claims.with_columns(key).join(known, on=["model_id", "_v"], how="left")
    return out.with_columns(
        pl.when(
            newer & (pl.col("field") == "training_compute_flop") & pl.col("_method").is_not_null()
        )
        .then(pl.col("_method"))
        .otherwise(pl.col("method"))
        .alias("method")
    ).drop("_v", "_method")
