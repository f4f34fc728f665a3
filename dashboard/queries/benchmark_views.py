"""Reads of the benchmark view tables: `benchmark_frontier`, `benchmark_cost_frontier`,
`benchmark_cost_trend`, `eci_frontier`, `eci_open_closed_gap`, `maker_vs_independent`,
`benchmark_compute_fits`, `benchmark_compute_curves` and `capability_index`, as the Frontier,
Cost, Scaling, Model and Data quality pages show them.

Every number here is the published table's; nothing is refitted (the maths lives in
pipelines/lib/trends/benchmark_frontier.py and runs only in the build).
"""

from __future__ import annotations

import polars as pl

from dashboard.queries.base import _query, load_query
from pipelines.lib.staging.plausibility import scores_without_suspicious
from pipelines.lib.trends import benchmark_frontier as bf

FRONTIER_BENCHMARKS = bf.FRONTIER_BENCHMARKS
COST_BENCHMARKS = bf.COST_BENCHMARKS

_GROUPS_SQL = load_query("benchmark_views_groups")


def load_frontier_groups(benchmark: str) -> pl.DataFrame:
    """measured_by, protocol_family, n_scores, n_left_out_not_open, n_left_out_no_date: the
    groups (one measurer, one protocol family) `benchmark_frontier` holds for a benchmark, the
    largest first."""
    return _query(_GROUPS_SQL, (benchmark,))


_TOTAL_SCORES_SQL = load_query("benchmark_views_total_scores")


def load_frontier_total_scores(benchmark: str) -> int:
    """Scores of a benchmark over every group of `benchmark_frontier` (all measurers and
    protocols): what one chart's group is a part of."""
    return int(_query(_TOTAL_SCORES_SQL, (benchmark,)).item())


_THRESHOLDS_SQL = load_query("benchmark_views_thresholds")


def load_frontier_group_thresholds(benchmark: str, measured_by: str, family: str) -> list[float]:
    return _query(_THRESHOLDS_SQL, (benchmark, measured_by, family))["threshold"].to_list()


_FRONTIER_SQL = load_query("benchmark_views_frontier")


def load_benchmark_frontier(
    benchmark: str, measured_by: str, family: str, threshold: float, basis: str
) -> pl.DataFrame:
    """The record-holders of one group, threshold and basis of `benchmark_frontier` (its
    columns, plus `params_source` (none: the table does not carry it) and `model_page`)."""
    return _query(_FRONTIER_SQL, (benchmark, measured_by, family, float(threshold), basis))


_COST_GROUPS_SQL = load_query("benchmark_views_cost_groups")


def load_cost_groups(benchmark: str) -> pl.DataFrame:
    """measured_by, n_models, n_left_out_no_price of `benchmark_cost_frontier` for a benchmark."""
    return _query(_COST_GROUPS_SQL, (benchmark,))


_COST_FRONTIER_SQL = load_query("benchmark_views_cost_frontier")


def load_benchmark_cost_frontier(benchmark: str, measured_by: str) -> pl.DataFrame:
    """Every threshold's cheapest-price records of one benchmark and measurer."""
    return _query(_COST_FRONTIER_SQL, (benchmark, measured_by))


_GROUP_SCORES_SQL = load_query("benchmark_views_group_scores")


def load_cost_group_releases(benchmark: str, measured_by: str) -> pl.DataFrame:
    """model_id, release_date of every release a `benchmark_cost_frontier` group scores (its
    `n_models`, priced or not): the scores the build reads, with the same rules (a maker's
    `gpqa` naming the Diamond subset counts as `gpqa_diamond`; suspicious scores left out),
    for the chart's per-year coverage strip."""
    scores = scores_without_suspicious(
        _query(_GROUP_SCORES_SQL, (measured_by, benchmark)),
        _query("SELECT model_id, field, status FROM suspicious_values"),
    )
    return (
        bf.comparable(scores)
        .filter(pl.col("benchmark") == benchmark)
        .unique("model_id")
        .select("model_id", "release_date")
        .sort("release_date", "model_id", nulls_last=True)
    )


_COST_TREND_SQL = load_query("benchmark_views_cost_trend")


def load_benchmark_cost_trend(benchmark: str, measured_by: str) -> pl.DataFrame:
    """`benchmark_cost_trend` rows of one benchmark and measurer, by threshold."""
    return _query(_COST_TREND_SQL, (benchmark, measured_by))


_ECI_SQL = load_query("benchmark_views_eci")


def load_eci() -> pl.DataFrame:
    """Every release with an ECI and a release date (`capability_index` joined to `models`),
    open / closed / unstated weights, and whether it is an `eci_frontier` record."""
    return _query(_ECI_SQL)


def load_eci_frontier() -> pl.DataFrame:
    return _query("SELECT * FROM eci_frontier ORDER BY weights, release_date, model_id")


def load_eci_gap() -> pl.DataFrame:
    """`eci_open_closed_gap`, by the open record's release date."""
    return _query("SELECT * FROM eci_open_closed_gap ORDER BY open_release_date, open_model_id")


_ECI_COMPUTE_SQL = load_query("benchmark_views_eci_compute")


def load_eci_vs_compute() -> pl.DataFrame:
    """Releases with both an ECI and a training compute (`models.training_compute_flop`)."""
    return _query(_ECI_COMPUTE_SQL)


_GPQA_COMPUTE_SQL = load_query("benchmark_views_gpqa_compute")


def load_gpqa_vs_compute() -> pl.DataFrame:
    """Releases with an Epoch AI run of GPQA Diamond (their best effort variant) and a training
    compute: the points `benchmark_compute_fits` fits."""
    return _query(_GPQA_COMPUTE_SQL)


def load_compute_fit(measure: str) -> dict | None:
    """The `benchmark_compute_fits` row of `gpqa_diamond` or `eci` (None when absent)."""
    frame = _query("SELECT * FROM benchmark_compute_fits WHERE measure = ?", (measure,))
    return frame.row(0, named=True) if frame.height else None


_COMPUTE_CURVE_SQL = load_query("benchmark_views_compute_curve")


def load_compute_curve(measure: str) -> pl.DataFrame:
    """The fitted curve and its 95 % band (`benchmark_compute_curves`), with the grid's compute
    in FLOP (`training_compute_flop`) for the charts' log axis."""
    return _query(_COMPUTE_CURVE_SQL, (measure,))


_MAKER_SQL = load_query("benchmark_views_maker")


def load_maker_vs_independent(model_id: str | None = None) -> pl.DataFrame:
    """`maker_vs_independent` (with the release's name, date and page), for one release or all."""
    return _query(_MAKER_SQL, (model_id, model_id))
