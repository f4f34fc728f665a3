"""dashboard/queries/frontier.py against copies of the real warehouse
(expected values come from SQL written in the tests).
The default view is the published table; any other view is computed with the same functions.
"""

from __future__ import annotations

import pytest

from dashboard import queries
from pipelines.lib.trends import trend_lines
from tests.dashboard.queries.dbread import sql


def test_on_the_fly_frontier_equals_the_table_at_every_published_threshold(published):
    table = sql(published, "SELECT * FROM frontier_smallest_model")
    for (threshold, basis), expected in table.group_by("threshold", "basis"):
        computed = queries.compute_frontier("mmlu", threshold, basis).drop("model_page")
        keys = ["release_date", "params", "model_id"]
        columns = [c for c in expected.columns if c != "organization"]
        assert computed.sort(keys).select(columns).equals(expected.sort(keys).select(columns)), (
            threshold,
            basis,
        )
        # The page spaces a multi-organisation list ("Tsinghua University, ModelBest").
        spaced = expected.sort(keys)["organization"].str.replace_all(",", ", ")
        assert computed.sort(keys)["organization"].equals(spaced), (threshold, basis)


def test_the_default_frontier_view_is_the_published_table(published):
    """Without filters at a published threshold the page shows `frontier_smallest_model` itself,
    and the same rows the live path computes (so a changed setting changes only what changed)."""
    table = sql(published, "SELECT * FROM frontier_smallest_model WHERE benchmark = 'mmlu'")
    assert table.height > 0
    for (threshold, basis), expected in table.group_by("threshold", "basis"):
        shown = queries.load_frontier("mmlu", threshold, basis)
        live = queries.compute_frontier("mmlu", threshold, basis)
        assert shown.equals(live), (threshold, basis)
        keys = ["release_date", "params", "model_id"]
        columns = [c for c in expected.columns if c != "organization"]
        assert shown.select(columns).equals(expected.sort(keys).select(columns)), (threshold, basis)
        spaced = expected.sort(keys)["organization"].str.replace_all(",", ", ")
        assert shown["organization"].equals(spaced)
        assert shown["model_page"].str.starts_with("./model?model=").all()


def test_the_trend_fitted_here_is_the_warehouses_trend(published):
    """For the warehouse's fitted rows, refitting the same records with the same function,
    bootstrap and seed gives the same numbers: the line drawn is the trend the table reports."""
    rows = sql(published, "SELECT * FROM frontier_trend WHERE status = 'fitted'")
    assert rows.height >= 2
    for row in rows.iter_rows(named=True):
        records = queries.compute_frontier(row["benchmark"], row["threshold"], row["basis"])
        fit = trend_lines.fit_or_none(records["release_date"], records["params"])
        assert fit.n_points == row["n_points"]
        assert fit.halving_time_months == pytest.approx(row["halving_time_months"], rel=1e-9)
        assert fit.fold_change_ci[0] == pytest.approx(row["fold_ci_low"], rel=1e-9)
        trend = queries.load_frontier_trend(row["benchmark"], row["threshold"], row["basis"])
        assert trend.published and trend.fitted
        assert trend.forecast_date == row["forecast_date"]
        line = trend.line
        assert line["release_date"].min() == records["release_date"].min()
        assert (line["value_low"] <= line["value"]).all()
        assert (line["value"] <= line["value_high"]).all()


def test_an_unpublished_threshold_is_fitted_here_or_said_to_be_too_few(published):
    published_thresholds = set(queries.load_frontier_thresholds())
    outcomes = {}
    for threshold in range(30, 90):
        if float(threshold) in published_thresholds:
            continue
        trend = queries.load_frontier_trend("mmlu", threshold, "total")
        records = queries.load_frontier("mmlu", threshold, "total")
        assert not trend.published and trend.n_points == records.height
        assert trend.fitted == (records.height >= trend.min_points)
        outcomes[trend.fitted] = threshold
    assert set(outcomes) == {True, False}  # the real data has both kinds
