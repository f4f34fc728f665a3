"""Reads for the Scaling page: capability against scale, emergence, size classes and serving
memory."""

from __future__ import annotations

import polars as pl

from dashboard.queries.base import NO_FILTERS, ModelFilters, _query, load_query

_CAPABILITY_POINTS_SQL = load_query("scaling_capability_points")


_CAPABILITY_CURVE_SQL = load_query("scaling_capability_curve")


_CAPABILITY_FIT_SQL = load_query("scaling_capability_fit")


_EMERGENCE_BENCHMARKS_SQL = load_query(
    "scaling_emergence_benchmarks", scores_table="emergence_points"
)


_EMERGENCE_POINTS_SQL = load_query("scaling_emergence_points", scores_table="emergence_points")


_SIZE_CLASSES_SQL = "SELECT year, size_class, models, class_order FROM size_classes ORDER BY year"


_SERVING_MEMORY_SQL = load_query("scaling_serving_memory")


def load_capability_points(filters: ModelFilters = NO_FILTERS) -> pl.DataFrame:
    """Models (narrowed by `filters`) with an MMLU score: size, compute, weights, organisation
    and the citations of the score, the parameter count and the compute (with the compute's
    confidence label)."""
    return _query(_CAPABILITY_POINTS_SQL, filters.params())


def load_capability_curve(
    x_variable: str, group: str = "all", confidence_filter: str = "all"
) -> pl.DataFrame:
    """One `capability_curves` fit on its grid: x (log10), x_value (10^x, the axis unit),
    score_pct and its 95 % band."""
    return _query(_CAPABILITY_CURVE_SQL, (x_variable, group, confidence_filter))


def load_capability_fit(
    x_variable: str, group: str = "all", confidence_filter: str = "all"
) -> dict | None:
    """The `capability_fits` row (status, n_points, k, x0 and their intervals), or None."""
    frame = _query(_CAPABILITY_FIT_SQL, (x_variable, group, confidence_filter))
    return frame.row(0, named=True) if frame.height else None


def load_emergence_benchmarks() -> pl.DataFrame:
    """benchmark, shots, models, chance_pct, other_shots_scores: the benchmarks of
    `emergence_points` at the one protocol the chart shows (the most common shot count)."""
    return _query(_EMERGENCE_BENCHMARKS_SQL)


def load_emergence_points(benchmark: str, filters: ModelFilters = NO_FILTERS) -> pl.DataFrame:
    """`emergence_points` of one benchmark at its chart's protocol (models `filters` keep), with
    the compute's citation and a model link."""
    return _query(_EMERGENCE_POINTS_SQL, (*filters.params(), benchmark))


def load_size_classes() -> pl.DataFrame:
    return _query(_SIZE_CLASSES_SQL)


def load_serving_memory(search: str | None = None) -> pl.DataFrame:
    """`serving_memory`, largest first, narrowed to names or organisations containing `search`."""
    text = (search or "").strip() or None
    return _query(_SERVING_MEMORY_SQL, (text, text, text))
