"""dashboard/queries/cost.py against copies of the real warehouse
(expected values come from SQL written in the tests)."""

from __future__ import annotations

import polars as pl
import pytest

from dashboard import queries


def test_cost_and_training_cost_trends_are_the_warehouses_fits(published):
    for threshold in queries.load_cost_thresholds():
        row = queries.load_cost_trend(threshold)
        line = queries.load_cost_trend_line(threshold)
        assert row is not None and line is not None
        assert line.fitted == (row["status"] == "fitted")
        if line.fitted:
            assert line.fold_change_per_year == pytest.approx(row["fold_change_per_year"])
    growth = queries.load_growth_rate("training_cost_usd")
    trend = queries.load_training_cost_trend()
    assert growth["status"] == "fitted" and trend.fitted
    assert trend.n_points == growth["n_points"]
    assert trend.fold_change_per_year == pytest.approx(growth["fold_change_per_year"])


def test_price_points_mark_a_monotone_frontier(published):
    points = queries.load_price_points()
    frontier = points.filter(pl.col("on_frontier")).sort("mmlu")
    assert frontier.height >= 3
    assert frontier["price_blended"].is_sorted()  # better costs more along the frontier
    for row in points.filter(~pl.col("on_frontier")).iter_rows(named=True):
        dominating = points.filter(
            (pl.col("mmlu") >= row["mmlu"]) & (pl.col("price_blended") <= row["price_blended"])
        )
        assert dominating.height >= 2, row["model_id"]  # itself and one at least as good
