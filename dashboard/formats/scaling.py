"""Formatting for the Scaling page: a capability fit told in words."""

from __future__ import annotations

from dashboard.formats.base import format_count, format_flop

SIGMOID_MIDPOINT_PCT = 62.5  # halfway between the capability fits' floor (25 %) and ceiling (100 %)


def capability_fit_text(fit: dict | None, unit: str) -> str:
    """A `capability_fits` row in words: the midpoint and the steepness, with their intervals.
    `unit` is `parameters` (x is log10 parameters) or `FLOP` (log10 training compute)."""
    if not fit or fit.get("status") != "fitted":
        return "Too few models to fit a sigmoid."
    if unit == "parameters":

        def fmt(x: float) -> str:
            return format_count(10**x)
    else:

        def fmt(x: float) -> str:
            return format_flop(10**x, unit=False)

    midpoint = f"{fmt(fit['x0'])} {unit}"
    midpoint_ci = f"{fmt(fit['x0_ci_low'])}–{fmt(fit['x0_ci_high'])}"
    k_ci = f"{fit['k_ci_low']:.2f}–{fit['k_ci_high']:.2f}"
    return (
        f"Fitted sigmoid over {fit['n_points']} models: midpoint ({SIGMOID_MIDPOINT_PCT:g} %) at "
        f"{midpoint} (95 % interval {midpoint_ci}); steepness {fit['k']:.2f} per decade of "
        f"{unit} ({k_ci})."
    )
