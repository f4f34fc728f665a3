"""Formatting for the Scaling page: a capability fit and the size classes' trend told in words."""

from __future__ import annotations

import polars as pl

from dashboard.formats.base import format_count, format_flop, medians_per

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


def size_class_trend(sizes: pl.DataFrame, min_models: int, since: int) -> str:
    """`size_classes` (year, size_class, models) as a chart summary's trend: the most common size
    class in the first release year from `since` and in the newest with at least `min_models`
    models, with its share: `the most common size class was Small in 2017 (41 % of 22) and
    Massive in 2026 (70 % of 47)`."""
    years = (
        sizes.with_columns(pl.col("models").sum().over("year").alias("total"))
        .filter((pl.col("total") >= min_models) & (pl.col("year") >= since))
        .sort(["year", "models", "class_order"], descending=[False, True, False])
        .group_by("year", maintain_order=True)
        .first()
    )
    if years.height < 2:
        return f"none: fewer than two release years since {since} with {min_models} or more models"

    def year(row: dict) -> str:
        share = 100 * row["models"] / row["total"]
        return f"{row['size_class']} in {row['year']} ({share:.0f} % of {row['total']:,})"

    first, last = years.row(0, named=True), years.row(-1, named=True)
    return f"the most common size class was {year(first)} and {year(last)}"


def emergence_trend(points: pl.DataFrame, chance: float | None, min_models: int) -> str:
    """The emergence chart's trend (`emergence_points`: score against training compute): the
    median score in the lowest and the highest tenfold band of compute with at least
    `min_models` models, and the chance level."""
    decades = medians_per(
        points.filter(pl.col("training_compute_flop") > 0).with_columns(
            pl.col("training_compute_flop").log10().floor().cast(pl.Int64).alias("d")
        ),
        "d",
        "score",
        min_models,
    )
    if decades.height < 2:
        return f"none: fewer than two tenfold bands of compute with {min_models} or more models"

    def band(row: dict) -> str:
        return f"{row['median']:.3g}% at 1e{row['d']}–1e{row['d'] + 1} FLOP ({row['n']:,} models)"

    low, high = decades.row(0, named=True), decades.row(-1, named=True)
    text = f"the median score goes from {band(low)} to {band(high)}"
    return text + (f"; chance is {chance:g}%" if chance is not None else "")
