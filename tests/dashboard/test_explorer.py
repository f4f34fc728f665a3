"""The Explorer page, run headless with AppTest over the real warehouse."""

from __future__ import annotations

import pandas as pd

from tests.dashboard.apptest import EXPLORER, open_filters, rerun, run_app, sql, table


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
    at = open_filters(run_app(monkeypatch, warehouse, EXPLORER))
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

    by_hand = open_filters(run_app(monkeypatch, warehouse, EXPLORER))
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
