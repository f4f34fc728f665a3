"""Reads for the Frontier page: the smallest model to reach a score, and its trend.

At a threshold `frontier_smallest_model` holds and without filters, the page reads the published
tables: the record-holders from `frontier_smallest_model`, the trend's numbers from
`frontier_trend` (only the drawn line and its band, which no table holds, are refitted with the
same function, bootstrap and seed). Any other benchmark, threshold or filtered subset is computed
on the fly with the functions that build those tables (`pipelines.lib.trends.frontier`,
`pipelines.lib.trends.trend_lines`) and their defaults (`pipelines.lib.trends.defaults`).
"""

from __future__ import annotations

from urllib.parse import quote

import polars as pl
import streamlit as st

from dashboard.queries.base import (
    _LATEST_RELEASE_SQL,
    CACHE_TTL_SECONDS,
    NO_FILTERS,
    ModelFilters,
    Trend,
    _query,
    _read,
    _version,
    load_query,
    published_path,
)
from pipelines.lib.trends import frontier as frontier_maths
from pipelines.lib.trends import trend_lines
from pipelines.lib.trends.defaults import FORECAST_TARGET_PARAMS

# One threshold and basis of `frontier_smallest_model`: the page's default view.
_FRONTIER_PAGE_SQL = (
    "SELECT * FROM frontier_smallest_model WHERE benchmark = ? AND threshold = ? AND basis = ?"
)


_FRONTIER_THRESHOLDS_SQL = load_query("frontier_thresholds")


def load_frontier_thresholds(benchmark: str = "mmlu") -> list[float]:
    """The thresholds present in `frontier_smallest_model` for a benchmark, ascending."""
    return _query(_FRONTIER_THRESHOLDS_SQL, (benchmark,))["threshold"].to_list()


_FRONTIER_INPUTS_SQL = load_query("frontier_inputs", scores_table="benchmark_scores")


_BENCHMARKS_SQL = load_query("frontier_benchmarks", scores_table="benchmark_scores")


_FRONTIER_TREND_SQL = load_query("frontier_trend")


def load_benchmarks() -> pl.DataFrame:
    """benchmark, shots, models, min_score, max_score, other_shots_scores: every benchmark in
    `benchmark_scores` at the one protocol its charts use (its most common shot count), and how
    many of its scores are at other counts."""
    return _query(_BENCHMARKS_SQL)


@st.cache_data(ttl=CACHE_TTL_SECONDS, show_spinner=False, max_entries=200)
def _frontier(
    path: str,
    version: tuple | None,
    benchmark: str,
    threshold: float,
    basis: str,
    filter_params: tuple,
):
    if filter_params == NO_FILTERS.params():
        published = _read(path, version, _FRONTIER_THRESHOLDS_SQL, (benchmark,))["threshold"]
        if threshold in published.to_list() and basis in frontier_maths.BASES:
            # the default view: the published table answers it (no refit)
            return _for_page(
                _read(path, version, _FRONTIER_PAGE_SQL, (benchmark, threshold, basis))
            )
    return _frontier_live(path, version, benchmark, threshold, basis, filter_params)


def _frontier_live(
    path: str,
    version: tuple | None,
    benchmark: str,
    threshold: float,
    basis: str,
    filter_params: tuple,
) -> pl.DataFrame:
    inputs = _read(
        path,
        version,
        _FRONTIER_INPUTS_SQL,
        (*filter_params, benchmark, list(frontier_maths.EXCLUDED_PARAM_CONFIDENCE)),
    )
    return _for_page(frontier_maths.smallest_model_frontier(inputs, benchmark, threshold, basis))


def _for_page(records: pl.DataFrame) -> pl.DataFrame:
    """Record-holders as the page shows them, read from the table or computed here: by release
    date, joint releases' organisations spaced as everywhere else on the page, and `model_page`,
    the link to each model's page."""
    return records.sort("release_date", "params", "model_id").with_columns(
        pl.col("organization").str.replace_all(",", ", ", literal=True),
        (
            "./model?model=" + pl.col("model_id").map_elements(_url_quote, return_dtype=pl.String)
        ).alias("model_page"),
    )


def _url_quote(text: str) -> str:
    return quote(text, safe="")


def load_frontier(
    benchmark: str, threshold: float, basis: str, filters: ModelFilters = NO_FILTERS
) -> pl.DataFrame:
    """Record-holders for any benchmark, threshold (percent) and basis (`total` | `active`) among
    the models `filters` keep: the columns of `frontier_smallest_model` plus `model_page`. Without
    filters at a threshold the table holds, read from `frontier_smallest_model`; otherwise
    computed on the fly with the function that builds the table
    (`frontier.smallest_model_frontier`)."""
    path = published_path()
    return _frontier(
        str(path), _version(path), benchmark, float(threshold), basis, filters.params()
    )


def compute_frontier(
    benchmark: str, threshold: float, basis: str, filters: ModelFilters = NO_FILTERS
) -> pl.DataFrame:
    """`load_frontier` always computed on the fly, never read from `frontier_smallest_model`
    (what the page shows for a threshold or filter the table does not hold)."""
    path = published_path()
    return _frontier_live(
        str(path), _version(path), benchmark, float(threshold), basis, filters.params()
    )


@st.cache_data(ttl=CACHE_TTL_SECONDS, show_spinner=False, max_entries=200)
def _frontier_trend(
    path: str, version: tuple | None, benchmark: str, threshold: float, basis: str
) -> Trend:
    # The trend is the warehouse's (`frontier_trend`, fitted on all models): no filters here.
    records = _frontier(path, version, benchmark, threshold, basis, NO_FILTERS.params())
    row = _read(
        path, version, _FRONTIER_TREND_SQL, (benchmark, threshold, basis, FORECAST_TARGET_PARAMS)
    )
    published = row.height > 0
    if published and row["status"][0] != "fitted":
        return Trend(n_points=int(row["n_points"][0]), fitted=False, published=True)
    fit = (
        trend_lines.fit_or_none(records["release_date"], records["params"])
        if records.height
        else None
    )
    if fit is None:
        return Trend(n_points=records.height, fitted=False, published=published)
    numbers = trend_lines.trend_numbers(fit, FORECAST_TARGET_PARAMS)
    if published:  # the warehouse's numbers are the ones quoted (they are the same fit)
        numbers = {k: row[k][0] for k in trend_lines.TREND_FIELDS if k in row.columns} | {
            "doubling_time_months": None
        }
    latest = _read(path, version, _LATEST_RELEASE_SQL, ()).item()
    line = trend_lines.trend_band(
        fit,
        records["release_date"].min(),
        trend_lines.line_end(latest, records["release_date"].max(), numbers),
    )
    return Trend(
        n_points=fit.n_points,
        fitted=True,
        published=published,
        target=FORECAST_TARGET_PARAMS,
        line=line,
        **{k: numbers.get(k) for k in trend_lines.TREND_FIELDS},
    )


def load_frontier_trend(benchmark: str, threshold: float, basis: str) -> Trend:
    """The frontier's exponential decline: halving time, the 1B-parameter crossing (with 95 %
    intervals) and the line with its band. From `frontier_trend` where the warehouse has a row
    for (benchmark, threshold, basis); otherwise fitted here with the same function
    (`fits.fit_exponential_trend`, same bootstrap and seed) when there are enough records."""
    path = published_path()
    return _frontier_trend(str(path), _version(path), benchmark, float(threshold), basis)


def load_frontier_coverage(benchmark: str, basis: str) -> pl.Series:
    """Release dates of every model the frontier of `benchmark` draws from (a score on the
    benchmark and a parameter count on `basis`, all models): the per-year coverage strip."""
    path = published_path()
    inputs = _read(
        str(path),
        _version(path),
        _FRONTIER_INPUTS_SQL,
        (*NO_FILTERS.params(), benchmark, list(frontier_maths.EXCLUDED_PARAM_CONFIDENCE)),
    )
    params = pl.col("params_total")
    if basis == "active":  # dense models count every parameter for each token
        params = pl.coalesce("params_active", "params_total")
    return inputs.filter(params.is_not_null())["release_date"]
