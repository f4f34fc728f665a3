"""The dashboard script run headless with Streamlit's AppTest, over real warehouses.

`warehouse` (tests/conftest.py) is the real data under data/raw built through Dagster; the other
warehouses here are built the same way from small record sets written into tmp dirs: an empty
one, and one whose names look like markdown/HTML (they must come back as plain text) with a
broken record (it must show up on the Data quality page).

Expected values come from SQL written here against the warehouse, not from `dashboard.queries`.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import duckdb
import pandas as pd
import pytest
import yaml
from streamlit import dataframe_util
from streamlit.testing.v1 import AppTest

from tests.conftest import RAW_DIR, add_upstream, build_warehouse

REPO_ROOT = Path(__file__).resolve().parents[2]
APP = REPO_ROOT / "dashboard" / "app.py"
# Relative to dashboard/app.py, as AppTest.switch_page wants.
OVERVIEW = "app_pages/overview.py"
EXPLORER = "app_pages/explorer.py"
FRONTIER = "app_pages/frontier.py"
MODEL = "app_pages/model.py"
DATA_QUALITY = "app_pages/data_quality.py"
COMPUTE_OPTIMAL = "app_pages/compute_optimal.py"
SCALING = "app_pages/scaling.py"
COST = "app_pages/cost.py"
PAGES = [OVERVIEW, EXPLORER, FRONTIER, COMPUTE_OPTIMAL, SCALING, COST, MODEL, DATA_QUALITY]


def run_app(
    monkeypatch: pytest.MonkeyPatch,
    warehouse: Path,
    page: str | None = None,
    query_params: dict | None = None,
) -> AppTest:
    """A fresh session opened on `page` (default: the default page) with `query_params` in the
    URL, as a shared link would open it."""
    monkeypatch.setenv("ATLAS_WAREHOUSE", str(warehouse))
    at = AppTest.from_file(APP, default_timeout=60)
    if page is not None:
        at.switch_page(page)
    at.query_params.update(query_params or {})
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def rerun(at: AppTest) -> AppTest:
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def sql(warehouse: Path, query: str, params: list | None = None) -> pd.DataFrame:
    con = duckdb.connect(str(warehouse), read_only=True)
    try:
        return con.execute(query, params or []).df()
    finally:
        con.close()


def specs(at: AppTest) -> list[dict]:
    return [json.loads(c.proto.spec) for c in at.get("vega_lite_chart")]


def spec_titled(at: AppTest, text: str) -> dict:
    found = [s for s in specs(at) if text in json.dumps(s.get("title", ""))]
    assert len(found) == 1, f"expected one chart titled {text!r}, found {len(found)}"
    return found[0]


def chart_spec(at: AppTest) -> dict:
    charts = specs(at)
    assert len(charts) == 1, f"expected one chart, found {len(charts)}"
    return charts[0]


def chart_rows(at: AppTest, index: int = 0) -> pd.DataFrame:
    """Every row of every data set the chart was sent with, stacked."""
    proto = at.get("vega_lite_chart")[index].proto
    frames = [dataframe_util.convert_arrow_bytes_to_pandas_df(d.data.data) for d in proto.datasets]
    if proto.data.data:
        frames.append(dataframe_util.convert_arrow_bytes_to_pandas_df(proto.data.data))
    return pd.concat(frames, ignore_index=True)


def datasets(at: AppTest, index: int) -> dict[str, pd.DataFrame]:
    """The named data sets a chart was sent with (Streamlit moves them out of the spec)."""
    proto = at.get("vega_lite_chart")[index].proto
    return {
        d.name: dataframe_util.convert_arrow_bytes_to_pandas_df(d.data.data) for d in proto.datasets
    }


def chart_index(at: AppTest, text: str) -> int:
    titles = [json.dumps(s.get("title", "")) for s in specs(at)]
    return next(i for i, t in enumerate(titles) if text in t)


def y_scales(spec: dict) -> list[str]:
    layers = spec.get("layer", [spec])
    return [
        layer["encoding"]["y"]["scale"]["type"]
        for layer in layers
        if "y" in layer.get("encoding", {}) and "scale" in layer["encoding"]["y"]
    ]


def tooltip_fields(spec: dict) -> set[str]:
    layers = spec.get("layer", [spec])
    return {t["field"] for layer in layers for t in layer.get("encoding", {}).get("tooltip", [])}


def table(at: AppTest, index: int = 0) -> pd.DataFrame:
    value = at.dataframe[index].value
    return value.data if hasattr(value, "data") else value  # a pandas Styler keeps its frame


def metric_values(at: AppTest) -> dict[str, str]:
    return {m.label: m.value for m in at.metric}


def frontier_from_db(warehouse: Path) -> pd.DataFrame:
    return sql(warehouse, "SELECT * FROM frontier_smallest_model WHERE benchmark = 'mmlu'")


# --------------------------------------------------------------------------- every page


@pytest.mark.parametrize("page", PAGES)
def test_every_page_renders_with_a_title_and_no_exception(monkeypatch, warehouse, page):
    at = run_app(monkeypatch, warehouse, page)
    assert len(at.title) == 1 and at.title[0].value


# --------------------------------------------------------------------------- overview


def test_overview_is_the_default_page_with_counts_from_the_warehouse(monkeypatch, warehouse):
    at = run_app(monkeypatch, warehouse)
    assert [t.value for t in at.title] == ["Scaling Atlas"]
    [row] = sql(
        warehouse,
        """
        SELECT count(*) AS models, count(mmlu) AS mmlu, count(*) FILTER (WHERE open_weights) AS ow,
               (SELECT count(DISTINCT trim(o)) FROM models,
                unnest(string_split(organization, ',')) AS t(o)) AS orgs
        FROM models
        """,
    ).itertuples(index=False)
    metrics = metric_values(at)
    assert metrics["Models"] == f"{row.models:,}"
    assert metrics["With an MMLU score"] == f"{row.mmlu:,}"
    assert metrics["Open weights"] == f"{row.ow:,}"
    assert metrics["Organizations"] == f"{row.orgs:,}"


def test_overview_headline_charts(monkeypatch, warehouse):
    at = run_app(monkeypatch, warehouse)
    assert len(specs(at)) == 3

    compute = spec_titled(at, "Training compute")
    assert compute["encoding"]["y"]["field"] == "training_compute_flop"
    assert y_scales(compute) == ["log"]
    assert compute["encoding"]["color"]["field"] == "weights_label"
    assert {"name", "organization", "release_date", "compute_label", "source"} <= tooltip_fields(
        compute
    )
    rows = chart_rows(at, chart_index(at, "Training compute"))
    assert rows["training_compute_flop"].notna().all()
    assert (pd.to_datetime(rows["release_date"]) >= "2017-01-01").all()  # the default window
    with_compute = sql(
        warehouse,
        "SELECT count(*) AS n FROM models WHERE training_compute_flop IS NOT NULL "
        "AND release_date >= DATE '2017-01-01'",
    )["n"][0]
    assert len(rows) == with_compute
    # The chart says what it leaves out.
    assert "Not plotted" in json.dumps(compute["title"])

    ratio = spec_titled(at, "Training tokens per parameter")
    assert set(y_scales(ratio)) == {"log"}
    marks = [layer["mark"]["type"] for layer in ratio["layer"]]
    assert "rule" in marks and "text" in marks
    rule = datasets(at, chart_index(at, "Training tokens per parameter"))[
        ratio["layer"][marks.index("rule")]["data"]["name"]
    ]
    assert list(rule["tokens_per_param"]) == [20.0]
    assert rule["label"].str.contains("Chinchilla").all()
    assert tooltip_fields(ratio) >= {"name", "organization", "tokens_per_param", "source"}

    frontier = spec_titled(at, "Smallest model scoring")
    assert set(y_scales(frontier)) == {"log"}
    rows = chart_rows(at, chart_index(at, "Smallest model scoring"))
    expected = frontier_from_db(warehouse).query("threshold == 60 and basis == 'total'")
    assert set(expected["model_id"]) <= set(rows["model_id"])


def test_overview_lists_newest_releases_and_every_upstream_snapshot(monkeypatch, warehouse):
    at = run_app(monkeypatch, warehouse)
    newest, snapshots = table(at, 0), table(at, 1)
    expected = sql(warehouse, "SELECT model_id FROM models ORDER BY release_date DESC, name")
    assert list(newest["model_id"]) == list(expected["model_id"][: len(newest)])
    assert (newest["model_page"] == "./model?model=" + newest["model_id"]).all()

    files = {
        entry["path"]: pd.to_datetime(str(entry["upstream_date"]), errors="coerce")
        for manifest in (RAW_DIR / "upstream").glob("*/MANIFEST.yaml")
        for entry in yaml.safe_load(manifest.read_text())["files"]
    }
    shown = dict(zip(snapshots["file"], pd.to_datetime(snapshots["upstream_date"]), strict=True))
    assert shown.keys() == files.keys()
    for file, date in files.items():  # "n/a (compiled by hand)" is shown as unknown
        assert (pd.isna(date) and pd.isna(shown[file])) or shown[file] == date, file
    assert any("Last build" in c.value for c in at.caption)


def test_overview_filters_narrow_counts_and_charts(monkeypatch, warehouse):
    at = run_app(monkeypatch, warehouse)
    at.sidebar.multiselect(key="org").set_value(["Meta AI"])
    rerun(at)

    expected = sql(
        warehouse,
        "SELECT count(*) AS n FROM models WHERE list_contains(string_split(organization, ','), ?)",
        ["Meta AI"],
    )["n"][0]
    assert 0 < expected < 1374
    assert metric_values(at)["Models"] == f"{expected:,}"
    rows = chart_rows(at, chart_index(at, "Training compute"))
    assert len(rows) > 0 and rows["organization"].str.contains("Meta AI").all()
    assert any("Sidebar filters on" in c.value for c in at.caption)


# --------------------------------------------------------------------------- explorer


def test_explorer_shows_every_model_with_every_public_column(monkeypatch, warehouse):
    at = run_app(monkeypatch, warehouse, EXPLORER)
    assert [t.value for t in at.title] == ["Explorer"]
    assert not at.get("vega_lite_chart")
    shown = table(at)
    models = sql(warehouse, "SELECT * FROM models")
    assert len(shown) == len(models) > 1000
    assert set(models.columns) <= set(shown.columns)
    assert sorted(shown["name"]) == sorted(models["name"])
    assert list(shown["release_date"]) == sorted(shown["release_date"], reverse=True)
    assert (shown["model_page"] == "./model?model=" + shown["model_id"]).all()
    labels = [b.label for b in at.get("download_button")]
    assert labels == ["CSV", "Parquet", "DuckDB warehouse"]


def test_explorer_search_matches_name_or_organization(monkeypatch, warehouse):
    at = run_app(monkeypatch, warehouse, EXPLORER)
    at.text_input(key="q").input("mistral")
    rerun(at)
    shown = table(at)
    expected = sql(
        warehouse,
        "SELECT model_id FROM models "
        "WHERE name ILIKE '%mistral%' OR organization ILIKE '%mistral%'",
    )
    assert sorted(shown["model_id"]) == sorted(expected["model_id"]) and len(expected) > 5


def test_explorer_sidebar_filters_narrow_the_table(monkeypatch, warehouse):
    at = run_app(monkeypatch, warehouse, EXPLORER)
    at.sidebar.segmented_control(key="weights").set_value("Open")
    at.sidebar.pills(key="size").set_value(["Large"])
    at.sidebar.pills(key="arch").set_value(["dense"])
    rerun(at)

    shown = table(at)
    expected = sql(
        warehouse,
        "SELECT model_id FROM models WHERE open_weights AND architecture = 'dense' "
        "AND params_total >= 70e9 AND params_total < 200e9",
    )
    assert len(expected) > 5
    assert sorted(shown["model_id"]) == sorted(expected["model_id"])


def test_explorer_filters_round_trip_through_the_url(monkeypatch, warehouse):
    """A link carrying the filters (the URL the bound widgets write, in their display form)
    opens the same widgets and rows as setting the widgets by hand. Widget -> URL is the
    browser's job (the front end writes bound parameters): tests/dashboard/test_browser.py."""
    url = {
        "org": ["Meta AI", "Google"],
        "released": ["2020-01-01", "2023-12-31"],
        "size": ["Small", "Medium"],
        "q": "",
    }
    shared = run_app(monkeypatch, warehouse, EXPLORER, url)
    assert shared.sidebar.multiselect(key="org").value == ["Meta AI", "Google"]
    assert shared.sidebar.date_input(key="released").value == (
        pd.Timestamp("2020-01-01").date(),
        pd.Timestamp("2023-12-31").date(),
    )
    assert shared.sidebar.pills(key="size").value == ["Small", "Medium"]
    after = table(shared)

    by_hand = run_app(monkeypatch, warehouse, EXPLORER)
    by_hand.sidebar.multiselect(key="org").set_value(["Meta AI", "Google"])
    by_hand.sidebar.date_input(key="released").set_value(
        (pd.Timestamp("2020-01-01").date(), pd.Timestamp("2023-12-31").date())
    )
    by_hand.sidebar.pills(key="size").set_value(["Small", "Medium"])
    rerun(by_hand)
    assert list(after["model_id"]) == list(table(by_hand)["model_id"])
    expected = sql(
        warehouse,
        """
        SELECT model_id FROM models
        WHERE list_has_any(string_split(organization, ','), ['Meta AI', 'Google'])
          AND release_date BETWEEN DATE '2020-01-01' AND DATE '2023-12-31'
          AND params_total >= 1e9 AND params_total < 70e9
        """,
    )
    assert sorted(after["model_id"]) == sorted(expected["model_id"]) and len(expected) > 3


def test_filters_carry_from_overview_to_explorer(monkeypatch, warehouse):
    at = run_app(monkeypatch, warehouse, query_params={"size": "Massive"})
    assert at.sidebar.pills(key="size").value == ["Massive"]
    at.switch_page(EXPLORER)
    rerun(at)
    shown = table(at)
    assert len(shown) > 0 and (shown["params_total"] >= 200e9).all()
    assert at.sidebar.pills(key="size").value == ["Massive"]


def test_explorer_reset_clears_the_filters(monkeypatch, warehouse):
    at = run_app(monkeypatch, warehouse, EXPLORER, {"size": "Tiny", "weights": "Closed"})
    assert len(table(at)) < 1374
    at.sidebar.button[0].click()
    rerun(at)
    assert len(table(at)) == sql(warehouse, "SELECT count(*) AS n FROM models")["n"][0]


# --------------------------------------------------------------------------- frontier


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


# Record-holders written in SQL, independently of `trends.smallest_model_frontier`: a release
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
    assert "≥ 65% on MMLU 5-shot" in chart_spec(at)["title"]["text"]


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


# --------------------------------------------------------------------------- compute-optimal


def allocation_from_db(warehouse: Path, budget: float) -> pd.DataFrame:
    return sql(
        warehouse,
        "SELECT fit, params_opt, tokens_opt FROM compute_optimal_allocation WHERE budget_flop = ?",
        [budget],
    ).set_index("fit")


def test_compute_optimal_calculator_reproduces_the_published_fits(monkeypatch, warehouse):
    at = run_app(monkeypatch, warehouse, COMPUTE_OPTIMAL)
    assert [t.value for t in at.title] == ["Compute-optimal training"]
    budget = at.select_slider(key="budget")
    assert budget.value == 5.76e23  # Chinchilla's budget by default

    calculator = table(at, 0).set_index("fit")
    assert list(calculator.index) == [
        "hoffmann_2022",
        "besiroglu_2024",
        "chinchilla_20x",
        "atlas_refit_2026",
    ]
    # Besiroglu et al. 2024's fit at Chinchilla's 5.76e23 FLOP: about 72B parameters (the paper's
    # replication; Chinchilla itself is 70B on 1.4T tokens).
    besiroglu = calculator.loc["besiroglu_2024"]
    assert besiroglu["params_opt"] == pytest.approx(72e9, rel=0.02)
    assert besiroglu["tokens_opt"] == pytest.approx(1.33e12, rel=0.02)
    assert calculator.loc["chinchilla_20x", "tokens_per_param"] == pytest.approx(20.0)
    # C = 6 N D holds for every row.
    assert (
        ((6 * calculator["params_opt"] * calculator["tokens_opt"]) / 5.76e23)
        .between(0.999, 1.001)
        .all()
    )
    # The calculator (scaling.optimal_allocation, live) agrees with the warehouse's table.
    expected = allocation_from_db(warehouse, 5.76e23)
    for fit, row in expected.iterrows():
        assert calculator.loc[fit, "params_opt"] == pytest.approx(row["params_opt"], rel=1e-9)
    assert metric_values(at)["Optimal parameters"] == "72.4B"


def test_changing_the_budget_changes_the_optimal_model(monkeypatch, warehouse):
    at = run_app(monkeypatch, warehouse, COMPUTE_OPTIMAL)
    before = table(at, 0).set_index("fit")["params_opt"]
    at.select_slider(key="budget").set_value(1e25)
    rerun(at)

    after = table(at, 0).set_index("fit")
    assert (after["params_opt"] > before).all()
    expected = allocation_from_db(warehouse, 1e25)
    for fit, row in expected.iterrows():
        assert after.loc[fit, "params_opt"] == pytest.approx(row["params_opt"], rel=1e-9)
        assert after.loc[fit, "tokens_opt"] == pytest.approx(row["tokens_opt"], rel=1e-9)
    assert metric_values(at)["Optimal parameters"] != "72.4B"
    # The allocation chart marks the chosen budget.
    spec = spec_titled(at, "Compute-optimal model size")
    rule = next(layer for layer in spec["layer"] if layer["mark"]["type"] == "rule")
    marker = datasets(at, chart_index(at, "Compute-optimal model size"))[rule["data"]["name"]]
    assert list(marker["budget_flop"]) == [1e25]
    # Models near the budget: 6ND within a factor 10^0.25, from SQL.
    near = sql(
        warehouse,
        "SELECT c.model_id FROM compute_optimal AS c JOIN models AS m USING (model_id) "
        "WHERE m.base_model_id IS NULL AND c.compute_6nd_flop BETWEEN ? AND ?",
        [1e25 / 10**0.25, 1e25 * 10**0.25],
    )
    shown = table(at, 1)
    assert set(shown["model_id"]) <= set(near["model_id"])
    assert len(shown) == min(len(near), 8)


def test_compute_optimal_charts_are_log_scaled_with_the_20_to_1_line_and_fitted_optima(
    monkeypatch, warehouse
):
    at = run_app(monkeypatch, warehouse, COMPUTE_OPTIMAL)
    assert len(specs(at)) == 2

    ratio = spec_titled(at, "Training tokens per parameter")
    assert set(y_scales(ratio)) == {"log"}
    sets = datasets(at, chart_index(at, "Training tokens per parameter"))
    rule = next(layer for layer in ratio["layer"] if layer["mark"]["type"] == "rule")
    assert list(sets[rule["data"]["name"]]["tokens_per_param"]) == [20.0]
    band = next(layer for layer in ratio["layer"] if layer["mark"]["type"] == "rect")
    bands = sets[band["data"]["name"]].set_index("fit")
    expected = sql(
        warehouse,
        "SELECT fit, min(tokens_per_param) AS low, max(tokens_per_param) AS high "
        "FROM compute_optimal_allocation WHERE budget_flop BETWEEN 1e21 AND 1e25 GROUP BY fit",
    ).set_index("fit")
    assert {"hoffmann_2022", "besiroglu_2024"} <= set(bands.index)
    assert "chinchilla_20x" not in bands.index  # a fixed rule is the labelled line, not a band
    for fit, row in bands.iterrows():
        assert row["low"] == pytest.approx(expected.loc[fit, "low"])
        assert row["high"] == pytest.approx(expected.loc[fit, "high"])
    assert {"name", "tokens_per_param", "source"} <= tooltip_fields(ratio)

    allocation = spec_titled(at, "Compute-optimal model size")
    for layer in allocation["layer"]:
        encoding = layer["encoding"]
        if "x" in encoding and "scale" in encoding["x"]:
            assert encoding["x"]["scale"]["type"] == "log"
        if "y" in encoding and "scale" in encoding["y"]:
            assert encoding["y"]["scale"]["type"] == "log"
    rows = chart_rows(at, chart_index(at, "Compute-optimal model size"))
    fits = sql(warehouse, "SELECT DISTINCT fit FROM compute_optimal_allocation")["fit"]
    assert set(fits) <= set(rows["fit"].dropna())
    assert {"citation", "fit_label", "params_label"} <= tooltip_fields(allocation)
    assert "tokens_source" in tooltip_fields(allocation)  # the real models plotted behind


def test_over_and_under_trained_tables_follow_the_fit(monkeypatch, warehouse):
    at = run_app(monkeypatch, warehouse, COMPUTE_OPTIMAL)
    query = """
        SELECT f.model_id, f.over_training_factor FROM compute_optimal_by_fit AS f
        JOIN models AS m USING (model_id)
        WHERE f.fit = ? AND m.base_model_id IS NULL
        ORDER BY f.over_training_factor {order}, f.model_id LIMIT 10
    """
    over, under = table(at, 2), table(at, 3)
    expected = sql(warehouse, query.format(order="DESC"), ["besiroglu_2024"])
    assert list(over["model_id"]) == list(expected["model_id"])
    assert list(under["model_id"]) == list(
        sql(warehouse, query.format(order="ASC"), ["besiroglu_2024"])["model_id"]
    )
    assert over["over_training_factor"].min() > 1 > under["over_training_factor"].max()
    assert over["tokens_source"].notna().all()

    at.segmented_control(key="fit").set_value("hoffmann_2022")
    rerun(at)
    hoffmann = sql(warehouse, query.format(order="DESC"), ["hoffmann_2022"])
    assert list(table(at, 2)["over_training_factor"]) == pytest.approx(
        list(hoffmann["over_training_factor"])
    )


def test_scaling_law_fits_table_shows_our_refit_next_to_the_published_one(monkeypatch, warehouse):
    at = run_app(monkeypatch, warehouse, COMPUTE_OPTIMAL)
    fits = table(at, len(at.dataframe) - 1)
    expected = sql(warehouse, "SELECT * FROM scaling_law_fits").set_index("parameter")
    assert set(fits["parameter"]) == set(expected.index)
    alpha = fits.set_index("parameter").loc["alpha"]
    assert alpha["estimate"] == pytest.approx(expected.loc["alpha", "estimate"])
    assert alpha["published_interval_text"] == "0.317 – 0.373"  # Besiroglu et al. 2024
    assert "–" in alpha["interval_text"]


# --------------------------------------------------------------------------- scaling


def test_scaling_charts_plot_mmlu_on_log_axes_with_the_fitted_sigmoid(monkeypatch, warehouse):
    at = run_app(monkeypatch, warehouse, SCALING)
    assert len(specs(at)) == 4
    for title_text, column, x_variable in (
        ("MMLU against parameters", "params_total", "log10_params"),
        ("MMLU against training compute", "training_compute_flop", "log10_compute"),
    ):
        spec = spec_titled(at, title_text)
        index = chart_index(at, title_text)
        x_scales = {
            layer["encoding"]["x"]["scale"]["type"]
            for layer in spec["layer"]
            if "scale" in layer["encoding"].get("x", {})
        }
        assert x_scales == {"log"}
        sets = datasets(at, index)
        points = next(d for d in sets.values() if column in d and "mmlu" in d and "name" in d)
        expected = sql(
            warehouse,
            f"SELECT count(*) AS n FROM models WHERE mmlu IS NOT NULL AND {column} > 0",
        )["n"][0]
        assert len(points) == expected
        # The curve: capability_curves' log10 x converted to the axis unit.
        curve = next(d for d in sets.values() if "score_pct" in d and "x_value" in d)
        grid = sql(
            warehouse,
            "SELECT x, score_pct FROM capability_curves WHERE x_variable = ? "
            "AND \"group\" = 'all' AND confidence_filter = 'all' ORDER BY x",
            [x_variable],
        )
        assert list(curve["x_value"]) == pytest.approx(list(10 ** grid["x"]))
        assert list(curve["score_pct"]) == pytest.approx(list(grid["score_pct"]))
        # MMLU reference lines, labelled.
        refs = next(d for d in sets.values() if "label" in d and "mmlu" in d and len(d) == 3)
        assert sorted(refs["mmlu"]) == [25.0, 35.0, 90.0]
        assert any("Random" in label for label in refs["label"])
        assert {"name", "mmlu_source", "axis_source", "release_date"} <= tooltip_fields(spec)


def test_scaling_colour_toggle_and_top_n(monkeypatch, warehouse):
    at = run_app(monkeypatch, warehouse, SCALING)

    def colour_domain(spec: dict) -> list[str]:
        colour = next(
            layer["encoding"]["color"] for layer in spec["layer"] if "color" in layer["encoding"]
        )
        return colour["scale"]["domain"]

    domain = colour_domain(spec_titled(at, "MMLU against parameters"))
    assert domain[-1] == "Other" and len(domain) == 7  # six organisations + Other
    top = sql(
        warehouse,
        "SELECT replace(organization, ',', ', ') AS o, count(*) AS n FROM models "
        "WHERE mmlu IS NOT NULL GROUP BY 1 ORDER BY n DESC, o LIMIT 6",
    )
    assert domain[:-1] == list(top["o"])
    # Both charts colour the same organisations the same way.
    assert domain == colour_domain(spec_titled(at, "MMLU against training compute"))

    at.slider(key="top").set_value(3)
    rerun(at)
    assert len(colour_domain(spec_titled(at, "MMLU against parameters"))) == 4

    at.segmented_control(key="colour").set_value("weights")
    rerun(at)
    assert colour_domain(spec_titled(at, "MMLU against parameters")) == [
        "Open weights",
        "Closed weights",
        "Not stated",
    ]


def test_emergence_view_marks_chance_and_cites_the_metric_caveat(monkeypatch, warehouse):
    at = run_app(monkeypatch, warehouse, SCALING)
    spec = spec_titled(at, "MMLU 5-shot against training compute")
    index = chart_index(at, "MMLU 5-shot against training compute")
    sets = datasets(at, index)
    points = next(d for d in sets.values() if "score" in d and "name" in d)
    expected = sql(
        warehouse,
        "SELECT count(*) FILTER (WHERE shots = 5) AS n, "
        "count(*) FILTER (WHERE shots <> 5) AS other "
        "FROM emergence_points WHERE benchmark = 'mmlu'",
    )
    assert len(points) == expected["n"][0]  # one protocol per chart: the 5-shot scores
    other = int(expected["other"][0])
    assert other == 0 or any(
        f"{other} score(s) at another shot count are left out" in c.value for c in at.caption
    )
    chance = next(d for d in sets.values() if "label" in d and "score" in d and len(d) == 1)
    assert list(chance["score"]) == [25.0] and "chance" in chance["label"][0]
    assert {"source", "compute_source"} <= tooltip_fields(spec)
    texts = " ".join(m.value for m in (*at.markdown, *at.caption))
    assert "Schaeffer" in texts and "2304.15004" in texts


def test_size_classes_stack_and_switch_to_shares(monkeypatch, warehouse):
    at = run_app(monkeypatch, warehouse, SCALING)
    spec = spec_titled(at, "Models per year by size class")
    bars = spec["layer"][0]
    assert bars["mark"]["type"] == "bar" and bars["encoding"]["y"]["stack"] == "zero"
    rows = chart_rows(at, chart_index(at, "Models per year by size class"))
    expected = sql(warehouse, "SELECT sum(models) AS n FROM size_classes WHERE year >= 2012")
    assert rows["models"].sum() == expected["n"][0]

    at.segmented_control(key="sizes").set_value("share")
    rerun(at)
    spec = spec_titled(at, "Models per year by size class")
    assert spec["layer"][0]["encoding"]["y"]["stack"] == "normalize"


def test_serving_memory_table_is_searchable(monkeypatch, warehouse):
    at = run_app(monkeypatch, warehouse, SCALING)
    memory = table(at)
    assert len(memory) == sql(warehouse, "SELECT count(*) AS n FROM serving_memory")["n"][0]
    at.text_input(key="memory_q").input("llama")
    rerun(at)
    found = table(at)
    expected = sql(
        warehouse,
        "SELECT s.model_id, s.memory_gb_fp16 FROM serving_memory AS s JOIN models AS m "
        "USING (model_id) WHERE s.name ILIKE '%llama%' OR m.organization ILIKE '%llama%'",
    )
    assert sorted(found["model_id"]) == sorted(expected["model_id"]) and len(expected) > 3
    seven = found.set_index("model_id")
    assert (seven["memory_gb_fp16"] == 2 * seven["memory_gb_int8"]).all()  # 2 vs 1 byte/param


# --------------------------------------------------------------------------- cost

# The price-performance frontier written in SQL: no other model scores at least as much for
# less (3:1 blended price, rounded to a millionth of a dollar).
PRICE_FRONTIER_SQL = """
WITH p AS (
    SELECT model_id, mmlu,
           round((3 * price_usd_per_1m_input_tokens + price_usd_per_1m_output_tokens) / 4, 6)
               AS price
    FROM models
    WHERE mmlu IS NOT NULL AND price_usd_per_1m_input_tokens IS NOT NULL
      AND price_usd_per_1m_output_tokens IS NOT NULL
)
SELECT a.model_id FROM p AS a
WHERE NOT EXISTS (
    SELECT 1 FROM p AS b
    WHERE b.model_id <> a.model_id AND b.mmlu >= a.mmlu AND b.price <= a.price
      AND (b.mmlu > a.mmlu OR b.price < a.price OR b.model_id < a.model_id)
)
"""


def test_price_chart_has_the_price_performance_frontier(monkeypatch, warehouse):
    at = run_app(monkeypatch, warehouse, COST)
    spec = spec_titled(at, "API price against MMLU")
    assert {
        layer["encoding"]["y"]["scale"]["type"]
        for layer in spec["layer"]
        if "scale" in layer["encoding"].get("y", {})
    } == {"log"}
    sets = datasets(at, chart_index(at, "API price against MMLU"))
    dots = next(d for d in sets.values() if "on_frontier" in d and len(d) > 10)
    expected = sql(
        warehouse,
        "SELECT count(*) AS n FROM models WHERE mmlu IS NOT NULL AND "
        "price_usd_per_1m_input_tokens IS NOT NULL AND price_usd_per_1m_output_tokens IS NOT NULL",
    )
    assert len(dots) == expected["n"][0]
    frontier = set(sql(warehouse, PRICE_FRONTIER_SQL)["model_id"])
    assert set(dots.loc[dots["on_frontier"], "model_id"]) == frontier and len(frontier) >= 3
    assert {"price_source", "mmlu_source", "blended_label"} <= tooltip_fields(spec)
    step = next(
        layer
        for layer in spec["layer"]
        if isinstance(layer["mark"], dict) and layer["mark"].get("interpolate") == "step-before"
    )
    line = sets[step["data"]["name"]]
    assert line["mmlu"].is_monotonic_increasing and line["price_blended"].is_monotonic_increasing


def test_cost_frontier_follows_the_threshold_and_reports_the_trend(monkeypatch, warehouse):
    at = run_app(monkeypatch, warehouse, COST)
    control = at.segmented_control(key="price_threshold")
    assert control.value == 70.0
    records = table(at, 0)
    expected = sql(warehouse, "SELECT model_id FROM cost_frontier WHERE threshold = 70")
    assert sorted(records["model_id"]) == sorted(expected["model_id"])
    assert records["price_source"].notna().all()
    [trend] = sql(
        warehouse, "SELECT * FROM cost_trend WHERE series = 'cheapest at MMLU >= 70%'"
    ).itertuples(index=False)
    assert trend.status == "fitted"
    metrics = metric_values(at)
    assert metrics["Cheaper each year by"] == f"{1 / trend.fold_change_per_year:.3g}×"
    assert metrics["Record-holders in the fit"] == str(trend.n_points)
    spec = spec_titled(at, "Cheapest model scoring")
    assert "area" in layer_marks(spec)  # the fitted band
    assert {"price_source", "mmlu_source"} <= tooltip_fields(spec)

    # A threshold with too few record-holders to fit (50 % in the committed data).
    [few] = sql(
        warehouse,
        "SELECT threshold FROM cost_frontier GROUP BY threshold "
        "HAVING threshold IN (SELECT CAST(regexp_extract(series, '([0-9]+)%', 1) AS DOUBLE) "
        "FROM cost_trend WHERE status <> 'fitted') ORDER BY threshold LIMIT 1",
    ).itertuples(index=False)
    control.set_value(float(few.threshold))
    rerun(at)
    [row] = sql(
        warehouse,
        "SELECT n_points, status FROM cost_trend WHERE series = ?",
        [f"cheapest at MMLU >= {few.threshold:g}%"],
    ).itertuples(index=False)
    assert row.status != "fitted"
    assert any(
        "Too few records" in i.value and f"{row.n_points} record" in i.value for i in at.info
    )
    assert "area" not in layer_marks(spec_titled(at, "Cheapest model scoring"))
    assert sorted(table(at, 0)["model_id"]) == sorted(
        sql(warehouse, "SELECT model_id FROM cost_frontier WHERE threshold = ?", [few.threshold])[
            "model_id"
        ]
    )


def test_training_cost_chart_and_growth_rates(monkeypatch, warehouse):
    at = run_app(monkeypatch, warehouse, COST)
    spec = spec_titled(at, "Training cost over time")
    assert "log" in y_scales(spec)
    sets = datasets(at, chart_index(at, "Training cost over time"))
    points = next(d for d in sets.values() if "training_cost_usd" in d)
    count = sql(warehouse, "SELECT count(*) AS n FROM models WHERE training_cost_usd > 0")["n"][0]
    assert len(points) == count
    assert {"source", "cost_label"} <= tooltip_fields(spec)

    [growth] = sql(
        warehouse, "SELECT * FROM growth_rates WHERE metric = 'training_cost_usd'"
    ).itertuples(index=False)
    metrics = metric_values(at)
    assert metrics["Growth per year"] == f"×{growth.fold_change_per_year:.3g}"
    assert metrics["Doubling time"] == f"{growth.doubling_time_months:.1f} months"

    rates = table(at, len(at.dataframe) - 1)
    expected = sql(warehouse, "SELECT metric, n_points FROM growth_rates")
    assert sorted(rates["metric"]) == sorted(expected["metric"])
    compute = rates.set_index("metric").loc["training_compute_flop"]
    assert compute["fold_text"].startswith("×") and "–" in compute["fold_interval"]


# --------------------------------------------------------------------------- model


def test_model_page_opens_the_model_named_in_the_url(monkeypatch, warehouse):
    at = run_app(monkeypatch, warehouse, MODEL, {"model": "gpt-4"})
    assert at.selectbox(key="model_picker").value == "gpt-4"
    assert not any("not in the warehouse" in w.value for w in at.warning)

    values = table(at, 0)
    sources = sql(warehouse, "SELECT field, citation, method FROM sources WHERE model_id = 'gpt-4'")
    by_field = dict(zip(values["field"], values["citation"], strict=True))
    for field, citation in zip(sources["field"], sources["citation"], strict=True):
        assert by_field[field] == citation, field
    assert "training_compute_flop" in by_field and "mmlu" in by_field

    claims = table(at, 1)
    expected = sql(warehouse, "SELECT * FROM claims WHERE model_id = 'gpt-4'")
    assert len(claims) == len(expected) > 5
    assert set(claims["source"]) == set(expected["source"])
    assert {"used"} <= set(claims["status"])
    assert len(specs(at)) == 1 and "relative to the value used" in json.dumps(specs(at)[0])


def test_model_page_marks_a_hub_upload_release_date_as_an_estimate(monkeypatch, warehouse):
    at = run_app(monkeypatch, warehouse, MODEL, {"model": "yi-1.5-6b"})
    assert metric_values(at)["Released"] == "May 2024 (est.)"
    row = table(at, 0).set_index("field").loc["release_date"]
    assert row["value_text"] == "2024-05-11"
    assert row["source_label"] == "Open LLM Leaderboard v2"
    assert row["method"] == "estimate"
    assert row["citation"] == "https://huggingface.co/01-ai/Yi-1.5-6B"
    # A date from the model's own Epoch row carries no mark.
    at = run_app(monkeypatch, warehouse, MODEL, {"model": "llama-2-70b"})
    assert metric_values(at)["Released"] == "Jul 2023"


def test_model_page_lists_every_benchmark_score_with_its_protocol(monkeypatch, warehouse):
    at = run_app(monkeypatch, warehouse, MODEL, {"model": "llama-2-70b"})
    shown = table(at, len(at.dataframe) - 1)
    expected = sql(
        warehouse,
        "SELECT benchmark, score, shots FROM benchmark_scores WHERE model_id = 'llama-2-70b'",
    )
    assert len(shown) == len(expected) >= 10  # MMLU, the v1 five, HumanEval, the v2 six
    labels = dict(zip(shown["benchmark"], shown["benchmark_label"], strict=True))
    assert labels["arc_c"] == "ARC-Challenge" and labels["mmlu_pro"] == "MMLU-Pro"

    # several parties may score one (benchmark, shots): compare the rows as multisets, an
    # unstated shot count (null, NaN on the page) as -1
    def rows(frame):
        import pandas as pd

        return sorted(
            (b, -1 if pd.isna(s) else int(s), round(float(v), 9))
            for b, s, v in zip(frame["benchmark"], frame["shots"], frame["score"], strict=True)
        )

    assert rows(shown) == rows(expected)


def test_model_page_flags_the_models_conflicts(monkeypatch, warehouse):
    at = run_app(monkeypatch, warehouse, MODEL, {"model": "mistral-7b"})
    conflicts = sql(warehouse, "SELECT * FROM conflicts WHERE model_id = 'mistral-7b'")
    assert len(conflicts) > 0
    claims = table(at, 1)
    flagged = claims[claims["status"] == "disagrees"]
    assert len(flagged) == len(conflicts)
    assert sorted(flagged["value"]) == sorted(conflicts["value_other"])
    assert any(f"{len(conflicts)} claim(s) disagree" in w.value for w in at.warning)
    # Highlighted: conflict rows of the claims table are shaded.
    styles = at.dataframe[1].proto.arrow_data.styler.styles
    shaded = {int(r) for r in re.findall(r"_row(\d+)_col0", styles)}
    assert shaded == set(claims.index[claims["status"] == "disagrees"])


def test_model_selection_round_trips_through_the_url(monkeypatch, warehouse):
    at = run_app(monkeypatch, warehouse, MODEL)
    default = at.selectbox(key="model_picker").value
    assert at.query_params.get("model") == default  # the address names the model shown

    at.selectbox(key="model_picker").set_value("llama-2-70b")
    rerun(at)
    assert at.query_params.get("model") == "llama-2-70b"
    assert set(table(at, 1)["source"]) == set(
        sql(warehouse, "SELECT source FROM claims WHERE model_id = 'llama-2-70b'")["source"]
    )

    shared = run_app(monkeypatch, warehouse, MODEL, dict(at.query_params))
    assert shared.selectbox(key="model_picker").value == "llama-2-70b"


def test_model_page_with_an_unknown_id_warns_and_shows_a_model(monkeypatch, warehouse):
    at = run_app(monkeypatch, warehouse, MODEL, {"model": "no-such-model"})
    assert len(at.warning) >= 1 and "not in the warehouse" in at.warning[0].value
    assert "no-such-model" not in at.warning[0].value  # URL text is never echoed as markdown
    assert at.selectbox(key="model_picker").value != "no-such-model"


# --------------------------------------------------------------------------- data quality


def test_data_quality_page_shows_coverage_conflicts_unmatched_and_rejects(monkeypatch, warehouse):
    at = run_app(monkeypatch, warehouse, DATA_QUALITY)
    assert [t.value for t in at.title] == ["Data quality"]
    assert len(specs(at)) == 2
    heatmap = spec_titled(at, "Coverage by release year")
    assert heatmap["layer"][0]["mark"]["type"] == "rect"

    coverage = table(at, 0)
    expected = sql(warehouse, "SELECT field, with_value FROM coverage WHERE year IS NULL")
    assert dict(zip(coverage["field"], coverage["with_value"], strict=True)) == dict(
        zip(expected["field"], expected["with_value"], strict=True)
    )
    conflicts = table(at, 1)
    assert len(conflicts) == sql(warehouse, "SELECT count(*) AS n FROM conflicts")["n"][0]
    unmatched = table(at, 2)
    assert len(unmatched) == sql(warehouse, "SELECT count(*) AS n FROM unmatched_names")["n"][0]
    # The real data is clean: the page says so rather than showing an empty table.
    assert sql(warehouse, "SELECT count(*) AS n FROM rejects")["n"][0] == 0
    assert any("No rejected records" in s.value for s in at.success)


def test_data_quality_lists_suspicious_values_with_status(monkeypatch, warehouse):
    at = run_app(monkeypatch, warehouse, DATA_QUALITY)
    expected = sql(warehouse, "SELECT model_id, field, rule, status FROM suspicious_values")
    assert len(expected) > 0  # the real build flags values (see data/raw/suspicious_resolutions)
    [shown] = frames_with(at, "evidence")
    assert sorted(zip(shown["model_id"], shown["field"], shown["rule"], strict=True)) == sorted(
        zip(expected["model_id"], expected["field"], expected["rule"], strict=True)
    )
    metrics = {m.label: m.value for m in at.metric}
    for status, label in (
        ("unresolved", "Unresolved (left out)"),
        ("acknowledged", "Acknowledged (used)"),
    ):
        n = int((expected["status"] == status).sum())
        assert metrics[label] == f"{n:,}"
    # Filtering by status keeps only those rows (and the filter is in the URL).
    at.pills(key="suspicious_status").set_value(["erratum"])
    rerun(at)
    [shown] = frames_with(at, "evidence")
    assert set(shown["status"]) == {"erratum"}
    assert len(shown) == int((expected["status"] == "erratum").sum()) > 0


def test_conflicts_filter_by_field_and_unmatched_by_source(monkeypatch, warehouse):
    at = run_app(monkeypatch, warehouse, DATA_QUALITY)
    at.pills(key="conflict_field").set_value(["mmlu"])
    at.selectbox(key="unmatched_source").set_value("epoch_mmlu")
    rerun(at)

    conflicts = table(at, 1)
    assert set(conflicts["field"]) == {"mmlu"}
    expected = sql(warehouse, "SELECT count(*) AS n FROM conflicts WHERE field = 'mmlu'")["n"][0]
    assert len(conflicts) == expected > 0
    unmatched = table(at, 2)
    assert set(unmatched["source"]) == {"epoch_mmlu"}


# --------------------------------------------------------------------------- other warehouses


def test_missing_warehouse_shows_how_to_build_it(monkeypatch, tmp_path):
    at = run_app(monkeypatch, tmp_path / "nowhere" / "atlas.duckdb")
    assert len(at.info) == 1
    message = at.info[0].value
    assert "make build" in message and "ATLAS_WAREHOUSE" in message
    assert not at.get("vega_lite_chart") and not at.dataframe


def test_unreadable_warehouse_shows_a_warning_not_a_traceback(monkeypatch, tmp_path):
    junk = tmp_path / "atlas.duckdb"
    junk.write_text("this is not a DuckDB file")
    at = run_app(monkeypatch, junk)
    assert len(at.warning) == 1 and "make build" in at.warning[0].value


@pytest.fixture(scope="module")
def empty_warehouse(tmp_path_factory) -> Path:
    raw = tmp_path_factory.mktemp("raw-empty")
    (raw / "models").mkdir()
    add_upstream(raw)
    path = tmp_path_factory.mktemp("wh-empty") / "atlas.duckdb"
    assert build_warehouse(raw, path).success
    # Every table present, every table empty: what a first build of an empty data set looks like.
    with duckdb.connect(str(path)) as con:
        for (name,) in con.execute("SELECT table_name FROM information_schema.tables").fetchall():
            con.execute(f'DELETE FROM "{name}"')
    return path


@pytest.mark.parametrize("page", PAGES)
def test_empty_warehouse_pages_say_so_without_errors(monkeypatch, empty_warehouse, page):
    at = run_app(monkeypatch, empty_warehouse, page)
    assert not at.get("vega_lite_chart")
    if page == DATA_QUALITY:  # nothing rejected, no conflicts, nothing unmatched, no errata,
        # no revisions,
        assert len(at.success) == 6  # no suspicious values
    else:
        assert len(at.info) == 1 and "make build" in at.info[0].value


HOSTILE_NAME = "**Bold** <img src=x onerror=alert(1)> [link](https://example.com)"
HOSTILE_RECORDS = {
    "acme/big.yaml": """\
id: big
name: Big Model
organization: Acme
release_date: '2022-01-10'
architecture: dense
parameters: 100B
open_weights: true
benchmarks:
  mmlu: {score: 61.0, shots: 5}
sources:
  parameters: https://example.com/big
  benchmarks.mmlu: https://example.com/big
""",
    "acme/small.yaml": f"""\
id: small
name: '{HOSTILE_NAME}'
organization: '<b>Acme</b> _Labs_'
release_date: '2023-05-01'
architecture: dense
parameters: 7B
open_weights: true
benchmarks:
  mmlu: {{score: 62.0, shots: 5}}
sources:
  parameters: https://example.com/small
  benchmarks.mmlu: https://example.com/small
""",
    # Out of range: lands in `rejects`, with its file and line.
    "acme/broken.yaml": """\
id: broken
name: Broken Model
organization: Acme
release_date: '2023-06-01'
architecture: dense
parameters: 3B
open_weights: true
benchmarks:
  mmlu: {score: 250.0, shots: 5}
sources:
  parameters: https://example.com/broken
  benchmarks.mmlu: https://example.com/broken
""",
}


@pytest.fixture(scope="module")
def hostile_warehouse(tmp_path_factory) -> Path:
    raw = tmp_path_factory.mktemp("raw-hostile")
    add_upstream(raw)
    for rel, text in HOSTILE_RECORDS.items():
        (raw / "models" / rel).parent.mkdir(parents=True, exist_ok=True)
        (raw / "models" / rel).write_text(text)
    path = tmp_path_factory.mktemp("wh-hostile") / "atlas.duckdb"
    assert build_warehouse(raw, path).success
    return path


def _markdown_texts(at: AppTest) -> list[str]:
    return [
        m.value
        for m in (
            *at.markdown,
            *at.caption,
            *at.title,
            *at.subheader,
            *at.info,
            *at.warning,
            *at.success,
            *at.metric,
        )
    ]


@pytest.mark.parametrize("page", PAGES)
def test_names_from_the_data_are_shown_as_text_never_markdown(monkeypatch, hostile_warehouse, page):
    # Upstream models are in this warehouse too: the Overview is narrowed to the hostile org.
    url = {MODEL: {"model": "small"}, OVERVIEW: {"org": "<b>Acme</b> _Labs_"}}.get(page, {})
    at = run_app(monkeypatch, hostile_warehouse, page, url)
    tables = [table(at, i) for i in range(len(at.dataframe))]
    if page in (OVERVIEW, EXPLORER, FRONTIER):
        assert any(HOSTILE_NAME in set(t.get("name", [])) for t in tables), page
    if page == MODEL:
        assert at.selectbox(key="model_picker").value == "small"
        assert any("<b>Acme</b> _Labs_" in set(t.get("value_text", [])) for t in tables)
    assert not any("Bold" in t or "Acme" in t for t in _markdown_texts(at)), page


def test_rejected_records_are_listed_with_file_line_and_reason(monkeypatch, hostile_warehouse):
    at = run_app(monkeypatch, hostile_warehouse, DATA_QUALITY)
    rejects = table(at, len(at.dataframe) - 1)
    expected = sql(hostile_warehouse, "SELECT * FROM rejects")
    assert len(expected) > 0 and len(rejects) == len(expected)
    assert rejects["source_file"].str.endswith("broken.yaml").all()
    assert rejects["source_line"].notna().any() and rejects["reason"].str.len().gt(0).all()
    assert metric_values(at)["Rejected record files"] == "1"


# --------------------------------------------------------------------------- a second build

ACME_SOURCE = "https://example.com/acme"


def acme_record(model_id: str, name: str, date: str, params: str, mmlu: float, gsm8k: float) -> str:
    return f"""\
id: {model_id}
name: {name}
organization: Acme Research
release_date: '{date}'
architecture: dense
parameters: {params}
open_weights: true
benchmarks:
  mmlu: {{score: {mmlu}, shots: 5}}
  gsm8k: {{score: {gsm8k}, shots: 8}}
sources:
  parameters: {ACME_SOURCE}/{model_id}/{params}
  benchmarks.mmlu: {ACME_SOURCE}/{model_id}
  benchmarks.gsm8k: {ACME_SOURCE}/{model_id}
"""


FIRST_BUILD = {
    "acme/acme-alpha.yaml": acme_record("acme-alpha", "Acme Alpha", "2022-06-01", "70B", 65, 40),
    "acme/acme-beta.yaml": acme_record("acme-beta", "Acme Beta", "2023-03-01", "13B", 62, 55),
    "acme/acme-gamma.yaml": acme_record("acme-gamma", "Acme Gamma", "2023-09-01", "7B", 58, 60),
}
# The second build: Alpha's parameter count corrected, Gamma withdrawn, Delta released.
SECOND_BUILD = {
    "acme/acme-alpha.yaml": acme_record("acme-alpha", "Acme Alpha", "2022-06-01", "72B", 65, 40),
    "acme/acme-beta.yaml": FIRST_BUILD["acme/acme-beta.yaml"],
    "acme/acme-delta.yaml": acme_record("acme-delta", "Acme Delta", "2024-02-01", "3B", 61, 62),
}


@pytest.fixture(scope="module")
def rebuilt_warehouse(tmp_path_factory) -> Path:
    """Two builds published to the same path: the second one's `changelog` holds one model
    added, one removed and one value changed; its records also score GSM8K."""
    path = tmp_path_factory.mktemp("wh-rebuilt") / "atlas.duckdb"
    for n, records in enumerate((FIRST_BUILD, SECOND_BUILD)):
        raw = tmp_path_factory.mktemp(f"raw-build-{n}")
        add_upstream(raw)
        for rel, text in records.items():
            (raw / "models" / rel).parent.mkdir(parents=True, exist_ok=True)
            (raw / "models" / rel).write_text(text)
        assert build_warehouse(raw, path).success
    return path


def test_overview_says_what_changed_in_the_last_build(monkeypatch, rebuilt_warehouse):
    at = run_app(monkeypatch, rebuilt_warehouse)
    counts = sql(
        rebuilt_warehouse, "SELECT change, count(*) AS n FROM changelog GROUP BY change"
    ).set_index("change")["n"]
    # Alpha's parameter count changed: total, and active with it (a dense model).
    assert counts.to_dict() == {"added": 1, "removed": 1, "changed": 2}
    metrics = metric_values(at)
    assert metrics["Models added"] == "1"
    assert metrics["Models removed"] == "1"
    assert metrics["Values changed"] == "2"

    changed = next(t for t in (table(at, i) for i in range(len(at.dataframe))) if "old_text" in t)
    expected = sql(
        rebuilt_warehouse, "SELECT * FROM changelog WHERE change = 'changed' ORDER BY field"
    )
    assert list(expected["field"]) == ["params_active", "params_total"]
    assert list(changed["model_id"]) == ["acme-alpha", "acme-alpha"]
    assert list(changed["field"]) == list(expected["field"])
    assert list(changed["old_text"]) == ["70B", "70B"] and list(changed["new_text"]) == ["72B"] * 2
    by_field = dict(zip(changed["field"], changed["source"], strict=True))
    assert by_field["params_total"] == f"{ACME_SOURCE}/acme-alpha/72B"
    assert (changed["model_page"] == "./model?model=acme-alpha").all()

    [build] = sql(
        rebuilt_warehouse, "SELECT DISTINCT built_at, git_commit FROM build_manifest"
    ).itertuples(index=False)
    caption = next(c.value for c in at.caption if "from commit" in c.value)
    assert f"{pd.Timestamp(build.built_at):%Y-%m-%d %H:%M} UTC" in caption
    commit = build.git_commit.split("-")[0][:12]
    assert commit in caption or ("unknown" in caption and build.git_commit == "unknown")
    assert "No earlier build to compare with" not in " ".join(c.value for c in at.caption)


def test_overview_on_a_first_build_counts_every_model_as_added(monkeypatch, warehouse):
    at = run_app(monkeypatch, warehouse)
    added = sql(warehouse, "SELECT count(*) AS n FROM changelog WHERE change = 'added'")["n"][0]
    assert metric_values(at)["Models added"] == f"{added:,}"
    assert any("No earlier build to compare with" in c.value for c in at.caption)


def test_benchmark_selector_changes_the_frontier(monkeypatch, rebuilt_warehouse):
    at = run_app(monkeypatch, rebuilt_warehouse, FRONTIER, {"threshold": "50"})
    picker = at.selectbox(key="benchmark")
    assert picker.value == "mmlu"
    assert {"MMLU 5-shot", "GSM8K (5-shot)", "MMLU-Pro (5-shot)"} <= set(picker.options)
    mmlu = table(at)

    picker.set_value("gsm8k")
    rerun(at)
    gsm8k = table(at)
    # One protocol per chart: GSM8K's most common one is the leaderboard's 5-shot; the Acme
    # records' 8-shot scores (3) are left out, and the page says so.
    expected = sql(
        rebuilt_warehouse,
        """
        WITH q AS (
            SELECT m.model_id, m.release_date, m.params_total AS params
            FROM benchmark_scores AS b JOIN models AS m USING (model_id)
            WHERE b.benchmark = 'gsm8k' AND b.shots = 5 AND b.score >= 50
              AND m.params_total IS NOT NULL AND m.release_date IS NOT NULL
        )
        SELECT model_id FROM q AS a
        WHERE NOT EXISTS (
            SELECT 1 FROM q AS b WHERE b.release_date <= a.release_date AND b.params <= a.params
              AND (b.release_date < a.release_date OR b.params < a.params)
        )
        ORDER BY release_date
        """,
    )
    assert list(gsm8k["model_id"]) == list(expected["model_id"])
    assert len(gsm8k) >= 2 and not gsm8k["model_id"].str.startswith("acme-").any()
    assert set(gsm8k["benchmark"]) == {"gsm8k"}
    assert list(gsm8k["model_id"]) != list(mmlu["model_id"])
    assert any("3 score(s) of this benchmark at another shot count" in c.value for c in at.caption)
    spec = chart_spec(at)
    assert "GSM8K (5-shot)" in json.dumps(spec["title"])


# --------------------------------------------------------------------------- shared filters

# Meta AI models, as the `org` filter matches them (one of the organisations listed).
META = "list_contains(string_split(m.organization, ','), 'Meta AI')"


def frames_with(at: AppTest, column: str) -> list[pd.DataFrame]:
    return [table(at, i) for i in range(len(at.dataframe)) if column in table(at, i).columns]


def test_frontier_follows_the_shared_filters_and_the_url(monkeypatch, warehouse):
    url = {"org": "Meta AI", "threshold": "50", "basis": "Total"}
    at = run_app(monkeypatch, warehouse, FRONTIER, url)
    assert at.sidebar.multiselect(key="org").value == ["Meta AI"]  # the URL restores the filter
    assert at.slider(key="threshold").value == 50  # and the page's own parameter still works

    shown = table(at)
    meta_sql = FRONTIER_SQL.replace("WHERE m.mmlu >= ?", f"WHERE {META} AND m.mmlu >= ?")
    expected = sql(warehouse, meta_sql, [50])
    assert len(expected) >= 2
    assert list(shown["model_id"]) == list(expected["model_id"])
    assert shown["organization"].str.contains("Meta AI").all()
    everyone = sql(warehouse, FRONTIER_SQL, [50])
    assert list(expected["model_id"]) != list(everyone["model_id"])  # the filter changed it
    assert set(chart_rows(at)["model_id"].dropna()) >= set(expected["model_id"])
    assert any("fitted on all models" in c.value for c in at.caption)

    by_hand = run_app(monkeypatch, warehouse, FRONTIER, {"threshold": "50"})
    assert list(table(by_hand)["model_id"]) == list(everyone["model_id"])
    by_hand.sidebar.multiselect(key="org").set_value(["Meta AI"])
    rerun(by_hand)
    assert list(table(by_hand)["model_id"]) == list(shown["model_id"])


def test_compute_optimal_follows_the_shared_filters_and_the_url(monkeypatch, warehouse):
    at = run_app(
        monkeypatch, warehouse, COMPUTE_OPTIMAL, {"org": "Meta AI", "fit": "Hoffmann 2022"}
    )
    assert at.sidebar.multiselect(key="org").value == ["Meta AI"]
    assert at.segmented_control(key="fit").value == "hoffmann_2022"

    spec_rows = chart_rows(at, 0)
    points = spec_rows[spec_rows["model_id"].notna()] if "model_id" in spec_rows else spec_rows
    meta_ids = set(
        sql(
            warehouse,
            "SELECT c.model_id FROM compute_optimal AS c JOIN models AS m USING (model_id) "
            f"WHERE {META} AND c.tokens_per_param IS NOT NULL",
        )["model_id"]
    )
    assert len(points) > 0 and set(points["model_id"]) <= meta_ids

    query = """
        SELECT f.model_id FROM compute_optimal_by_fit AS f
        JOIN models AS m USING (model_id)
        WHERE f.fit = 'hoffmann_2022' AND m.base_model_id IS NULL {extra}
        ORDER BY f.over_training_factor {order}, f.model_id LIMIT 10
    """
    over, under = frames_with(at, "over_training_factor")
    for frame, order in ((over, "DESC"), (under, "ASC")):
        expected = sql(warehouse, query.format(extra=f"AND {META}", order=order))
        assert len(expected) > 0 and list(frame["model_id"]) == list(expected["model_id"])
        unfiltered = sql(warehouse, query.format(extra="", order=order))
        assert list(expected["model_id"]) != list(unfiltered["model_id"])
    assert any("fitted on all models" in c.value for c in at.caption)

    by_hand = run_app(monkeypatch, warehouse, COMPUTE_OPTIMAL, {"fit": "Hoffmann 2022"})
    by_hand.sidebar.multiselect(key="org").set_value(["Meta AI"])
    rerun(by_hand)
    assert list(frames_with(by_hand, "over_training_factor")[0]["model_id"]) == list(
        over["model_id"]
    )


def test_scaling_follows_the_shared_filters_and_the_url(monkeypatch, warehouse):
    at = run_app(monkeypatch, warehouse, SCALING, {"org": "Meta AI", "colour": "Open weights"})
    assert at.sidebar.multiselect(key="org").value == ["Meta AI"]
    assert at.segmented_control(key="colour").value == "weights"

    sets = datasets(at, chart_index(at, "MMLU against parameters"))
    points = next(d for d in sets.values() if "params_total" in d and "mmlu" in d and "name" in d)
    expected = sql(
        warehouse,
        f"SELECT m.model_id FROM models AS m WHERE {META} AND m.mmlu IS NOT NULL "
        "AND m.params_total > 0",
    )
    everyone = sql(warehouse, "SELECT count(*) AS n FROM models WHERE mmlu IS NOT NULL")["n"][0]
    assert 0 < len(expected) < everyone
    assert sorted(points["model_id"]) == sorted(expected["model_id"])
    # The fitted curve stays the one fitted on all models.
    curve = next(d for d in sets.values() if "score_pct" in d and "x_value" in d)
    grid = sql(
        warehouse,
        "SELECT x FROM capability_curves WHERE x_variable = 'log10_params' "
        "AND \"group\" = 'all' AND confidence_filter = 'all'",
    )
    assert len(curve) == len(grid)
    assert any("fitted on all models" in c.value for c in at.caption)

    emergence = datasets(at, chart_index(at, "compute"))  # the emergence chart's points
    rows = [d for d in emergence.values() if "model_id" in d]
    meta = set(sql(warehouse, f"SELECT model_id FROM models AS m WHERE {META}")["model_id"])
    assert all(set(d["model_id"]) <= meta for d in rows)


def test_cost_follows_the_shared_filters_and_the_url(monkeypatch, warehouse):
    url = {"org": "Meta AI", "price_threshold": "60%"}
    at = run_app(monkeypatch, warehouse, COST, url)
    assert at.sidebar.multiselect(key="org").value == ["Meta AI"]
    assert at.segmented_control(key="price_threshold").value == 60.0

    sets = datasets(at, chart_index(at, "API price against MMLU"))
    dots = next(d for d in sets.values() if "on_frontier" in d)
    open_sql = PRICE_FRONTIER_SQL.replace(
        "FROM models\n", f"FROM models AS m\n    WHERE {META}\n", 1
    ).replace("    WHERE mmlu IS NOT NULL", "      AND mmlu IS NOT NULL", 1)
    expected = sql(
        warehouse,
        f"SELECT model_id FROM models AS m WHERE {META} AND mmlu IS NOT NULL "
        "AND price_usd_per_1m_input_tokens IS NOT NULL "
        "AND price_usd_per_1m_output_tokens IS NOT NULL",
    )
    assert len(expected) > 0 and sorted(dots["model_id"]) == sorted(expected["model_id"])
    frontier = set(sql(warehouse, open_sql)["model_id"])
    assert set(dots.loc[dots["on_frontier"], "model_id"]) == frontier
    assert frontier != set(sql(warehouse, PRICE_FRONTIER_SQL)["model_id"])

    costs = datasets(at, chart_index(at, "Training cost over time"))
    points = next(d for d in costs.values() if "training_cost_usd" in d)
    cost_ids = sql(
        warehouse, f"SELECT model_id FROM models AS m WHERE {META} AND training_cost_usd > 0"
    )
    assert len(cost_ids) > 0
    assert sorted(points["model_id"]) == sorted(cost_ids["model_id"])
    # Record-holders and growth rates are the warehouse's, fitted on all models.
    assert sorted(table(at, 0)["model_id"]) == sorted(
        sql(warehouse, "SELECT model_id FROM cost_frontier WHERE threshold = 60")["model_id"]
    )
    assert any("fitted on all models" in c.value for c in at.caption)


def test_shared_filters_carry_from_the_explorer_to_the_frontier(monkeypatch, warehouse):
    at = run_app(monkeypatch, warehouse, EXPLORER, {"org": "Meta AI"})
    at.switch_page(FRONTIER)
    rerun(at)
    assert at.sidebar.multiselect(key="org").value == ["Meta AI"]
    assert table(at)["organization"].str.contains("Meta AI").all()


def test_overview_credits_every_upstream_that_asks_for_attribution(monkeypatch, warehouse):
    """CC-BY data (Epoch AI, LLM-Stats) must be credited where it is shown."""
    from dashboard import formats

    at = run_app(monkeypatch, warehouse)
    [credits] = [c.value for c in at.caption if c.value.startswith("Data:")]
    for manifest in sorted((RAW_DIR / "upstream").glob("*/MANIFEST.yaml")):
        meta = yaml.safe_load(manifest.read_text(encoding="utf-8"))
        label = formats.UPSTREAM_LABELS[meta["source"]]
        if meta["licence"].upper().startswith("CC-BY"):
            assert label in credits and "CC-BY 4.0" in credits, meta["source"]


def test_data_quality_lists_the_upstream_values_left_out(monkeypatch, warehouse):
    at = run_app(monkeypatch, warehouse, DATA_QUALITY)
    expected = sql(warehouse, "SELECT source, name, field FROM upstream_errata ORDER BY ALL")
    assert len(expected) >= 5  # the committed ERRATA.yaml files list at least these
    [shown] = frames_with(at, "reason")
    assert sorted(zip(shown["name"], shown["field"], strict=True)) == sorted(
        zip(expected["name"], expected["field"], strict=True)
    )
    assert {
        "LLM-Stats",
        "ObsScaling (Ruan et al. 2024)",
        "Epoch AI models (every snapshot)",
    } == set(shown["source_label"])


def test_data_quality_lists_what_epoch_revised(monkeypatch, warehouse):
    """Every value Epoch AI changed between its exports is shown with both values and dates;
    DeepSeek-V3's compute, 3.41e24 (2025-08) -> 3.3e24 (2026-08), among them."""
    at = run_app(monkeypatch, warehouse, DATA_QUALITY)
    expected = sql(warehouse, "SELECT model_id, field FROM upstream_revisions")
    assert len(expected) > 0
    [shown] = frames_with(at, "snapshots")
    assert len(shown) == len(expected)
    row = shown[(shown["model_id"] == "deepseek-v3") & (shown["field"] == "training_compute_flop")]
    assert len(row) == 1
    assert row["change_pct"].iloc[0] == pytest.approx(-3.16, abs=0.05)
    assert "2025-08-07" in row["snapshots"].iloc[0] and "2026-08-19" in row["snapshots"].iloc[0]
