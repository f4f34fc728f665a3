"""Scaling-law analysis tables: compute-optimal allocation, fitted laws, trends with intervals.

Plain functions over polars frames; the maths lives in `scaling.py` and `fits.py`. Every fitted
number carries its interval and the number of points behind it; fits that lack points are
reported (a row with `status` and `n_points`) rather than silently skipped.
"""

from __future__ import annotations

import hashlib
import math
import os
from pathlib import Path

import polars as pl

from pipelines.lib import fits, scaling
from pipelines.lib.trends import smallest_model_frontier

BESIROGLU_2024 = "https://arxiv.org/abs/2404.10102"
# Published 95% intervals quoted in the analysis issue (Besiroglu et al. 2024, Table 1).
BESIROGLU_INTERVALS = {"alpha": (0.317, 0.373), "beta": (0.331, 0.415)}
EPOCH_COMPUTE_GROWTH = (
    "https://epoch.ai/blog/training-compute-of-frontier-ai-models-grows-by-4-5x-per-year"
)
DENSING_LAW = "https://arxiv.org/abs/2412.04315"
DENSING_DOUBLING_MONTHS = 3.3  # capability density doubles ~every 3.3 months (Xiao et al. 2024)

SIZE_CLASSES = (  # (name, lower bound inclusive, upper bound exclusive), in parameters
    ("Tiny", 0.0, 1e9),
    ("Small", 1e9, 10e9),
    ("Medium", 10e9, 70e9),
    ("Large", 70e9, 200e9),
    ("Massive", 200e9, math.inf),
)
BYTES_PER_PARAM = {"fp16": 2.0, "int8": 1.0, "int4": 0.5}
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
# MMLU reference lines as the analysis issue states them (Hendrycks et al. 2021, arXiv:2009.03300):
# random guessing 25 %, non-expert humans ~35 %, estimated expert level ~90 %.
MMLU_REFERENCE_LINES = {
    "random": 25.0,
    "non-expert human (~35%)": 35.0,
    "expert human (~90%)": 90.0,
}


# --------------------------------------------------------------------------- allocation


def allocation(refit: scaling.ParametricFit | None = None) -> pl.DataFrame:
    rules = list(scaling.ALLOCATION_RULES)
    if refit is not None:
        rules.append(refit)
    return scaling.allocation_table(fits=rules)


REFIT_ID = "atlas_refit_2026"


def refit_chinchilla(
    runs: Path, n_bootstrap: int, seed: int = 42, cache_dir: Path | None = None
) -> tuple[pl.DataFrame, scaling.ParametricFit]:
    """The Chinchilla refit as (`scaling_law_fits` table, fit for the allocation), cached on
    disk by the runs file's sha256, the bootstrap size and the seed: the fit is deterministic,
    and a rebuild with unchanged inputs should not recompute it. Multi-start from
    `fits.REFIT_INIT_GRID` (108 starts, same optimum as Besiroglu's 4500); the bootstrap
    refits start from the full-data optimum."""
    grid = fits.REFIT_INIT_GRID
    key = (
        hashlib.sha256(
            runs.read_bytes() + repr(grid).encode() + Path(fits.__file__).read_bytes()
        ).hexdigest()[:16]
        + f"-{n_bootstrap}-{seed}"
    )
    table_path = cache_dir / f"chinchilla_refit-{key}.parquet" if cache_dir else None
    if table_path is not None and table_path.exists():
        table = pl.read_parquet(table_path)
    else:
        with fits.single_threaded_scipy_blas():
            refit = fits.fit_chinchilla_loss(
                runs, n_bootstrap=n_bootstrap, seed=seed, init_grid=grid
            )
        table = scaling_law_table(refit)
        if table_path is not None:
            table_path.parent.mkdir(parents=True, exist_ok=True)
            tmp = table_path.with_suffix(".tmp")
            table.write_parquet(tmp)
            os.replace(tmp, table_path)
    point = dict(zip(table["parameter"], table["estimate"], strict=True))
    fit = scaling.ParametricFit(
        fit_id=REFIT_ID,
        E=point["E"],
        A=point["A"],
        B=point["B"],
        alpha=point["alpha"],
        beta=point["beta"],
        citation="Refit of Epoch AI's Chinchilla data following arXiv:2404.10102 (Scaling Atlas)",
    )
    return table, fit


def compute_optimal_by_fit(models: pl.DataFrame) -> pl.DataFrame:
    """Per model (with N and D) and per fit: the compute-optimal model of the same budget and
    the over-training factor (1 = compute-optimal, > 1 = more tokens per parameter)."""
    have = models.filter(
        pl.col("params_active").is_not_null() & pl.col("training_tokens").is_not_null()
    )
    ext = scaling.compute_optimal_extension(
        have.select("model_id", "params_active", "training_tokens")
    )
    return (
        ext.join(have.select("model_id", "name", "release_date"), on="model_id")
        .select(
            "model_id",
            "name",
            "release_date",
            "fit",
            "budget_flop",
            "params_opt",
            "tokens_opt",
            "over_training_factor",
        )
        .sort("release_date", "model_id", "fit")
    )


# --------------------------------------------------------------------------- fitted laws


def scaling_law_table(refit: fits.ChinchillaLossFit) -> pl.DataFrame:
    """Our refit next to Besiroglu et al.'s published estimates and intervals."""
    published = next(f for f in scaling.ALLOCATION_RULES if f.fit_id == "besiroglu_2024")
    ours = refit.table().with_columns(pl.lit(REFIT_ID).alias("fit"))
    pub_point = {
        "E": published.E,
        "A": published.A,
        "B": published.B,
        "alpha": published.alpha,
        "beta": published.beta,
        "params_exponent": published.beta / (published.alpha + published.beta),
    }
    return ours.with_columns(
        pl.col("parameter")
        .replace_strict(pub_point, default=None, return_dtype=pl.Float64)
        .alias("published_estimate"),
        pl.col("parameter")
        .replace_strict(
            {k: v[0] for k, v in BESIROGLU_INTERVALS.items()}, default=None, return_dtype=pl.Float64
        )
        .alias("published_ci_low"),
        pl.col("parameter")
        .replace_strict(
            {k: v[1] for k, v in BESIROGLU_INTERVALS.items()}, default=None, return_dtype=pl.Float64
        )
        .alias("published_ci_high"),
        pl.lit(refit.n_bootstrap, dtype=pl.Int64).alias("n_bootstrap"),
        pl.lit(refit.n_excluded, dtype=pl.Int64).alias("n_excluded"),
        pl.lit(BESIROGLU_2024).alias("citation"),
    ).select(
        "fit",
        "parameter",
        "estimate",
        "ci_low",
        "ci_high",
        "n_points",
        "n_excluded",
        "n_bootstrap",
        "published_estimate",
        "published_ci_low",
        "published_ci_high",
        "citation",
    )


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
    inputs: pl.DataFrame, n_bootstrap: int = 300, seed: int = 42, min_group_points: int = 12
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
    schema = {
        "x_variable": pl.String,
        "group": pl.String,
        "confidence_filter": pl.String,
        "n_points": pl.Int64,
        "status": pl.String,
        "k": pl.Float64,
        "k_ci_low": pl.Float64,
        "k_ci_high": pl.Float64,
        "x0": pl.Float64,
        "x0_ci_low": pl.Float64,
        "x0_ci_high": pl.Float64,
        "floor_pct": pl.Float64,
        "ceiling_pct": pl.Float64,
    }
    table = pl.DataFrame(rows, schema=schema)
    curve = (
        pl.concat(curves)
        if curves
        else pl.DataFrame(
            schema={
                "x": pl.Float64,
                "score_pct": pl.Float64,
                "score_pct_lower": pl.Float64,
                "score_pct_upper": pl.Float64,
                "x_variable": pl.String,
                "group": pl.String,
                "confidence_filter": pl.String,
            }
        )
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


# --------------------------------------------------------------------------- trends


def _trend_row(
    label: dict, dates: pl.Series, values: pl.Series, n_bootstrap: int, seed: int
) -> dict:
    try:
        fit = fits.fit_exponential_trend(dates, values, n_bootstrap=n_bootstrap, seed=seed)
    except ValueError as exc:
        return {**label, "n_points": len(values), "status": f"not fitted: {exc}"}
    return {
        **label,
        "n_points": fit.n_points,
        "status": "fitted",
        "fold_change_per_year": fit.fold_change_per_year,
        "fold_ci_low": fit.fold_change_ci[0],
        "fold_ci_high": fit.fold_change_ci[1],
        "doubling_time_months": _nan_to_none(fit.doubling_time_months),
        "halving_time_months": _nan_to_none(fit.halving_time_months),
        "time_ci_low_months": _nan_to_none(min(_finite_pair(fit))),
        "time_ci_high_months": _nan_to_none(max(_finite_pair(fit))),
        "_fit": fit,
    }


def _finite_pair(fit: fits.ExponentialTrendFit) -> tuple[float, float]:
    pair = fit.doubling_time_ci if fit.slope_log10_per_year > 0 else fit.halving_time_ci
    return pair


def _nan_to_none(value: float) -> float | None:
    return None if value is None or not math.isfinite(value) else float(value)


TREND_SCHEMA = {
    "series": pl.String,
    "metric": pl.String,
    "since": pl.Int64,
    "n_points": pl.Int64,
    "status": pl.String,
    "fold_change_per_year": pl.Float64,
    "fold_ci_low": pl.Float64,
    "fold_ci_high": pl.Float64,
    "doubling_time_months": pl.Float64,
    "halving_time_months": pl.Float64,
    "time_ci_low_months": pl.Float64,
    "time_ci_high_months": pl.Float64,
    "reference": pl.String,
}


def growth_rates(
    models: pl.DataFrame, since: int = 2018, n_bootstrap: int = 1000, seed: int = 42
) -> pl.DataFrame:
    """Exponential growth per year, with 95 % bootstrap intervals, of training compute,
    parameters, training tokens, context window and training cost of models since `since`."""
    references = {
        "training_compute_flop": f"Epoch AI: ~4-5x/year for notable models ({EPOCH_COMPUTE_GROWTH})"
    }
    rows = []
    for metric in (
        "training_compute_flop",
        "params_total",
        "training_tokens",
        "context_window",
        "training_cost_usd",
    ):
        data = models.filter(
            pl.col(metric).is_not_null()
            & (pl.col(metric) > 0)
            & (pl.col("release_date").dt.year() >= since)
        )
        row = _trend_row(
            {
                "series": "all models",
                "metric": metric,
                "since": since,
                "reference": references.get(metric),
            },
            data["release_date"],
            data[metric].cast(pl.Float64),
            n_bootstrap,
            seed,
        )
        row.pop("_fit", None)
        rows.append(row)
    return pl.DataFrame(rows, schema=TREND_SCHEMA)


FRONTIER_TREND_SCHEMA = {
    "benchmark": pl.String,
    "threshold": pl.Float64,
    "basis": pl.String,
    "n_points": pl.Int64,
    "status": pl.String,
    "fold_change_per_year": pl.Float64,
    "fold_ci_low": pl.Float64,
    "fold_ci_high": pl.Float64,
    "halving_time_months": pl.Float64,
    "time_ci_low_months": pl.Float64,
    "time_ci_high_months": pl.Float64,
    "target_params": pl.Float64,
    "forecast_date": pl.Date,
    "forecast_low": pl.Date,
    "forecast_high": pl.Date,
    "reference": pl.String,
}


def frontier_trend(
    frontier: pl.DataFrame,
    targets: tuple[float, ...] = (1e9,),
    n_bootstrap: int = 1000,
    seed: int = 42,
) -> pl.DataFrame:
    """Density: the exponential decline of the frontier's parameter count (record-holders of
    `frontier_smallest_model`), its halving time with an interval, and when it would cross each
    target size. Compare: capability density doubling every ~3.3 months (densing law)."""
    rows = []
    for (benchmark, threshold, basis), group in frontier.group_by(
        ["benchmark", "threshold", "basis"], maintain_order=True
    ):
        label = {
            "benchmark": benchmark,
            "threshold": threshold,
            "basis": basis,
            "reference": f"densing law: density doubles ~{DENSING_DOUBLING_MONTHS} months "
            f"({DENSING_LAW})",
        }
        row = _trend_row(label, group["release_date"], group["params"], n_bootstrap, seed)
        fit = row.pop("_fit", None)
        row.pop("doubling_time_months", None)
        for target in targets:
            out = dict(row, target_params=target)
            if fit is not None and fit.slope_log10_per_year < 0:
                crossing = fits.forecast_crossing(fit, target)
                out |= {
                    "forecast_date": crossing.crossing_date,
                    "forecast_low": crossing.lower_date,
                    "forecast_high": crossing.upper_date,
                }
            rows.append(out)
    return pl.DataFrame(rows, schema=FRONTIER_TREND_SCHEMA).sort("benchmark", "basis", "threshold")


def blended_price(models: pl.DataFrame) -> pl.Expr:
    """3:1 input:output blend, USD per 1M tokens (the common convention)."""
    return (
        3 * pl.col("price_usd_per_1m_input_tokens") + pl.col("price_usd_per_1m_output_tokens")
    ) / 4


def cost_frontier(
    models: pl.DataFrame,
    thresholds: tuple[float, ...] = (50, 60, 70, 80),
    n_bootstrap: int = 1000,
    seed: int = 42,
) -> tuple[pl.DataFrame, pl.DataFrame]:
    """Cheapest API price (3:1 blended) at or above an MMLU threshold over time: record-holders
    by release date at their latest cited price, and the fold decrease per year."""
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
    trend_rows = []
    for (threshold,), group in table.group_by(["threshold"], maintain_order=True):
        row = _trend_row(
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


def size_classes(models: pl.DataFrame) -> pl.DataFrame:
    """Models per release year and size class (Tiny < 1B ... Massive >= 200B total params)."""
    cls = pl.lit(None, dtype=pl.String)
    for name, low, high in reversed(SIZE_CLASSES):
        cls = (
            pl.when((pl.col("params_total") >= low) & (pl.col("params_total") < high))
            .then(pl.lit(name))
            .otherwise(cls)
        )
    order = pl.DataFrame(
        {"size_class": [c[0] for c in SIZE_CLASSES], "class_order": list(range(len(SIZE_CLASSES)))}
    )
    return (
        models.filter(pl.col("params_total").is_not_null(), pl.col("release_date").is_not_null())
        .select(
            pl.col("release_date").dt.year().cast(pl.Int64).alias("year"), cls.alias("size_class")
        )
        .group_by("year", "size_class")
        .len("models")
        .join(order, on="size_class")
        .sort("year", "class_order")
        .with_columns(pl.col("models").cast(pl.Int64))
    )


def serving_memory(models: pl.DataFrame) -> pl.DataFrame:
    """Weights-only serving memory per model (GB = 1e9 bytes) at FP16, INT8 and INT4 (all
    parameters must be resident, also for MoE); excludes KV cache and activations."""
    return (
        models.filter(pl.col("params_total").is_not_null())
        .select(
            "model_id",
            "name",
            "params_total",
            *[
                (pl.col("params_total") * b / 1e9).alias(f"memory_gb_{k}")
                for k, b in BYTES_PER_PARAM.items()
            ],
        )
        .sort("params_total")
    )


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
