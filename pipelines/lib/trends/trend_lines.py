"""Exponential trends with intervals: the `growth_rates` and `frontier_trend` tables, the numbers
of a fit named as the trend tables name them, and the fitted line with its 95 % bootstrap band on
a date grid (what the dashboard draws, for the published trends and for any view it refits).

Every fitted number carries its interval and the number of points behind it; fits that lack
points are reported (a row with `status` and `n_points`) rather than silently skipped.
"""

from __future__ import annotations

import datetime as dt

import numpy as np
import polars as pl

from pipelines.lib.tables import FrontierTrendSchema, GrowthRatesSchema, dtypes_of
from pipelines.lib.trends import fits
from pipelines.lib.trends.defaults import (
    FORECAST_HORIZON_YEARS,
    FORECAST_TARGET_PARAMS,
    GROWTH_SINCE,
    SEED,
    TREND_BOOTSTRAP,
)

TREND_FIELDS = (
    "fold_change_per_year",
    "fold_ci_low",
    "fold_ci_high",
    "halving_time_months",
    "doubling_time_months",
    "time_ci_low_months",
    "time_ci_high_months",
    "forecast_date",
    "forecast_low",
    "forecast_high",
)


def _finite(value) -> float | None:
    if value is None:
        return None
    value = float(value)
    return value if np.isfinite(value) else None


def fit_or_none(dates: pl.Series, values: pl.Series) -> fits.ExponentialTrendFit | None:
    """`fits.fit_exponential_trend` with the pipeline's bootstrap and seed, or None when there
    is too little to fit."""
    try:
        return fits.fit_exponential_trend(dates, values, n_bootstrap=TREND_BOOTSTRAP, seed=SEED)
    except ValueError:
        return None


def trend_numbers(fit: fits.ExponentialTrendFit, target: float | None = None) -> dict:
    """The numbers of a fit, named as the warehouse's trend tables name them (with the forecast
    crossing of `target` for a falling trend)."""
    falling = fit.slope_log10_per_year < 0
    times = fit.doubling_time_ci if fit.slope_log10_per_year > 0 else fit.halving_time_ci
    out = {
        "fold_change_per_year": fit.fold_change_per_year,
        "fold_ci_low": fit.fold_change_ci[0],
        "fold_ci_high": fit.fold_change_ci[1],
        "halving_time_months": _finite(fit.halving_time_months),
        "doubling_time_months": _finite(fit.doubling_time_months),
        "time_ci_low_months": _finite(min(times)),
        "time_ci_high_months": _finite(max(times)),
    }
    if target is not None and falling:
        crossing = fits.forecast_crossing(fit, target)
        out |= {
            "forecast_date": crossing.crossing_date,
            "forecast_low": crossing.lower_date,
            "forecast_high": crossing.upper_date,
        }
    return out


def trend_band(
    fit: fits.ExponentialTrendFit, start: dt.date, end: dt.date, n: int = 60
) -> pl.DataFrame:
    """The fitted line and its 95 % band (percentiles of the bootstrap lines) on a date grid:
    release_date, value, value_low, value_high."""
    span = max((end - start).days, 1)
    dates = sorted({start + dt.timedelta(days=round(d)) for d in np.linspace(0, span, n)})
    t = fits.decimal_years(pl.Series(dates, dtype=pl.Date)) - fit.reference_year
    middle = fit.intercept_log10 + fit.slope_log10_per_year * t
    lines = fit.bootstrap_intercepts[:, None] + fit.bootstrap_slopes[:, None] * t[None, :]
    low, high = np.percentile(lines, [2.5, 97.5], axis=0)
    return pl.DataFrame(
        {
            "release_date": dates,
            "value": 10.0**middle,
            "value_low": 10.0**low,
            "value_high": 10.0**high,
        },
        schema={
            "release_date": pl.Date,
            "value": pl.Float64,
            "value_low": pl.Float64,
            "value_high": pl.Float64,
        },
    )


def line_end(latest: dt.date | None, last: dt.date, numbers: dict) -> dt.date:
    """Draw the line to the newest release, or on to the forecast interval's far end, but no
    further than `FORECAST_HORIZON_YEARS` past the newest release."""
    latest = max(latest or last, last)
    horizon = latest.replace(year=latest.year + FORECAST_HORIZON_YEARS)
    wanted = [d for d in (numbers.get("forecast_high"), numbers.get("forecast_date")) if d]
    return min(max([latest, *wanted]), horizon)


EPOCH_COMPUTE_GROWTH = (
    "https://epoch.ai/blog/training-compute-of-frontier-ai-models-grows-by-4-5x-per-year"
)


DENSING_LAW = "https://arxiv.org/abs/2412.04315"


DENSING_DOUBLING_MONTHS = 3.3  # capability density doubles ~every 3.3 months (Xiao et al. 2024)


def trend_row(
    label: dict, dates: pl.Series, values: pl.Series, n_bootstrap: int, seed: int
) -> dict:
    """One row of a trend table: `label`, n_points, status and the fit's `trend_numbers` (plus
    the fit itself under `_fit`), or a "not fitted" status with the reason."""
    try:
        fit = fits.fit_exponential_trend(dates, values, n_bootstrap=n_bootstrap, seed=seed)
    except ValueError as exc:
        return {**label, "n_points": len(values), "status": f"not fitted: {exc}"}
    return {
        **label,
        "n_points": fit.n_points,
        "status": "fitted",
        **trend_numbers(fit),
        "_fit": fit,
    }


# growth_rates (and cost_trend) columns, read off the published schema
TREND_SCHEMA = dtypes_of(GrowthRatesSchema)


def growth_rates(
    models: pl.DataFrame,
    since: int = GROWTH_SINCE,
    n_bootstrap: int = TREND_BOOTSTRAP,
    seed: int = SEED,
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
        row = trend_row(
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


FRONTIER_TREND_SCHEMA = dtypes_of(FrontierTrendSchema)  # read off the published schema


def frontier_trend(
    frontier: pl.DataFrame,
    targets: tuple[float, ...] = (FORECAST_TARGET_PARAMS,),
    n_bootstrap: int = TREND_BOOTSTRAP,
    seed: int = SEED,
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
        row = trend_row(label, group["release_date"], group["params"], n_bootstrap, seed)
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
