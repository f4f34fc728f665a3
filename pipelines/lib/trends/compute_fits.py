"""Today's capability against training compute: GPQA Diamond and the Epoch Capabilities Index
(ECI) as functions of log10 training FLOP, with 95 % bootstrap bands (`benchmark_compute_fits`,
`benchmark_compute_curves`). Plain functions over polars frames; the Dagster layer
(pipelines/defs/trends/benchmark_views.py) only calls them.

Methods:
- GPQA Diamond (Epoch AI's own runs, one protocol: 0-shot accuracy; each release's best effort
  variant): a logistic curve score = 25 + (100 - 25) / (1 + exp(-k (log10 FLOP - x0))), floor
  the 25 % chance level of four answer choices, ceiling a perfect score; k and x0 by least squares
  (`fits.fit_sigmoid`, the fit behind `capability_fits`).
- ECI: an index without a floor or ceiling (Claude 3.5 Sonnet = 130, GPT-5 = 150), so no bounded
  curve is imposed: ECI = intercept + slope * log10 FLOP by ordinary least squares.
Bands: 95 % percentile bootstrap over resampled releases (`defaults.SIGMOID_BOOTSTRAP`
resamples, seed `defaults.SEED`), of the fitted value at each grid point.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import polars as pl

from pipelines.lib.tables import dtypes_of
from pipelines.lib.tables.benchmark_views import (
    BenchmarkComputeCurvesSchema,
    BenchmarkComputeFitsSchema,
)
from pipelines.lib.trends import fits
from pipelines.lib.trends.benchmark_frontier import comparable
from pipelines.lib.trends.capability import CHANCE_PCT
from pipelines.lib.trends.defaults import SEED, SIGMOID_BOOTSTRAP

GPQA_MEASURER = "epoch"
"""Whose GPQA Diamond scores are fitted: Epoch AI's runs share one protocol (0-shot accuracy),
so the fit does not mix protocols or measurers."""

GPQA_FLOOR_PCT = CHANCE_PCT["gpqa"]  # four answer choices
GPQA_CEILING_PCT = 100.0
N_GRID = 60

SIGMOID_METHOD = (
    "logistic in log10 FLOP, floor 25 % (chance, four choices), ceiling 100 %; k and x0 by "
    "least squares"
)
LINEAR_METHOD = "straight line in log10 FLOP (ECI has no floor or ceiling); ordinary least squares"

MIN_POINTS_LINEAR = fits.MIN_POINTS_PER_FREE_PARAMETER * 2
"""8: two free parameters (intercept, slope)."""


def compute_fit_inputs(
    scores: pl.DataFrame, models: pl.DataFrame, capability_index: pl.DataFrame
) -> pl.DataFrame:
    """One row per (measure, release) with a training compute: `gpqa_diamond` (Epoch's runs,
    the release's best effort variant, percent) and `eci` (Epoch's index), with log10 FLOP."""
    compute = models.filter(pl.col("training_compute_flop") > 0).select(
        "model_id", pl.col("training_compute_flop").log10().alias("log10_compute")
    )
    gpqa = (
        comparable(scores)
        .filter((pl.col("benchmark") == "gpqa_diamond") & (pl.col("measured_by") == GPQA_MEASURER))
        .group_by("model_id")
        .agg(pl.col("score").max().alias("value"))
        .with_columns(pl.lit("gpqa_diamond").alias("measure"))
    )
    eci = capability_index.filter(pl.col("eci").is_not_null()).select(
        pl.lit("eci").alias("measure"), "model_id", pl.col("eci").alias("value")
    )
    return (
        pl.concat([gpqa.select("measure", "model_id", "value"), eci])
        .join(compute, on="model_id")
        .select("measure", "model_id", "log10_compute", "value")
        .sort("measure", "log10_compute", "model_id")
    )


@dataclass(frozen=True)
class LinearFit:
    """value = intercept + slope * x by ordinary least squares, with bootstrap intervals."""

    slope: float
    intercept: float
    ci: dict[str, tuple[float, float]]
    n_points: int
    n_bootstrap: int
    x_range: tuple[float, float]
    bootstrap_estimates: np.ndarray = field(repr=False, compare=False)
    """(n_bootstrap, 2) array of (slope, intercept)."""

    def predict(self, x: np.ndarray | float) -> np.ndarray:
        return self.intercept + self.slope * np.asarray(x, dtype=float)

    def curve(self, n_grid: int = N_GRID) -> pl.DataFrame:
        """x, value and its 95 % band on `n_grid` points over the observed x range."""
        grid = np.linspace(*self.x_range, n_grid)
        boot = self.bootstrap_estimates
        band = boot[:, 1:] + boot[:, :1] * grid[None, :]
        lower, upper = np.percentile(band, [2.5, 97.5], axis=0)
        return pl.DataFrame(
            {"x": grid, "value": self.predict(grid), "value_lower": lower, "value_upper": upper}
        )


def fit_linear(
    x: np.ndarray, y: np.ndarray, n_bootstrap: int = SIGMOID_BOOTSTRAP, seed: int = SEED
) -> LinearFit:
    """Ordinary least squares of y on x; 95 % percentile bootstrap over resampled (x, y) pairs
    (resamples with a single distinct x are skipped). Refuses fewer than MIN_POINTS_LINEAR."""
    xs, ys = np.asarray(x, dtype=float), np.asarray(y, dtype=float)
    if xs.size < MIN_POINTS_LINEAR:
        raise ValueError(f"fit_linear needs at least {MIN_POINTS_LINEAR} points, got {xs.size}")
    if np.unique(xs).size < 2:
        raise ValueError("fit_linear needs at least two distinct x values")
    slope, intercept = np.polyfit(xs, ys, 1)
    rng = np.random.default_rng(seed)
    draws = []
    for _ in range(n_bootstrap):
        idx = rng.integers(0, xs.size, xs.size)
        if np.unique(xs[idx]).size > 1:
            draws.append(np.polyfit(xs[idx], ys[idx], 1))
    boot = np.array(draws).reshape(-1, 2)
    return LinearFit(
        slope=float(slope),
        intercept=float(intercept),
        ci={"slope": fits.percentile_ci(boot[:, 0]), "intercept": fits.percentile_ci(boot[:, 1])},
        n_points=int(xs.size),
        n_bootstrap=int(boot.shape[0]),
        x_range=(float(xs.min()), float(xs.max())),
        bootstrap_estimates=boot,
    )


def r_squared(y: np.ndarray, fitted: np.ndarray) -> float:
    """1 - SSE / SST: the share of the variance the fit explains (negative: worse than the
    mean)."""
    y = np.asarray(y, dtype=float)
    sst = float(((y - y.mean()) ** 2).sum())
    return 1.0 - float(((y - fitted) ** 2).sum()) / sst if sst > 0 else float("nan")


# Column types read off the published tables' schemas (one list, in pipelines/lib/tables/).
FIT_COLUMNS = dtypes_of(BenchmarkComputeFitsSchema)
CURVE_COLUMNS = dtypes_of(BenchmarkComputeCurvesSchema)


def benchmark_compute_fits(
    inputs: pl.DataFrame, n_bootstrap: int = SIGMOID_BOOTSTRAP, seed: int = SEED
) -> tuple[pl.DataFrame, pl.DataFrame]:
    """The GPQA Diamond sigmoid and the ECI line against log10 FLOP (module docstring).
    Returns (one row per measure, the curves with their 95 % bands)."""
    rows, curves = [], []
    for measure, measured_by, method in (
        ("gpqa_diamond", GPQA_MEASURER, SIGMOID_METHOD),
        ("eci", "epoch", LINEAR_METHOD),
    ):
        data = inputs.filter(pl.col("measure") == measure)
        x, y = data["log10_compute"].to_numpy(), data["value"].to_numpy()
        row = {"measure": measure, "measured_by": measured_by, "method": method}
        row |= {"n_points": data.height}
        try:
            if measure == "gpqa_diamond":
                fit = fits.fit_sigmoid(
                    x, y, GPQA_FLOOR_PCT, GPQA_CEILING_PCT, n_bootstrap=n_bootstrap, seed=seed
                )
                row |= {
                    "k": fit.k,
                    "k_ci_low": fit.ci["k"][0],
                    "k_ci_high": fit.ci["k"][1],
                    "x0": fit.x0,
                    "x0_ci_low": fit.ci["x0"][0],
                    "x0_ci_high": fit.ci["x0"][1],
                    "floor_pct": fit.floor,
                    "ceiling_pct": fit.ceiling,
                }
                curve = fit.curve(n_grid=N_GRID).rename(
                    {
                        "score_pct": "value",
                        "score_pct_lower": "value_lower",
                        "score_pct_upper": "value_upper",
                    }
                )
            else:
                fit = fit_linear(x, y, n_bootstrap=n_bootstrap, seed=seed)
                row |= {
                    "slope": fit.slope,
                    "slope_ci_low": fit.ci["slope"][0],
                    "slope_ci_high": fit.ci["slope"][1],
                    "intercept": fit.intercept,
                    "intercept_ci_low": fit.ci["intercept"][0],
                    "intercept_ci_high": fit.ci["intercept"][1],
                }
                curve = fit.curve(N_GRID)
        except ValueError as exc:
            rows.append({**row, "status": f"not fitted: {exc}"})
            continue
        rows.append(
            {
                **row,
                "status": "fitted",
                "log10_compute_min": fit.x_range[0],
                "log10_compute_max": fit.x_range[1],
                "r_squared": r_squared(y, fit.predict(x)),
                "n_bootstrap": fit.n_bootstrap,
            }
        )
        curves.append(
            curve.rename({"x": "log10_compute"}).with_columns(pl.lit(measure).alias("measure"))
        )
    table = pl.DataFrame(rows, schema=FIT_COLUMNS)
    curve = (pl.concat(curves) if curves else pl.DataFrame(schema=CURVE_COLUMNS)).select(
        list(CURVE_COLUMNS)
    )
    return table, curve
