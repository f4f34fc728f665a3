"""Trends told in a sentence: the Frontier page's record sizes, and the fold-change trends other
pages' chart summaries state."""

from __future__ import annotations

import math

from dashboard.formats.base import counted, format_interval


def fold_sentence(fold: float | None, low: float | None, high: float | None) -> str:
    """A fold change per year with its interval, in one direction: `shrinks 5.3× per year
    (95 % interval 3.2–18×)` or `grows 6.7× per year (95 % interval 5.7–8×)`."""
    if fold is None or not math.isfinite(fold) or fold <= 0:
        return "no trend"
    if fold < 1:
        lo = 1 / high if high else None
        hi = 1 / low if low else None
        return f"shrinks {1 / fold:.3g}× per year (95 % interval {format_interval(lo, hi, '.3g')}×)"
    return f"grows {fold:.3g}× per year (95 % interval {format_interval(low, high, '.3g')}×)"


def record_trend(trend) -> str:
    """A frontier's `queries.Trend` as a chart summary's trend: `the record size shrinks 4.9×
    per year (…)`, or why there is none."""
    if trend.fitted:
        return "the record size " + fold_sentence(
            trend.fold_change_per_year, trend.fold_ci_low, trend.fold_ci_high
        )
    return f"none: {counted(trend.n_points, 'record')}, a trend needs at least {trend.min_points}"


def growth_trend(rate: dict | None, what: str) -> str:
    """A `growth_rates` row as a chart summary's trend: `training compute grows 6.4× per year
    (…) since 2018, fitted on 777 models (all models, whatever the filters)`, or why none."""
    if not rate or rate.get("status") != "fitted":
        return f"none: too few models to fit how {what} grows"
    return (
        f"{what} "
        + fold_sentence(rate["fold_change_per_year"], rate["fold_ci_low"], rate["fold_ci_high"])
        + f" since {rate['since']}, fitted on {counted(rate['n_points'], 'model')} (all models, "
        "whatever the filters: `growth_rates`)"
    )
