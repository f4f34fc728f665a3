"""Capability against scale: the sigmoid fits of MMLU against parameters and compute
(`capability_fits`, `capability_curves`) and the emergence view (`emergence_points`).

Plain functions over polars frames; the maths lives in `fits.py`.
"""

from __future__ import annotations

import polars as pl

from pipelines.lib.tables import CapabilityCurvesSchema, CapabilityFitsSchema, dtypes_of
from pipelines.lib.trends import fits
from pipelines.lib.trends.defaults import (
    SEED,
    SIGMOID_BOOTSTRAP,
)

# Chance level of each benchmark's format (answer choices), for the emergence view.
CHANCE_PCT = {
    "mmlu": 25.0,
    "arc_c": 25.0,
    "hellaswag": 25.0,
    "winogrande": 50.0,
    "gsm8k": 0.0,
    "humaneval": 0.0,
    "math": 0.0,
    "math_lvl5": 0.0,
    "mmlu_pro": 10.0,  # ten options per question (Wang et al. 2024, arXiv:2406.01574)
    "gpqa": 25.0,  # four options
}


# MMLU reference lines (Hendrycks et al. 2021, arXiv:2009.03300):
# random guessing 25 %, non-expert humans ~35 %, estimated expert level ~90 %.
MMLU_REFERENCE_LINES = {
    "random": 25.0,
    "non-expert human (~35%)": 35.0,
    "expert human (~90%)": 90.0,
}


def capability_inputs(models: pl.DataFrame, sources: pl.DataFrame) -> pl.DataFrame:
    """MMLU (5-shot) with log10 compute and log10 params, and the compute source's confidence."""
    conf = sources.filter(pl.col("field") == "training_compute_flop").select(
        "model_id", pl.col("confidence").alias("compute_confidence")
    )
    return (
        models.filter(pl.col("mmlu").is_not_null())
        .join(conf, on="model_id", how="left")
        .select(
            "model_id",
            "name",
            "organization",
            "mmlu",
            pl.col("training_compute_flop").log10().alias("log10_compute"),
            pl.col("params_total").log10().alias("log10_params"),
            "compute_confidence",
        )
    )


def capability_fits(
    inputs: pl.DataFrame,
    n_bootstrap: int = SIGMOID_BOOTSTRAP,
    seed: int = SEED,
    min_group_points: int = 12,
) -> tuple[pl.DataFrame, pl.DataFrame]:
    """Sigmoid of MMLU (floor 25 %, ceiling 100 %) against log10 compute and log10 params:
    overall, excluding Speculative compute, and per organisation with enough points.
    Returns (fits, curves with 95 % bands)."""
    rows, curves = [], []
    specs: list[tuple[str, str, str, pl.Expr]] = []
    for x in ("log10_compute", "log10_params"):
        specs.append((x, "all", "all", pl.lit(True)))
        if x == "log10_compute":
            specs.append(
                (
                    x,
                    "all",
                    "excluding speculative",
                    pl.col("compute_confidence").fill_null("") != "Speculative",
                )
            )
        orgs = (
            inputs.filter(pl.col(x).is_not_null())
            .group_by("organization")
            .len()
            .filter(pl.col("len") >= min_group_points)["organization"]
            .sort()
            .to_list()
        )
        specs += [(x, org, "all", pl.col("organization") == org) for org in orgs]
    for x, group, conf, keep in specs:
        data = inputs.filter(keep & pl.col(x).is_not_null())
        base = {"x_variable": x, "group": group, "confidence_filter": conf, "n_points": data.height}
        try:
            fit = fits.fit_sigmoid(
                data[x].to_numpy(), data["mmlu"].to_numpy(), n_bootstrap=n_bootstrap, seed=seed
            )
        except ValueError as exc:
            rows.append({**base, "status": f"not fitted: {exc}"})
            continue
        rows.append(
            {
                **base,
                "status": "fitted",
                "k": fit.k,
                "k_ci_low": fit.ci["k"][0],
                "k_ci_high": fit.ci["k"][1],
                "x0": fit.x0,
                "x0_ci_low": fit.ci["x0"][0],
                "x0_ci_high": fit.ci["x0"][1],
                "floor_pct": fit.floor,
                "ceiling_pct": fit.ceiling,
            }
        )
        curves.append(
            fit.curve(n_grid=60).with_columns(
                pl.lit(x).alias("x_variable"),
                pl.lit(group).alias("group"),
                pl.lit(conf).alias("confidence_filter"),
            )
        )
    table = pl.DataFrame(rows, schema=dtypes_of(CapabilityFitsSchema))
    curve = (
        pl.concat(curves) if curves else pl.DataFrame(schema=dtypes_of(CapabilityCurvesSchema))
    ).select(
        "x_variable",
        "group",
        "confidence_filter",
        "x",
        "score_pct",
        "score_pct_lower",
        "score_pct_upper",
    )
    return table, curve


def emergence_points(models: pl.DataFrame, scores: pl.DataFrame) -> pl.DataFrame:
    """Per benchmark: score against training compute, with the format's chance level."""
    chance = pl.DataFrame({"benchmark": list(CHANCE_PCT), "chance_pct": list(CHANCE_PCT.values())})
    return (
        scores.join(
            models.select(
                "model_id",
                "name",
                "organization",
                "release_date",
                "training_compute_flop",
                "params_total",
            ),
            on="model_id",
        )
        .filter(pl.col("training_compute_flop").is_not_null())
        # a score whose source states no shot count has no comparable protocol
        .filter(pl.col("shots").is_not_null())
        .join(chance, on="benchmark", how="left")
        .select(
            "benchmark",
            "model_id",
            "name",
            "organization",
            "release_date",
            "training_compute_flop",
            "params_total",
            "score",
            "shots",
            "chance_pct",
            "source",
        )
        .sort("benchmark", "training_compute_flop")
    )
