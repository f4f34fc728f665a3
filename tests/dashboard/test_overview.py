"""The Overview page, run headless with AppTest over the real warehouse."""

from __future__ import annotations

import pandas as pd
import yaml

from tests.conftest import RAW_DIR
from tests.dashboard.apptest import (
    all_specs,
    chart_index,
    chart_rows,
    datasets,
    frontier_from_db,
    metric_values,
    open_filters,
    org_without_compute_or_tokens,
    rerun,
    run_app,
    spec_titled,
    specs,
    sql,
    table,
    title_of,
    tooltip_fields,
    y_scales,
)


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


NEWEST = {"section": "MMLU frontier and newest releases"}  # the Overview's second section


def test_overview_headline_charts(monkeypatch, warehouse):
    at = run_app(monkeypatch, warehouse)
    assert len(specs(at)) == 2  # the page opens on its trends, drawn alone

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
    assert "Not plotted" in title_of(compute)

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

    at = run_app(monkeypatch, warehouse, None, NEWEST)
    assert len(specs(at)) == 1
    frontier = spec_titled(at, "Smallest model scoring")
    assert set(y_scales(frontier)) == {"log"}
    rows = chart_rows(at, chart_index(at, "Smallest model scoring"))
    expected = frontier_from_db(warehouse).query("threshold == 60 and basis == 'total'")
    assert set(expected["model_id"]) <= set(rows["model_id"])


def test_overview_lists_newest_releases_and_every_upstream_snapshot(monkeypatch, warehouse):
    newest = table(run_app(monkeypatch, warehouse, None, NEWEST), 0)
    at = run_app(monkeypatch, warehouse, None, {"section": "Data freshness"})
    assert len(at.dataframe) == 0  # the snapshot table waits in its closed expander
    [box] = [e for e in at.expander if e.label.startswith("Upstream snapshots")]
    at.session_state["snapshots"] = True  # the reader opens it
    rerun(at)
    snapshots = table(at, 0)
    assert box.label == f"Upstream snapshots ({len(snapshots)} files)"
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
    assert any("last build" in c.value for c in at.caption)  # the coverage banner


def test_overview_filters_narrow_counts_and_charts(monkeypatch, warehouse):
    at = open_filters(run_app(monkeypatch, warehouse))
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


def test_a_chart_left_without_models_says_so_instead_of_empty_axes(monkeypatch, warehouse):
    """Filtered to an organisation none of whose models has a compute value or a token count,
    the two trend charts are notes saying what is not plotted and why: no empty axes, no strip
    of zeros under them."""
    org = org_without_compute_or_tokens(warehouse)
    models = sql(warehouse, "SELECT count(*) AS n FROM models WHERE organization = ?", [org])
    at = run_app(monkeypatch, warehouse, None, {"org": [org]})
    titles = [title_of(s) for s in all_specs(at)]
    assert titles == [], titles  # the Trends section drew no chart and no strip
    notes = {i.value.split("**")[1]: i.value for i in at.info if i.value.startswith("**")}
    compute = notes["Training compute of language models over time"]
    assert f"0 of {models['n'][0]} models plotted" in compute
    assert "without a compute value" in compute
    assert "without tokens or parameters" in notes["Training tokens per parameter over time"]
