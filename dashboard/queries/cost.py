"""Reads for the Cost page: prices, the cost frontier and its trend, training costs and growth
rates."""

from __future__ import annotations

import polars as pl
import streamlit as st

from dashboard.queries.base import (
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
from pipelines.lib.trends import trend_lines
from pipelines.lib.trends.defaults import GROWTH_SINCE

# Models with an MMLU score and both list prices, at the blended price; `on_frontier`: the
# cheapest at or above its score.
_PRICE_POINTS_SQL = load_query("cost_price_points")


_COST_THRESHOLDS_SQL = "SELECT DISTINCT threshold FROM cost_frontier ORDER BY threshold"


# Each record-holder at the price in force at its release (`cost_frontier.price_as_of_date`,
# from the dated price claims); the price's citation is that observation's.
_COST_FRONTIER_SQL = load_query("cost_frontier")


# `cost_trend.series` names the threshold as the pipeline writes it (`frontier.cost_frontier`).
_COST_TREND_SQL = "SELECT * FROM cost_trend WHERE series = ?"


_TRAINING_COST_SQL = load_query("cost_training_costs")


_GROWTH_RATES_SQL = load_query("cost_growth_rates")


def load_price_points(filters: ModelFilters = NO_FILTERS) -> pl.DataFrame:
    """Models (narrowed by `filters`) with MMLU and both API prices: the 3:1 blended price, the
    citations of price and score, and `on_frontier` (the cheapest among them at or above its
    score)."""
    return _query(_PRICE_POINTS_SQL, filters.params())


def load_cost_thresholds() -> list[float]:
    return _query(_COST_THRESHOLDS_SQL)["threshold"].to_list()


def load_cost_frontier(threshold: float) -> pl.DataFrame:
    """`cost_frontier` record-holders for one MMLU threshold, oldest first, each at the price
    in force at its release (`price_as_of_date`, `price_days_after_release`: negative or zero
    for a launch price, positive when the nearest observation we hold is later), with the
    citations of that price and of the score."""
    return _query(_COST_FRONTIER_SQL, (float(threshold),))


def cost_trend_series(threshold: float) -> str:
    return f"cheapest at MMLU >= {threshold:.0f}%"


def load_cost_trend(threshold: float) -> dict | None:
    """The `cost_trend` row of one threshold (fold change per year, intervals, status)."""
    frame = _query(_COST_TREND_SQL, (cost_trend_series(threshold),))
    return frame.row(0, named=True) if frame.height else None


def load_training_costs(filters: ModelFilters = NO_FILTERS) -> pl.DataFrame:
    """Models (narrowed by `filters`) with a training cost (USD), each with the citation of the
    cost."""
    return _query(_TRAINING_COST_SQL, filters.params())


def load_growth_rates() -> pl.DataFrame:
    """`growth_rates`: fold change per year of each metric, with intervals."""
    return _query(_GROWTH_RATES_SQL)


def load_growth_rate(metric: str, series: str = "all models") -> dict | None:
    """One `growth_rates` row (status, n_points, fold change, doubling time, intervals)."""
    frame = load_growth_rates()
    frame = frame.filter((pl.col("metric") == metric) & (pl.col("series") == series))
    return frame.row(0, named=True) if frame.height else None


@st.cache_data(ttl=CACHE_TTL_SECONDS, show_spinner=False, max_entries=50)
def _series_trend(
    path: str, version: tuple | None, sql: str, params: tuple, date: str, value: str, since: int
) -> Trend | None:
    frame = _read(path, version, sql, params)
    frame = frame.filter(pl.col("release_date").dt.year() >= since, pl.col(value) > 0)
    if frame.is_empty():
        return None
    fit = trend_lines.fit_or_none(frame[date], frame[value].cast(pl.Float64))
    if fit is None:
        return Trend(n_points=frame.height, fitted=False, published=False)
    line = trend_lines.trend_band(fit, frame[date].min(), frame[date].max())
    return Trend(
        n_points=fit.n_points,
        fitted=True,
        published=False,
        line=line,
        **trend_lines.trend_numbers(fit),
    )


def load_cost_trend_line(threshold: float) -> Trend | None:
    """The cost frontier's trend line and band (refitted here as the pipeline fits
    `cost_trend`: same function, bootstrap and seed), or None without records."""
    path = published_path()
    return _series_trend(
        str(path),
        _version(path),
        _COST_FRONTIER_SQL,
        (float(threshold),),
        "release_date",
        "price_usd_per_1m_blended",
        0,
    )


def load_training_cost_trend() -> Trend | None:
    """Training cost's growth line and band, as `growth_rates` fits it (models since 2018)."""
    path = published_path()
    return _series_trend(
        str(path),
        _version(path),
        _TRAINING_COST_SQL,
        NO_FILTERS.params(),  # the growth rate is fitted on all models
        "release_date",
        "training_cost_usd",
        GROWTH_SINCE,
    )
