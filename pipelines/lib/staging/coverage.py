"""Coverage of the `models` table by field and release year, against the data-set targets."""

from __future__ import annotations

import polars as pl

# The Atlas's coverage targets (language models only): how many models should have each field.
TARGETS = {
    "models": 900,
    "params+tokens+compute": 450,
    "mmlu": 250,
    "price+context": 150,
    "suspicious_unresolved_in_rankings": 0,
    "primary_source_records": 150,
    "mmlu_or_mmlu_pro_2025": 60,
}
# Targets that are ceilings (at most), not floors.
CEILINGS = ("suspicious_unresolved_in_rankings",)

# Models a ranking would rank: an MMLU score and parameters (frontier), or parameters and
# training tokens (compute-optimal).
RANKABLE = (pl.col("mmlu").is_not_null() & pl.col("params_total").is_not_null()) | (
    pl.col("params_total").is_not_null() & pl.col("training_tokens").is_not_null()
)

FIELDS = {
    "models": pl.lit(True),
    # Overall only: per release year it is 100 % by construction.
    "release_date": pl.col("release_date").is_not_null(),
    "params_total": pl.col("params_total").is_not_null(),
    "params_active": pl.col("params_active").is_not_null(),
    "training_tokens": pl.col("training_tokens").is_not_null(),
    "training_compute_flop": pl.col("training_compute_flop").is_not_null(),
    "params+tokens+compute": pl.all_horizontal(
        pl.col(c).is_not_null()
        for c in ("params_total", "training_tokens", "training_compute_flop")
    ),
    "mmlu": pl.col("mmlu").is_not_null(),
    "context_window": pl.col("context_window").is_not_null(),
    "price_usd_per_1m_input_tokens": pl.col("price_usd_per_1m_input_tokens").is_not_null(),
    "price+context": pl.col("price_usd_per_1m_input_tokens").is_not_null()
    & pl.col("context_window").is_not_null(),
    "training_cost_usd": pl.col("training_cost_usd").is_not_null(),
    "moe": pl.col("architecture") == "moe",
    "moe_with_active": (pl.col("architecture") == "moe") & pl.col("params_active").is_not_null(),
}


def suspicious_rows(models: pl.DataFrame, suspicious_values: pl.DataFrame) -> pl.DataFrame:
    """Overall rows (year null): models with a suspicious value, and rankable models with an
    unresolved one (target zero)."""
    flagged = suspicious_values["model_id"].unique().implode()
    unresolved = suspicious_values.filter(pl.col("status") == "unresolved")["model_id"]
    rankable = models.filter(RANKABLE)
    return pl.DataFrame(
        {
            "field": ["suspicious_values", "suspicious_unresolved_in_rankings"],
            "year": [None, None],
            "models": [models.height, rankable.height],
            "with_value": [
                models.filter(pl.col("model_id").is_in(flagged)).height,
                rankable.filter(pl.col("model_id").is_in(unresolved.unique().implode())).height,
            ],
        },
        schema={"field": pl.String, "year": pl.Int32, "models": pl.UInt32, "with_value": pl.UInt32},
    )


# A maker's own publication on GitHub, cited at a commit (the primary-source sweep).
PRIMARY_CITATION = r"^https://github\.com/[^/]+/[^/]+/(blob|commit)/[0-9a-f]{40}"


def primary_source_rows(
    models: pl.DataFrame, sources: pl.DataFrame, scores: pl.DataFrame
) -> pl.DataFrame:
    """Overall rows of the primary-source sweep: curated records citing a maker's repository at
    a commit (target 150); releases dated 2025 or later with a cited 5-shot MMLU or an MMLU-Pro
    score (target 60); models under 8B released 2024-06..2026-11 with a cited 5-shot MMLU of at
    least 50 % (no target: every such model the makers report should be here)."""
    primary = sources.filter(
        (pl.col("source") == "curated") & pl.col("citation").str.contains(PRIMARY_CITATION)
    )["model_id"].unique()
    recent = models.filter(pl.col("release_date") >= pl.date(2025, 1, 1))
    scored = scores.filter(
        ((pl.col("benchmark") == "mmlu") & (pl.col("shots") == 5))
        | (pl.col("benchmark") == "mmlu_pro")
    )["model_id"].unique()
    window = models.filter(
        pl.col("release_date").is_between(pl.date(2024, 6, 1), pl.date(2026, 11, 30))
        & (pl.col("params_total") < 8e9)
    )
    return pl.DataFrame(
        {
            "field": ["primary_source_records", "mmlu_or_mmlu_pro_2025", "small_models_mmlu_50"],
            "year": [None, None, None],
            "models": [models.height, recent.height, window.height],
            "with_value": [
                models.filter(pl.col("model_id").is_in(primary.implode())).height,
                recent.filter(pl.col("model_id").is_in(scored.implode())).height,
                window.filter(pl.col("mmlu") >= 50).height,
            ],
        },
        schema={"field": pl.String, "year": pl.Int32, "models": pl.UInt32, "with_value": pl.UInt32},
    )


def coverage(
    models: pl.DataFrame,
    suspicious_values: pl.DataFrame | None = None,
    sources: pl.DataFrame | None = None,
    scores: pl.DataFrame | None = None,
) -> pl.DataFrame:
    flags = models.select(
        pl.col("release_date").dt.year().alias("year"),
        *[expr.alias(name) for name, expr in FIELDS.items()],
    )
    long = flags.unpivot(index="year", variable_name="field", value_name="has")
    per_year = (
        long.filter(pl.col("year").is_not_null() & (pl.col("field") != "release_date"))
        .group_by("field", "year")
        .agg(pl.len().alias("models"), pl.col("has").sum().alias("with_value"))
    )
    overall = long.group_by("field").agg(
        pl.lit(None, dtype=pl.Int32).alias("year"),
        pl.len().alias("models"),
        pl.col("has").sum().alias("with_value"),
    )
    targets = pl.DataFrame({"field": list(TARGETS), "target": list(TARGETS.values())})
    parts = [overall.select(per_year.columns), per_year]
    if suspicious_values is not None:
        parts.append(suspicious_rows(models, suspicious_values).select(per_year.columns))
    if sources is not None and scores is not None:
        parts.append(primary_source_rows(models, sources, scores).select(per_year.columns))
    out = pl.concat(parts, how="vertical_relaxed").join(targets, on="field", how="left")
    return out.select(
        "field",
        pl.col("year").cast(pl.Int64),
        pl.col("models").cast(pl.Int64),
        pl.col("with_value").cast(pl.Int64),
        (pl.col("with_value") / pl.col("models")).alias("share"),
        pl.when(pl.col("year").is_null())
        .then(pl.col("target"))
        .otherwise(None)
        .cast(pl.Int64)
        .alias("target"),
    ).sort("field", "year", nulls_last=False)
