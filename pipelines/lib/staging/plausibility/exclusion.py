"""What fits and rankings see: values not resolved as right set to null."""

from __future__ import annotations

import polars as pl

from pipelines.lib.staging.plausibility.rules import EXCLUDED_STATUSES


def excluded(suspicious_values: pl.DataFrame) -> pl.DataFrame:
    """(model_id, field) pairs kept out of fits and rankings: unresolved or erratum."""
    return (
        suspicious_values.filter(pl.col("status").is_in(EXCLUDED_STATUSES))
        .select("model_id", "field")
        .unique()
    )


def without_suspicious(models: pl.DataFrame, suspicious_values: pl.DataFrame) -> pl.DataFrame:
    """`models` with every excluded (model, field) value set to null, so no fit or ranking
    uses it (the model stays for its other values). A suspicious `params_total` nulls the
    active count of a dense model too (it is the same number); a suspicious compute nulls
    its method."""
    out = models
    pairs = excluded(suspicious_values)
    for field in pairs["field"].unique().to_list():
        if field not in out.columns:
            continue
        ids = pairs.filter(pl.col("field") == field)["model_id"].implode()
        hit = pl.col("model_id").is_in(ids)
        nulls = [field]
        if field == "params_total":
            nulls.append("params_active")
        if field == "training_compute_flop" and "compute_method" in out.columns:
            nulls.append("compute_method")
        if field == "params_active" and "params_active_method" in out.columns:
            nulls.append("params_active_method")
        out = out.with_columns(
            [pl.when(hit).then(None).otherwise(pl.col(c)).alias(c) for c in nulls]
        )
    return out


def scores_without_suspicious(
    benchmark_scores: pl.DataFrame, suspicious_values: pl.DataFrame
) -> pl.DataFrame:
    """`benchmark_scores` less the excluded (model, benchmark) scores."""
    pairs = excluded(suspicious_values).rename({"field": "benchmark"})
    return benchmark_scores.join(pairs, on=["model_id", "benchmark"], how="anti")
