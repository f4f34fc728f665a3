"""Frontiers: which releases, at their date, became the smallest model to reach a benchmark
threshold (`frontier_smallest_model`), and the cheapest to reach an MMLU score through an API
(`cost_frontier`, `cost_trend`). The same functions answer the dashboard for any other
threshold, benchmark or filtered subset.
"""

from __future__ import annotations

import polars as pl

from pipelines.lib.trends.defaults import (
    SEED,
    TREND_BOOTSTRAP,
)
from pipelines.lib.trends.trend_lines import TREND_SCHEMA, trend_row

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


def blended_price(models: pl.DataFrame) -> pl.Expr:
    """3:1 input:output blend, USD per 1M tokens (the common convention)."""
    return (
        3 * pl.col("price_usd_per_1m_input_tokens") + pl.col("price_usd_per_1m_output_tokens")
    ) / 4


def cost_frontier(
    models: pl.DataFrame,
    thresholds: tuple[float, ...] = (50, 60, 70, 80),
    n_bootstrap: int = TREND_BOOTSTRAP,
    seed: int = SEED,
) -> tuple[pl.DataFrame, pl.DataFrame]:
    """Cheapest API price (3:1 blended) at or above an MMLU threshold over time: record-holders
    by release date, and the fold decrease per year. Each model is priced as `models` gives it:
    pass `prices.prices_at_release(models, claims)` so that every point is the price in force at
    its release (its date in `price_as_of_date`) and the fold per year compares like with like."""
    priced = (
        models.filter(
            pl.col("mmlu").is_not_null()
            & pl.col("price_usd_per_1m_input_tokens").is_not_null()
            & pl.col("price_usd_per_1m_output_tokens").is_not_null()
        )
        .select(
            "model_id",
            "name",
            "organization",
            "release_date",
            pl.col("mmlu").alias("score"),
            blended_price(models).alias("params"),
            "price_as_of_date",
            pl.lit(None, dtype=pl.String).alias("source"),
            pl.lit(None, dtype=pl.String).alias("params_source"),
        )
        .with_columns(
            pl.col("params").alias("params_total"), pl.col("params").alias("params_active")
        )
    )
    records = [
        smallest_model_frontier(priced.filter(pl.col("params") > 0), "mmlu", t, "total")
        for t in thresholds
    ]
    table = (
        (pl.concat(records) if records else pl.DataFrame())
        .rename({"params": "price_usd_per_1m_blended"})
        .drop("basis", "source", "params_source")
    )
    if table.height:
        table = table.join(priced.select("model_id", "price_as_of_date"), on="model_id", how="left")
    trend_rows = []
    for (threshold,), group in table.group_by(["threshold"], maintain_order=True):
        row = trend_row(
            {
                "series": f"cheapest at MMLU >= {threshold:.0f}%",
                "metric": "price_usd_per_1m_blended",
                "since": None,
                "reference": "3:1 blended input:output price",
            },
            group["release_date"],
            group["price_usd_per_1m_blended"],
            n_bootstrap,
            seed,
        )
        row.pop("_fit", None)
        trend_rows.append(row)
    return table, pl.DataFrame(trend_rows, schema=TREND_SCHEMA)
