"""The one set of defaults the trends layer and the dashboard share.

The Dagster assets build the published tables with these values and the dashboard's live views
(another threshold, a filtered subset, a calculator budget) refit with the same ones, so a view at
its default settings shows exactly the numbers of the published table. Change a value here and
both follow.
"""

from __future__ import annotations

import math

SEED = 42
"""Seed of every bootstrap resample (the fits are deterministic for a given seed)."""

TREND_BOOTSTRAP = 1000
"""Bootstrap resamples behind each exponential trend (growth rates, frontier and cost trends)."""

LOSS_FIT_BOOTSTRAP = 500
"""Bootstrap resamples behind the Chinchilla loss refit (`scaling_law_fits`)."""

SIGMOID_BOOTSTRAP = 300
"""Bootstrap resamples behind each capability sigmoid (`capability_fits`)."""

GROWTH_SINCE = 2018
"""`growth_rates` and the training-cost trend fit models released in or after this year."""

FORECAST_TARGET_PARAMS = 1e9
"""`frontier_trend` forecasts when the smallest model at a threshold reaches this many params."""

FORECAST_HORIZON_YEARS = 4
"""Trend lines are drawn at most this many years past the newest release."""

CHINCHILLA_TOKENS_PER_PARAM = 20.0
"""~20 training tokens per parameter at the compute optimum (Hoffmann et al. 2022,
arXiv:2203.15556)."""

SIZE_CLASSES: tuple[tuple[str, float, float], ...] = (
    # (name, lower bound inclusive, upper bound exclusive), in total parameters
    ("Tiny", 0.0, 1e9),
    ("Small", 1e9, 10e9),
    ("Medium", 10e9, 70e9),
    ("Large", 70e9, 200e9),
    ("Massive", 200e9, math.inf),
)
"""Size classes by total parameters (`size_classes` table, the dashboard's size filter)."""


def size_class_range(lower: float, upper: float) -> str:
    """'< 1B', '1–10B', '≥ 200B': a size class's range as the dashboard shows it."""

    def billions(value: float) -> str:
        return f"{value / 1e9:g}B"

    if lower <= 0:
        return f"< {billions(upper)}"
    if math.isinf(upper):
        return f"≥ {billions(lower)}"
    return f"{lower / 1e9:g}–{billions(upper)}"


def size_classes_note() -> str:
    """'Tiny < 1B · Small 1–10B · …': the size classes in one line."""
    return " · ".join(f"{name} {size_class_range(lo, hi)}" for name, lo, hi in SIZE_CLASSES) + "."


MIN_MODELS_PER_YEAR = 5
"""Coverage: a release year with fewer models having a measure is *sparse*. The dashboard's
per-year strip under each trend chart greys such years; a trend itself needs
`fits.MIN_POINTS_TREND` points in its fit window, and the chart's note says which rule applied."""
