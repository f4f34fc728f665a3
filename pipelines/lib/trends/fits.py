"""Curve fits behind the scaling-law analysis, as plain functions (numpy / scipy / polars).

- `loss_fit.fit_chinchilla_loss` (its own module): the Chinchilla loss refit.
- `fit_sigmoid`: benchmark score (percent) as a logistic function of some x (e.g. log10 FLOP).
- `fit_exponential_trend` / `forecast_crossing`: log10(value) linear in decimal years.

Every fit reports `n_points` and refuses (ValueError) fewer than `MIN_POINTS_PER_FREE_PARAMETER`
points per free parameter. Intervals are 95% percentile-bootstrap intervals over resampled points.
"""

from __future__ import annotations

import ctypes
import math
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from pathlib import Path

import numpy as np
import polars as pl

from pipelines.lib.trends.defaults import SEED, SIGMOID_BOOTSTRAP, TREND_BOOTSTRAP

MIN_POINTS_PER_FREE_PARAMETER = 4
"""Project policy (not a published number): refuse a fit with fewer points than 4 per parameter."""

CI_LEVEL = 0.95
_CI_PERCENTILES = (100 * (1 - CI_LEVEL) / 2, 100 * (1 + CI_LEVEL) / 2)


@contextmanager
def single_threaded_scipy_blas() -> Iterator[None]:
    """Pin scipy's bundled OpenBLAS to one thread for the duration, then restore it.

    L-BFGS-B does its small (5 x 5) linear algebra through scipy's OpenBLAS, whose worker threads
    busy-wait. On two shared cores under load that made the Chinchilla refit 30-60x slower
    (measured: 0.7 s single-threaded vs 40 s default for 108 starts). This is what threadpoolctl
    does, without the dependency; it is a no-op where the library or its symbols are not found.
    Setting OPENBLAS_NUM_THREADS=1 in the environment has the same effect.
    """
    import scipy  # here, not at module level: see `_expit`

    library = None
    for path in sorted((Path(scipy.__file__).parent.parent / "scipy.libs").glob("*openblas*")):
        try:
            candidate = ctypes.CDLL(str(path))
        except OSError:
            continue
        if hasattr(candidate, "scipy_openblas_set_num_threads") and hasattr(
            candidate, "scipy_openblas_get_num_threads"
        ):
            library = candidate
            break
    if library is None:
        yield
        return
    library.scipy_openblas_get_num_threads.restype = ctypes.c_int
    previous = int(library.scipy_openblas_get_num_threads())
    library.scipy_openblas_set_num_threads(ctypes.c_int(1))
    try:
        yield
    finally:
        library.scipy_openblas_set_num_threads(ctypes.c_int(previous))


def percentile_ci(samples: np.ndarray) -> tuple[float, float]:
    samples = samples[np.isfinite(samples)]
    if samples.size == 0:
        return (math.nan, math.nan)
    low, high = np.percentile(samples, _CI_PERCENTILES)
    return (float(low), float(high))


# --------------------------------------------------------------------------------------------
# Sigmoid: score_pct = floor + (ceiling - floor) / (1 + exp(-k (x - x0)))
# --------------------------------------------------------------------------------------------

MIN_POINTS_SIGMOID = MIN_POINTS_PER_FREE_PARAMETER * 2
"""8: two free parameters (k, x0); floor and ceiling are fixed."""


def _as_float_array(values: Sequence[float] | np.ndarray | pl.Series, name: str) -> np.ndarray:
    array = np.asarray(values.to_numpy() if isinstance(values, pl.Series) else values, dtype=float)
    if array.ndim != 1:
        raise ValueError(f"{name} must be one-dimensional")
    if not np.all(np.isfinite(array)):
        raise ValueError(f"{name} must be finite (no NaN / null / inf)")
    return array


def _expit(z: np.ndarray) -> np.ndarray:
    """scipy's logistic function. scipy is imported where it is used, not with this module:
    its import (~0.4 s) would otherwise be paid by every process that loads the definitions
    (each `make build`, each test worker) although a build whose fits are cached never fits."""
    from scipy.special import expit

    return expit(z)


def sigmoid(x: np.ndarray | float, k: float, x0: float, floor: float, ceiling: float) -> np.ndarray:
    """floor + (ceiling - floor) * logistic(k (x - x0)), in the units of floor/ceiling (percent)."""
    return floor + (ceiling - floor) * _expit(k * (np.asarray(x, dtype=float) - x0))


@dataclass(frozen=True)
class SigmoidFit:
    """A fitted logistic curve of score (percent) against x, with bootstrap bands."""

    k: float
    """Steepness, per unit of x (e.g. per decade of FLOP when x = log10 FLOP)."""
    x0: float
    """Midpoint: x at which the score is halfway between floor and ceiling."""
    floor: float
    ceiling: float
    ci: dict[str, tuple[float, float]]
    """95% percentile-bootstrap interval for k and x0."""
    n_points: int
    n_bootstrap: int
    """Resamples whose refit succeeded (degenerate resamples are skipped)."""
    x_range: tuple[float, float]
    bootstrap_estimates: np.ndarray = field(repr=False, compare=False)
    """(n_bootstrap, 2) array of (k, x0)."""

    def predict(self, x: np.ndarray | float) -> np.ndarray:
        """Fitted score (percent) at x."""
        return sigmoid(x, self.k, self.x0, self.floor, self.ceiling)

    def curve(
        self, x: Sequence[float] | np.ndarray | None = None, n_grid: int = 100
    ) -> pl.DataFrame:
        """Fitted curve with its 95% bootstrap band: x, score_pct, score_pct_lower, score_pct_upper.

        Default grid: `n_grid` evenly spaced points over the observed x range.
        """
        grid = np.linspace(*self.x_range, n_grid) if x is None else _as_float_array(x, "x")
        if self.bootstrap_estimates.shape[0]:
            k, x0 = self.bootstrap_estimates[:, :1], self.bootstrap_estimates[:, 1:]
            band = sigmoid(grid[None, :], k, x0, self.floor, self.ceiling)
            lower, upper = np.percentile(band, _CI_PERCENTILES, axis=0)
        else:
            lower = upper = np.full(grid.shape, np.nan)
        return pl.DataFrame(
            {
                "x": grid,
                "score_pct": self.predict(grid),
                "score_pct_lower": lower,
                "score_pct_upper": upper,
            }
        )


def _fit_k_x0(x: np.ndarray, y: np.ndarray, floor: float, ceiling: float, start: np.ndarray):
    from scipy.optimize import least_squares  # see `_expit`

    def residuals(p: np.ndarray) -> np.ndarray:
        return sigmoid(x, p[0], p[1], floor, ceiling) - y

    def jacobian(p: np.ndarray) -> np.ndarray:
        s = _expit(p[0] * (x - p[1]))
        ds = (ceiling - floor) * s * (1 - s)
        return np.column_stack([ds * (x - p[1]), -ds * p[0]])

    return least_squares(residuals, start, jac=jacobian, method="lm")


def _sigmoid_start(x: np.ndarray, y: np.ndarray, floor: float, ceiling: float) -> np.ndarray:
    """Initial (k, x0) from a straight-line fit of logit((y - floor) / (ceiling - floor)) on x."""
    fraction = np.clip((y - floor) / (ceiling - floor), 0.02, 0.98)
    logit = np.log(fraction / (1 - fraction))
    slope, intercept = np.polyfit(x, logit, 1)
    if abs(slope) < 1e-12:
        return np.array([1.0 / (np.std(x) or 1.0), float(np.median(x))])
    return np.array([slope, -intercept / slope])


def fit_sigmoid(
    x: Sequence[float] | np.ndarray | pl.Series,
    score_pct: Sequence[float] | np.ndarray | pl.Series,
    floor: float = 25.0,
    ceiling: float = 100.0,
    n_bootstrap: int = SIGMOID_BOOTSTRAP,
    seed: int = SEED,
) -> SigmoidFit:
    """Least-squares logistic fit score_pct = floor + (ceiling - floor) / (1 + exp(-k (x - x0))).

    `score_pct` in percent; the default floor 25 is random guessing on a 4-way multiple-choice
    benchmark such as MMLU, ceiling 100 a perfect score. Only k and x0 are fitted. Bootstrap:
    resample (x, score) pairs with replacement, refit from the point estimate; resamples that fail
    (e.g. all x identical) are skipped and not counted in `n_bootstrap`.
    """
    xs = _as_float_array(x, "x")
    ys = _as_float_array(score_pct, "score_pct")
    if xs.size != ys.size:
        raise ValueError(f"x and score_pct differ in length ({xs.size} vs {ys.size})")
    if not ceiling > floor:
        raise ValueError(f"ceiling ({ceiling}) must be greater than floor ({floor})")
    if xs.size < MIN_POINTS_SIGMOID:
        raise ValueError(f"fit_sigmoid needs at least {MIN_POINTS_SIGMOID} points, got {xs.size}")
    if np.unique(xs).size < 2:
        raise ValueError("fit_sigmoid needs at least two distinct x values")
    if n_bootstrap < 0:
        raise ValueError("n_bootstrap must be >= 0")

    with single_threaded_scipy_blas():
        result = _fit_k_x0(xs, ys, floor, ceiling, _sigmoid_start(xs, ys, floor, ceiling))
        if not np.all(np.isfinite(result.x)):
            raise ValueError("fit_sigmoid: least squares did not converge to finite parameters")
        rng = np.random.default_rng(seed)
        estimates = []
        for _ in range(n_bootstrap):
            idx = rng.integers(0, xs.size, xs.size)
            if np.unique(xs[idx]).size < 2:
                continue
            boot = _fit_k_x0(xs[idx], ys[idx], floor, ceiling, result.x)
            if boot.success and np.all(np.isfinite(boot.x)):
                estimates.append(boot.x)
    boot_array = np.array(estimates).reshape(-1, 2)
    return SigmoidFit(
        k=float(result.x[0]),
        x0=float(result.x[1]),
        floor=float(floor),
        ceiling=float(ceiling),
        ci={"k": percentile_ci(boot_array[:, 0]), "x0": percentile_ci(boot_array[:, 1])},
        n_points=int(xs.size),
        n_bootstrap=int(boot_array.shape[0]),
        x_range=(float(xs.min()), float(xs.max())),
        bootstrap_estimates=boot_array,
    )


# --------------------------------------------------------------------------------------------
# Exponential trend: log10(value) = intercept + slope * (year - reference_year)
# --------------------------------------------------------------------------------------------
# Context (not asserted here): Epoch AI finds the training compute of notable models grew
# ~4-5x per year from 2010 to May 2024 (Epoch AI 2024, "Training compute of frontier AI models
# grows by 4-5x per year", https://epoch.ai/blog/training-compute-of-frontier-ai-models-grows-by-4-5x-per-year).

MIN_POINTS_TREND = MIN_POINTS_PER_FREE_PARAMETER * 2
"""8: two free parameters (slope, intercept)."""

MONTHS_PER_YEAR = 12.0

FLAT_SLOPE_LOG10_PER_YEAR = 1e-12
"""Below this |slope| (orders of magnitude per year; numerical noise) a trend counts as flat."""

DateLike = date | datetime


def decimal_years(dates: Sequence[DateLike] | pl.Series | np.ndarray) -> np.ndarray:
    """Dates (date / datetime, a polars Date/Datetime series) as decimal years, e.g. 2024-07-02
    -> 2024.5 (fraction of the calendar year elapsed, leap years counted). Plain numbers are taken
    to be decimal years already."""
    series = dates if isinstance(dates, pl.Series) else pl.Series("t", list(dates))
    if series.dtype.is_numeric():
        return _as_float_array(series, "dates")
    if series.dtype not in (pl.Date,) and not isinstance(series.dtype, pl.Datetime):
        raise ValueError(f"dates must be dates, datetimes or decimal years, got {series.dtype}")
    if series.null_count():
        raise ValueError("dates must not contain nulls")
    t = series.cast(pl.Datetime("us"))
    frame = pl.DataFrame({"t": t}).select(
        pl.col("t").dt.year().cast(pl.Float64).alias("year"),
        (pl.col("t") - pl.col("t").dt.truncate("1y")).dt.total_microseconds().alias("elapsed"),
        (pl.col("t").dt.truncate("1y").dt.offset_by("1y") - pl.col("t").dt.truncate("1y"))
        .dt.total_microseconds()
        .alias("length"),
    )
    return (frame["year"] + frame["elapsed"] / frame["length"]).to_numpy()


def date_from_decimal_year(year: float) -> date:
    """Inverse of `decimal_years` for one value, rounded to the nearest day."""
    if not math.isfinite(year) or not 1 <= year < 10_000:
        raise ValueError(f"decimal year {year} is outside the representable date range")
    whole = int(math.floor(year))
    start = date(whole, 1, 1)
    length = (date(whole + 1, 1, 1) - start).days if whole < 9999 else 365
    return start + timedelta(days=round((year - whole) * length))


@dataclass(frozen=True)
class ExponentialTrendFit:
    """log10(value) = intercept_log10 + slope_log10_per_year * (year - reference_year)."""

    slope_log10_per_year: float
    """Orders of magnitude per year."""
    intercept_log10: float
    """log10(value) on the trend line at reference_year."""
    reference_year: float
    """Mean decimal year of the data (centring keeps slope and intercept nearly independent)."""
    slope_ci: tuple[float, float]
    fold_change_per_year: float
    """10 ** slope: e.g. 4.0 means x4 per year; 0.5 means halving each year."""
    fold_change_ci: tuple[float, float]
    doubling_time_months: float
    """12 log10(2) / slope for a rising trend; NaN when the trend falls."""
    doubling_time_ci: tuple[float, float]
    """Upper bound is inf when the slope interval reaches zero or below."""
    halving_time_months: float
    """12 log10(2) / -slope for a falling trend; NaN when the trend rises."""
    halving_time_ci: tuple[float, float]
    n_points: int
    n_bootstrap: int
    bootstrap_slopes: np.ndarray = field(repr=False, compare=False)
    bootstrap_intercepts: np.ndarray = field(repr=False, compare=False)

    def predict(self, dates: Sequence[DateLike] | pl.Series | np.ndarray) -> np.ndarray:
        """Trend value (same units as the fitted values) at the given dates."""
        years = decimal_years(dates)
        return 10.0 ** (
            self.intercept_log10 + self.slope_log10_per_year * (years - self.reference_year)
        )


def _time_for_factor_2(slope_low: float, slope_high: float) -> tuple[float, float]:
    """CI of 12 log10(2) / slope for a positive slope interval; inf where the slope is <= 0."""

    def months(slope: float) -> float:
        if math.isnan(slope):
            return math.nan
        return MONTHS_PER_YEAR * math.log10(2) / slope if slope > 0 else math.inf

    return (months(slope_high), months(slope_low))


BOOTSTRAP_BLOCK_VALUES = 4_000_000
"""Resampled points held at once (~32 MB per array): the bootstrap runs in blocks of resamples,
so 1,000 resamples of 150,000 points need ~0.2 GB, not 5 GB. Each block continues the same
random stream, so the resamples (and every published interval) are those of one draw."""


def _bootstrap_lines(
    t: np.ndarray, logs: np.ndarray, n_bootstrap: int, seed: int
) -> tuple[np.ndarray, np.ndarray]:
    """Slopes and intercepts of least-squares lines through `n_bootstrap` resamples (with
    replacement) of the points; resamples with a single distinct `t` are skipped."""
    rng = np.random.default_rng(seed)
    rows = max(1, BOOTSTRAP_BLOCK_VALUES // max(t.size, 1))
    slopes, intercepts = [], []
    for start in range(0, n_bootstrap, rows):
        idx = rng.integers(0, t.size, (min(rows, n_bootstrap - start), t.size))
        bt, by = t[idx], logs[idx]
        bt_mean = bt.mean(axis=1, keepdims=True)
        by_mean = by.mean(axis=1, keepdims=True)
        sxx = ((bt - bt_mean) ** 2).sum(axis=1)
        sxy = ((bt - bt_mean) * (by - by_mean)).sum(axis=1)
        ok = sxx > 1e-12
        block = sxy[ok] / sxx[ok]
        slopes.append(block)
        intercepts.append(by_mean[ok, 0] - block * bt_mean[ok, 0])
    if not slopes:
        return np.empty(0), np.empty(0)
    return np.concatenate(slopes), np.concatenate(intercepts)


def fit_exponential_trend(
    dates: Sequence[DateLike] | pl.Series | np.ndarray,
    values: Sequence[float] | np.ndarray | pl.Series,
    n_bootstrap: int = TREND_BOOTSTRAP,
    seed: int = SEED,
) -> ExponentialTrendFit:
    """Least-squares line through log10(value) against decimal year, with bootstrap intervals.

    `values` must be > 0 (any unit; the fold change is unit-free). Bootstrap: resample
    (date, value) pairs with replacement (vectorised); resamples with a single distinct date are
    skipped. Doubling / halving times are in months.
    """
    years = decimal_years(dates)
    ys = _as_float_array(values, "values")
    if years.size != ys.size:
        raise ValueError(f"dates and values differ in length ({years.size} vs {ys.size})")
    if years.size < MIN_POINTS_TREND:
        raise ValueError(
            f"fit_exponential_trend needs at least {MIN_POINTS_TREND} points, got {years.size}"
        )
    if np.any(ys <= 0):
        raise ValueError("values must be > 0 to take log10")
    if np.unique(years).size < 2:
        raise ValueError("fit_exponential_trend needs at least two distinct dates")
    if n_bootstrap < 0:
        raise ValueError("n_bootstrap must be >= 0")

    reference = float(years.mean())
    t = years - reference
    logs = np.log10(ys)
    slope, intercept = np.polyfit(t, logs, 1)

    slopes, intercepts = _bootstrap_lines(t, logs, n_bootstrap, seed)

    slope_ci = percentile_ci(slopes)
    rising, falling = slope > 0, slope < 0
    doubling = MONTHS_PER_YEAR * math.log10(2) / slope if rising else math.nan
    halving = MONTHS_PER_YEAR * math.log10(2) / -slope if falling else math.nan
    return ExponentialTrendFit(
        slope_log10_per_year=float(slope),
        intercept_log10=float(intercept),
        reference_year=reference,
        slope_ci=slope_ci,
        fold_change_per_year=float(10.0**slope),
        fold_change_ci=(10.0 ** slope_ci[0], 10.0 ** slope_ci[1]),
        doubling_time_months=float(doubling),
        doubling_time_ci=_time_for_factor_2(*slope_ci) if rising else (math.nan, math.nan),
        halving_time_months=float(halving),
        halving_time_ci=(
            _time_for_factor_2(-slope_ci[1], -slope_ci[0]) if falling else (math.nan, math.nan)
        ),
        n_points=int(t.size),
        n_bootstrap=int(slopes.size),
        bootstrap_slopes=slopes,
        bootstrap_intercepts=intercepts,
    )


@dataclass(frozen=True)
class CrossingForecast:
    """When the trend line reaches `target_value` (same units as the fitted values)."""

    target_value: float
    crossing_date: date
    crossing_year: float
    """The same moment as a decimal year."""
    lower_date: date | None
    """2.5th percentile over bootstrap trend lines; None when unbounded (slope CI spans zero)."""
    upper_date: date | None
    """97.5th percentile over bootstrap trend lines; None when unbounded."""


def forecast_crossing(fit: ExponentialTrendFit, target_value: float) -> CrossingForecast:
    """Date at which the fitted trend reaches `target_value`, with a 95% bootstrap interval.

    The date may lie in the past (the trend already crossed it). Raises ValueError for a flat
    trend or a non-positive target.
    """
    if not target_value > 0:
        raise ValueError(f"target_value must be > 0, got {target_value}")
    if abs(fit.slope_log10_per_year) < FLAT_SLOPE_LOG10_PER_YEAR:
        raise ValueError("a flat trend never reaches a different value")
    target = math.log10(target_value)

    def year_at(intercept: float | np.ndarray, slope: float | np.ndarray) -> float | np.ndarray:
        return fit.reference_year + (target - intercept) / slope

    crossing = float(year_at(fit.intercept_log10, fit.slope_log10_per_year))
    low_slope, high_slope = fit.slope_ci
    bounded = fit.bootstrap_slopes.size > 0 and (low_slope > 0 or high_slope < 0)
    lower = upper = None
    if bounded:
        years = year_at(fit.bootstrap_intercepts, fit.bootstrap_slopes)
        low, high = percentile_ci(np.asarray(years))
        lower = _date_or_none(low)
        upper = _date_or_none(high)
    return CrossingForecast(
        target_value=float(target_value),
        crossing_date=date_from_decimal_year(crossing),
        crossing_year=crossing,
        lower_date=lower,
        upper_date=upper,
    )


def _date_or_none(year: float) -> date | None:
    try:
        return date_from_decimal_year(year)
    except ValueError:
        return None
