"""The plausibility rules on numbers alone (6ND that is not 6·N·D, compute far from 6·N·D,
epochs, tokens per parameter, fine-tune before base, identical base and instruct scores) and
the shapes of their tables."""

from __future__ import annotations

import re

import polars as pl

SIX_ND_TOLERANCE = 0.15  # a value labelled 6ND within 15 % of 6·N·D (rounded inputs)


COMPUTE_FACTOR = 10.0  # other compute methods: > 10x from 6·N·D either way


MAX_EPOCHS = 50.0  # more passes over one corpus than any pre-training run we know


TOKENS_PER_PARAM = (0.1, 100_000.0)  # plausible training tokens per (active) parameter


NOTES_FACTOR = 10.0  # notes and column >= 10x apart


EPOCH_SOURCES = ("epoch_models_2025_08", "epoch_models_2024_10")


RESOLUTIONS_FILE = "suspicious_resolutions.yaml"  # beside aliases.yaml in data/raw


RESOLUTIONS = ("erratum", "acknowledged")


STATUSES = ("unresolved", "acknowledged", "erratum")


# Statuses whose (model, field) stays out of fits and rankings.
EXCLUDED_STATUSES = ("unresolved", "erratum")


COLUMNS: dict[str, pl.DataType] = {
    "model_id": pl.String(),
    "field": pl.String(),
    "value": pl.Float64(),
    "rule": pl.String(),
    "evidence": pl.String(),
}


RESOLUTION_COLUMNS: dict[str, pl.DataType] = {
    "model_id": pl.String(),
    "field": pl.String(),
    "rule": pl.String(),
    "resolution": pl.String(),
    "reason": pl.String(),
}


TABLE_COLUMNS: dict[str, pl.DataType] = {
    **COLUMNS,
    "status": pl.String(),
    "reason": pl.String(),
}


def _g(x: pl.Expr) -> pl.Expr:
    """A number as short text for evidence: 3 significant digits (`2.04e+14`)."""
    return x.map_elements(lambda v: f"{v:.3g}", return_dtype=pl.String)


_SLOT = re.compile(r"\{(\w+)\}")


def _sentence(template: str, **parts: pl.Expr) -> list[pl.Expr]:
    """The evidence `template` as `concat_str` parts: its text, each `{name}` filled with the
    expression `parts[name]` (numbers through `_g`)."""
    pieces = _SLOT.split(template)  # text, name, text, name, ..., text
    return [
        parts[piece] if i % 2 else pl.lit(piece) for i, piece in enumerate(pieces) if i % 2 or piece
    ]


def _rows(frame: pl.DataFrame, rule: str, field: str | pl.Expr, value: pl.Expr, evidence):
    """The rule's rows of `frame`: model_id, field, value, rule and the evidence sentence
    (`_sentence` parts)."""
    return frame.select(
        pl.col("model_id"),
        (pl.lit(field) if isinstance(field, str) else field).alias("field"),
        value.cast(pl.Float64).alias("value"),
        pl.lit(rule).alias("rule"),
        pl.concat_str(evidence).alias("evidence"),
    )


def _n() -> pl.Expr:
    """N in 6·N·D: active parameters (equal to the total for dense models)."""
    return pl.coalesce(
        "params_active", pl.when(pl.col("architecture") != "moe").then("params_total")
    )


def six_nd_mismatch(models: pl.DataFrame) -> pl.DataFrame:
    """`6nd_mismatch`: compute whose method is `6ND` but which is not 6·N·D of the resolved
    active parameters and training tokens within 15 %."""
    c6 = 6.0 * _n() * pl.col("training_tokens")
    rows = models.filter(
        (pl.col("compute_method") == "6ND")
        & c6.is_not_null()
        & pl.col("training_compute_flop").is_not_null()
    ).with_columns(c6.alias("_c6"), (pl.col("training_compute_flop") / c6).alias("_ratio"))
    rows = rows.filter((pl.col("_ratio") - 1).abs() > SIX_ND_TOLERANCE)
    return _rows(
        rows,
        "6nd_mismatch",
        "training_compute_flop",
        pl.col("training_compute_flop"),
        _sentence(
            "compute {c} FLOP is labelled 6ND, but 6 x {n} params x {d} tokens = {c6} FLOP "
            "({ratio}x); the compute implies {implied} tokens.",
            c=_g(pl.col("training_compute_flop")),
            n=_g(_n()),
            d=_g(pl.col("training_tokens")),
            c6=_g(pl.col("_c6")),
            ratio=_g(pl.col("_ratio")),
            implied=_g(pl.col("training_compute_flop") / (6.0 * _n())),
        ),
    )


def compute_vs_6nd(models: pl.DataFrame) -> pl.DataFrame:
    """`compute_vs_6nd`: a dense pre-trained model (no base model) whose compute, by a method
    other than 6ND, is more than 10x away from 6·N·D, either way."""
    c6 = 6.0 * pl.col("params_total") * pl.col("training_tokens")
    rows = models.filter(
        (pl.col("architecture") == "dense")
        & pl.col("base_model_id").is_null()
        & (pl.col("compute_method").fill_null("") != "6ND")
        & c6.is_not_null()
        & pl.col("training_compute_flop").is_not_null()
    ).with_columns(c6.alias("_c6"), (pl.col("training_compute_flop") / c6).alias("_ratio"))
    rows = rows.filter(
        (pl.col("_ratio") > COMPUTE_FACTOR) | (pl.col("_ratio") < 1 / COMPUTE_FACTOR)
    )
    return _rows(
        rows,
        "compute_vs_6nd",
        "training_compute_flop",
        pl.col("training_compute_flop"),
        _sentence(
            "compute {c} FLOP ({method}) is {ratio}x 6 x {n} params x {d} tokens = {c6} FLOP "
            "for a dense pre-trained model (more than 10x either way).",
            c=_g(pl.col("training_compute_flop")),
            method=pl.col("compute_method").fill_null("method unknown"),
            ratio=_g(pl.col("_ratio")),
            n=_g(pl.col("params_total")),
            d=_g(pl.col("training_tokens")),
            c6=_g(pl.col("_c6")),
        ),
    )


def epoch_rows(*snapshots: tuple[str, pl.DataFrame]) -> pl.DataFrame:
    """Epoch's raw rows (source, Model, dataset size, Epochs and the three notes columns) of
    each (source, `raw_epoch_models_*` frame) given."""
    cols = [
        "Model",
        "Training dataset size (datapoints)",
        "Epochs",
        "Dataset size notes",
        "Training compute notes",
        "Parameters notes",
    ]
    parts = []
    for source, frame in snapshots:
        frame = frame.rename({"System": "Model"}) if "System" in frame.columns else frame
        for c in cols:
            if c not in frame.columns:
                frame = frame.with_columns(pl.lit(None, dtype=pl.String).alias(c))
        parts.append(frame.select(pl.lit(source).alias("source"), *[pl.col(c) for c in cols]))
    return pl.concat(parts).unique(["source", "Model"], keep="first")


def _epoch_backed(
    models: pl.DataFrame, claims: pl.DataFrame, epoch: pl.DataFrame, field: str
) -> pl.DataFrame:
    """Each model's resolved `field` joined to the Epoch row whose claim gave that value
    (newest snapshot first)."""
    backing = (
        claims.filter(pl.col("field") == field, pl.col("source").is_in(EPOCH_SOURCES))
        .select("model_id", "source", pl.col("source_record").alias("Model"), "value")
        .join(models.select("model_id", pl.col(field).alias("_resolved")), on="model_id")
        .filter((pl.col("value") - pl.col("_resolved")).abs() <= 1e-9 * pl.col("_resolved"))
        .sort("model_id", "source", descending=[False, True])
        .unique("model_id", keep="first", maintain_order=True)
    )
    return backing.join(epoch, on=["source", "Model"], how="inner")


def implausible_epochs(
    models: pl.DataFrame, claims: pl.DataFrame, epoch: pl.DataFrame
) -> pl.DataFrame:
    """`implausible_epochs`: training tokens that Epoch's dataset size times its `Epochs` gave
    (see upstream/epoch/claims.py `tokens_seen`), with more than 50 epochs."""
    rows = _epoch_backed(models, claims, epoch, "training_tokens").with_columns(
        pl.col("Epochs").cast(pl.Float64, strict=False).alias("_epochs"),
        pl.col("Training dataset size (datapoints)").cast(pl.Float64, strict=False).alias("_size"),
    )
    rows = rows.filter(pl.col("_epochs") > MAX_EPOCHS)
    return _rows(
        rows,
        "implausible_epochs",
        "training_tokens",
        pl.col("value"),
        _sentence(
            "training tokens {d} = Epoch's dataset size {size} x Epochs {epochs} ({model}, "
            "{source}); more than 50 passes over a pre-training corpus is implausible.",
            d=_g(pl.col("value")),
            size=_g(pl.col("_size")),
            epochs=_g(pl.col("_epochs")),
            model=pl.col("Model"),
            source=pl.col("source"),
        ),
    )


def implausible_tokens_per_param(models: pl.DataFrame) -> pl.DataFrame:
    """`implausible_tokens_per_param`: training tokens per (active) parameter below 0.1 or
    above 100,000."""
    low, high = TOKENS_PER_PARAM
    ratio = pl.col("training_tokens") / _n()
    rows = models.with_columns(ratio.alias("_ratio")).filter(
        (pl.col("_ratio") < low) | (pl.col("_ratio") > high)
    )
    return _rows(
        rows,
        "implausible_tokens_per_param",
        "training_tokens",
        pl.col("training_tokens"),
        _sentence(
            "{d} training tokens for {n} (active) parameters = {ratio} tokens per parameter, "
            "outside the plausible 0.1-100,000 ({architecture}).",
            d=_g(pl.col("training_tokens")),
            n=_g(_n()),
            ratio=_g(pl.col("_ratio")),
            architecture=pl.col("architecture"),
        ),
    )


def finetune_before_base(models: pl.DataFrame) -> pl.DataFrame:
    """`finetune_before_base`: a model released before the base model it was fine-tuned from."""
    base = models.select(
        pl.col("model_id").alias("base_model_id"), pl.col("release_date").alias("_base_date")
    )
    rows = (
        models.filter(pl.col("base_model_id").is_not_null(), pl.col("release_date").is_not_null())
        .join(base, on="base_model_id")
        .filter(pl.col("release_date") < pl.col("_base_date"))
    )
    return _rows(
        rows,
        "finetune_before_base",
        "release_date",
        pl.lit(None, dtype=pl.Float64),
        _sentence(
            "released {released}, before its base model {base} ({base_released}).",
            released=pl.col("release_date").cast(pl.String),
            base=pl.col("base_model_id"),
            base_released=pl.col("_base_date").cast(pl.String),
        ),
    )


def identical_base_instruct_scores(
    models: pl.DataFrame, benchmark_scores: pl.DataFrame
) -> pl.DataFrame:
    """`identical_base_instruct_scores`: a fine-tune and its base model with the very same score
    on the same benchmark and shots — one was likely copied onto the other. Both rows are
    flagged: which one is the copy needs a look at the sources."""
    pairs = models.filter(pl.col("base_model_id").is_not_null()).select("model_id", "base_model_id")
    scores = benchmark_scores.select("model_id", "benchmark", "shots", "score")
    same = (
        pairs.join(scores, on="model_id")
        .join(
            scores.rename({"model_id": "base_model_id", "score": "_base_score"}),
            on=["base_model_id", "benchmark", "shots"],
        )
        .filter((pl.col("score") - pl.col("_base_score")).abs() < 1e-9)
    )
    evidence = _sentence(
        "{benchmark} ({shots}-shot) {score} % for both the fine-tune {model} and its base "
        "{base}: one was likely copied onto the other.",
        benchmark=pl.col("benchmark"),
        shots=pl.col("shots").cast(pl.String),
        score=pl.col("score").round(2).cast(pl.String),
        model=pl.col("model_id"),
        base=pl.col("base_model_id"),
    )
    return pl.concat(
        [
            _rows(
                same,
                "identical_base_instruct_scores",
                pl.col("benchmark"),
                pl.col("score"),
                evidence,
            ),
            _rows(
                same.with_columns(pl.col("base_model_id").alias("model_id")),
                "identical_base_instruct_scores",
                pl.col("benchmark"),
                pl.col("score"),
                evidence,
            ),
        ]
    ).unique(["model_id", "field"], keep="first", maintain_order=True)
