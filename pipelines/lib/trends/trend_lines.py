"""Derived trends, as plain functions over polars frames (the Dagster layer only calls them)."""

from __future__ import annotations

import polars as pl

CHINCHILLA_TOKENS_PER_PARAM = 20.0  # Hoffmann et al. 2022, arXiv:2203.15556 (~20 tokens/param)
FRONTIER_THRESHOLDS = (50.0, 60.0, 70.0, 80.0)
BASES = ("total", "active")

FRONTIER_COLUMNS = [
    "benchmark",
    "threshold",
    "basis",
    "model_id",
    "name",
    "organization",
    "release_date",
    "params",
    "score",
    "source",
    "params_source",
]


def smallest_model_frontier(
    scores: pl.DataFrame, benchmark: str, threshold: float, basis: str
) -> pl.DataFrame:
    """Record-holders: each release that, at its date, became the smallest model scoring at or
    above `threshold`.

    `scores` has model_id, name, organization, release_date, params_total, params_active, score,
    source, params_source. Same-day releases are taken smallest first, so only the smallest of a
    day can set the record; a tie with the standing record is not a new record.
    """
    if basis not in BASES:
        raise ValueError(f"basis must be one of {BASES}, got {basis!r}")
    column = "params_total" if basis == "total" else "params_active"
    qualifying = (
        scores.filter(
            pl.col("score") >= threshold,
            pl.col(column).is_not_null(),
            pl.col("release_date").is_not_null(),
        )
        .with_columns(pl.col(column).alias("params"))
        .sort(["release_date", "params", "model_id"])
    )
    record = qualifying.with_columns(
        pl.col("params").cum_min().shift(1).alias("_previous_best")
    ).filter(pl.col("_previous_best").is_null() | (pl.col("params") < pl.col("_previous_best")))
    return record.select(
        pl.lit(benchmark).alias("benchmark"),
        pl.lit(float(threshold)).alias("threshold"),
        pl.lit(basis).alias("basis"),
        *FRONTIER_COLUMNS[3:],
    )


EXCLUDED_PARAM_CONFIDENCE = ("Speculative",)


def mmlu_frontier_inputs(models: pl.DataFrame, sources: pl.DataFrame) -> pl.DataFrame:
    """MMLU 5-shot scores joined to the parameter counts and their citations.

    Parameter counts the source itself labels Speculative (leaks and guesses, e.g. Epoch's 20B
    for GPT-3.5 Turbo) cannot set a "smallest model" record and are left out.
    """
    cite = sources.select("model_id", "field", "citation", "confidence")
    score_src = cite.filter(pl.col("field") == "mmlu").select(
        "model_id", pl.col("citation").alias("source")
    )
    params_src = cite.filter(pl.col("field") == "params_total").select(
        "model_id",
        pl.col("citation").alias("params_source"),
        pl.col("confidence").alias("_params_confidence"),
    )
    return (
        models.filter(pl.col("mmlu").is_not_null())
        .select(
            "model_id",
            "name",
            "organization",
            "release_date",
            "params_total",
            "params_active",
            pl.col("mmlu").alias("score"),
        )
        .join(score_src, on="model_id", how="left")
        .join(params_src, on="model_id", how="left")
        .filter(~pl.col("_params_confidence").is_in(EXCLUDED_PARAM_CONFIDENCE).fill_null(False))
        .drop("_params_confidence")
    )


def frontier_table(
    inputs: pl.DataFrame,
    benchmark: str = "mmlu",
    thresholds: tuple[float, ...] = FRONTIER_THRESHOLDS,
) -> pl.DataFrame:
    parts = [
        smallest_model_frontier(inputs, benchmark, t, basis) for basis in BASES for t in thresholds
    ]
    return pl.concat(parts) if parts else pl.DataFrame(schema=FRONTIER_COLUMNS)


def compute_optimal(models: pl.DataFrame) -> pl.DataFrame:
    """Per model: tokens per (active) parameter, its ratio to Chinchilla's 20, and the
    C ≈ 6·N·D estimate against the cited compute (Kaplan et al. 2020, eq. 2.1)."""
    n = pl.col("params_active")
    d = pl.col("training_tokens")
    c6 = 6.0 * n * d
    return models.select(
        "model_id",
        "name",
        "release_date",
        "architecture",
        "params_total",
        "params_active",
        "training_tokens",
        (d / n).alias("tokens_per_param"),
        (d / n / CHINCHILLA_TOKENS_PER_PARAM).alias("chinchilla_ratio"),
        c6.alias("compute_6nd_flop"),
        "training_compute_flop",
        "compute_method",
        (c6 / pl.col("training_compute_flop")).alias("compute_6nd_to_reported_ratio"),
    ).sort("release_date", "model_id")
