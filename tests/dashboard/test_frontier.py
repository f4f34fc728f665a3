"""The Frontier page, run headless with AppTest over the real warehouse."""

from __future__ import annotations

import pandas as pd

from tests.dashboard.apptest import (
    FRONTIER,
    chart_rows,
    chart_spec,
    datasets,
    frontier_from_db,
    metric_values,
    rerun,
    run_app,
    sql,
    table,
    title_of,
    tooltip_fields,
)


def layer_marks(spec: dict) -> list[str]:
    return [
        layer["mark"]["type"] if isinstance(layer["mark"], dict) else layer["mark"]
        for layer in spec["layer"]
    ]


def test_frontier_page_has_a_log_scale_step_chart_of_real_rows(monkeypatch, warehouse):
    at = run_app(monkeypatch, warehouse, FRONTIER)
    spec = chart_spec(at)

    steps = [
        layer
        for layer in spec["layer"]
        if isinstance(layer["mark"], dict) and layer["mark"].get("interpolate") == "step-after"
    ]
    assert len(steps) == 1
    params_layers = [
        layer for layer in spec["layer"] if layer["encoding"].get("y", {}).get("field") == "params"
    ]
    assert len(params_layers) >= 3  # the step, the points, the labels
    y_encodings = [layer["encoding"]["y"] for layer in spec["layer"] if "y" in layer["encoding"]]
    assert all(y["scale"]["type"] == "log" for y in y_encodings)  # one shared log axis

    rows = chart_rows(at)
    expected = frontier_from_db(warehouse).query("threshold == 60 and basis == 'total'")
    assert len(expected) > 0, "the real data set has no 60% MMLU frontier"
    assert set(expected["model_id"]) <= set(rows["model_id"])
    assert {
        "name",
        "organization",
        "release_date",
        "params_label",
        "score",
        "source",
        "params_source",
    } <= tooltip_fields(spec)

    shown = table(at)
    assert list(shown["model_id"]) == list(expected.sort_values("release_date")["model_id"])
    assert set(shown["threshold"]) == {60.0} and set(shown["basis"]) == {"total"}
    assert (shown["model_page"] == "./model?model=" + shown["model_id"]).all()


# Record-holders written in SQL, independently of `frontier.smallest_model_frontier`: a release
# sets a record when it is smaller than every earlier qualifying release (same-day releases
# smallest first); Speculative parameter counts cannot set one.
FRONTIER_SQL = """
WITH q AS (
    SELECT m.model_id, m.release_date, m.params_total AS params
    FROM models AS m
    LEFT JOIN sources AS s ON s.model_id = m.model_id AND s.field = 'params_total'
    WHERE m.mmlu >= ? AND m.params_total IS NOT NULL AND m.release_date IS NOT NULL
      AND coalesce(s.confidence, '') <> 'Speculative'
),
ordered AS (
    SELECT *, min(params) OVER (
        ORDER BY release_date, params, model_id ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING
    ) AS best_before
    FROM q
)
SELECT model_id, params FROM ordered
WHERE best_before IS NULL OR params < best_before
ORDER BY release_date, params, model_id
"""


def test_threshold_slider_takes_any_threshold_and_changes_chart_and_table(monkeypatch, warehouse):
    at = run_app(monkeypatch, warehouse, FRONTIER)
    slider = at.slider(key="threshold")
    assert slider.value == 60
    # The on-the-fly records equal the published table where it has the threshold.
    published = frontier_from_db(warehouse).query("threshold == 60 and basis == 'total'")
    assert list(table(at)["model_id"]) == list(published.sort_values("release_date")["model_id"])
    before_table, before_rows = table(at), chart_rows(at)

    slider.set_value(65)  # not one of the warehouse's thresholds
    rerun(at)

    after_table, after_rows = table(at), chart_rows(at)
    expected = sql(warehouse, FRONTIER_SQL, [65.0])
    assert len(expected) > 1
    assert list(after_table["model_id"]) == list(expected["model_id"])
    assert list(after_table["params"]) == list(expected["params"])
    assert set(after_table["threshold"]) == {65.0}
    assert set(after_rows["threshold"].dropna()) == {65.0}
    assert not after_table.equals(before_table)
    assert not after_rows.equals(before_rows)
    assert "≥ 65% on MMLU 5-shot" in title_of(chart_spec(at))


def test_frontier_overlays_the_published_trend_band_and_forecast(monkeypatch, warehouse):
    at = run_app(monkeypatch, warehouse, FRONTIER)  # MMLU, 60 %, total: fitted in the warehouse
    [trend] = sql(
        warehouse,
        "SELECT * FROM frontier_trend WHERE benchmark = 'mmlu' AND threshold = 60 "
        "AND basis = 'total' AND target_params = 1e9",
    ).itertuples(index=False)
    assert trend.status == "fitted" and trend.n_points >= 8

    spec = chart_spec(at)
    marks = layer_marks(spec)
    assert marks[:2] == ["area", "line"]  # the band and the trend line, under the steps
    band = spec["layer"][0]["encoding"]
    assert (band["y"]["field"], band["y2"]["field"]) == ("value_low", "value_high")
    sets = datasets(at, 0)
    line = sets[spec["layer"][1]["data"]["name"]]
    assert (line["value_low"] <= line["value"]).all() and (
        line["value"] <= line["value_high"]
    ).all()
    # The line crosses 1B parameters at the published forecast date (same fit, same seed).
    crossing = line.iloc[(line["value"] - 1e9).abs().argsort()[:1]]["release_date"].iloc[0]
    assert abs((pd.Timestamp(crossing) - pd.Timestamp(trend.forecast_date)).days) < 60
    diamond = next(
        layer
        for layer in spec["layer"]
        if isinstance(layer["mark"], dict) and layer["mark"].get("shape") == "diamond"
    )
    forecast = sets[diamond["data"]["name"]]
    assert pd.Timestamp(forecast["release_date"][0]) == pd.Timestamp(trend.forecast_date)
    assert list(forecast["target"]) == [1e9]

    metrics = metric_values(at)
    assert metrics["Halving time"] == f"{trend.halving_time_months:.1f} months"
    assert metrics["95 % interval"] == (
        f"{trend.time_ci_low_months:.1f}–{trend.time_ci_high_months:.1f} months"
    )
    assert metrics["Record-holders in the fit"] == str(trend.n_points)
    assert metrics["Trend reaches 1B"] == f"{pd.Timestamp(trend.forecast_date):%b %Y}"


def test_frontier_says_when_there_are_too_few_records_to_fit(monkeypatch, warehouse):
    at = run_app(monkeypatch, warehouse, FRONTIER, {"threshold": "70"})
    [row] = sql(
        warehouse,
        "SELECT n_points, status FROM frontier_trend WHERE benchmark = 'mmlu' "
        "AND threshold = 70 AND basis = 'total'",
    ).itertuples(index=False)
    assert row.status != "fitted"
    assert any(
        "Too few records" in i.value and f"{row.n_points} record-holder" in i.value for i in at.info
    )
    assert "area" not in layer_marks(chart_spec(at))
    assert "Halving time" not in metric_values(at)


def test_basis_toggle_switches_to_active_parameters(monkeypatch, warehouse):
    at = run_app(monkeypatch, warehouse, FRONTIER)
    toggle = at.segmented_control[0]
    assert toggle.value == "total"

    toggle.set_value("active")
    rerun(at)

    shown = table(at)
    assert set(shown["basis"]) == {"active"}
    expected = frontier_from_db(warehouse).query("threshold == 60 and basis == 'active'")
    assert sorted(shown["params"]) == sorted(expected["params"])
    y_titles = {layer["encoding"]["y"]["title"] for layer in chart_spec(at)["layer"]}
    assert y_titles == {"Active parameters per token (log scale)"}


def _intro(at) -> str:
    (intro,) = [m.value for m in at.markdown if "Each point is a release" in m.value]
    return intro


def _url_notes(at) -> list[str]:
    return [w.value for w in at.warning if "in the link is" in w.value]


def test_the_address_names_the_benchmark_by_its_id(monkeypatch, warehouse):
    at = run_app(monkeypatch, warehouse, FRONTIER)
    at.selectbox(key="benchmark").select("piqa")
    rerun(at)
    assert at.query_params["benchmark"] == "piqa"  # the id, not the picker's "PIQA (0-shot)"
    # named by the Benchmarking Hub's reader (formats.OTHER_BENCHMARK_NAMES): the intro said
    # "the chosen benchmark"
    assert "% on PIQA" in _intro(at) and not _url_notes(at)
    # links of earlier addresses held the picker's label, as it read then or reads now
    for form in ("piqa (0-shot)", "PIQA (0-shot)", "piqa"):
        linked = run_app(monkeypatch, warehouse, FRONTIER, {"benchmark": form})
        assert linked.selectbox(key="benchmark").value == "piqa", form
        assert linked.query_params["benchmark"] == "piqa", form
        assert not _url_notes(linked), form
    # MMLU, the default, leaves the address
    mmlu = run_app(monkeypatch, warehouse, FRONTIER, {"benchmark": "MMLU 5-shot"})
    assert mmlu.selectbox(key="benchmark").value == "mmlu" and "benchmark" not in mmlu.query_params
    # a benchmark with no scores: said, and the default shown
    unknown = run_app(monkeypatch, warehouse, FRONTIER, {"benchmark": "no_such_benchmark"})
    assert unknown.selectbox(key="benchmark").value == "mmlu"
    assert _url_notes(unknown) == [
        "`benchmark=no_such_benchmark` in the link is not a benchmark with scores; showing "
        "MMLU 5-shot."
    ]
