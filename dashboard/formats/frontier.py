"""Formatting for the Frontier page: the trend told in a sentence."""

from __future__ import annotations

import math

from dashboard.formats.base import format_interval


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
