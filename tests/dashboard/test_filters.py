"""The shared sidebar filters, carried from page to page, run headless with AppTest."""

from __future__ import annotations

import pytest
import yaml

from dashboard.filters import FILTERS_BOX
from tests.conftest import RAW_DIR
from tests.dashboard.apptest import (
    COMPUTE_OPTIMAL,
    COST,
    DATA_QUALITY,
    EXPLORER,
    FRONTIER,
    SCALING,
    chart_index,
    chart_rows,
    datasets,
    frames_with,
    metric_values,
    open_filters,
    rerun,
    run_app,
    sql,
    table,
)
from tests.dashboard.test_cost import PRICE_FRONTIER_SQL
from tests.dashboard.test_frontier import FRONTIER_SQL

# Meta AI models, as the `org` filter matches them (one of the organisations listed).
META = "list_contains(string_split(m.organization, ','), 'Meta AI')"


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
    open_filters(by_hand)
    by_hand.sidebar.multiselect(key="org").set_value(["Meta AI"])
    rerun(by_hand)
    assert list(table(by_hand)["model_id"]) == list(shown["model_id"])


def test_compute_optimal_follows_the_shared_filters_and_the_url(monkeypatch, warehouse):
    at = run_app(
        monkeypatch, warehouse, COMPUTE_OPTIMAL, {"org": "Meta AI", "fit": "Hoffmann 2022"}
    )
    assert at.sidebar.multiselect(key="org").value == ["Meta AI"]
    assert at.segmented_control(key="fit").value == "hoffmann_2022"  # its section opens

    first = run_app(monkeypatch, warehouse, COMPUTE_OPTIMAL, {"org": "Meta AI"})
    spec_rows = chart_rows(first, 0)
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
    open_filters(by_hand)
    by_hand.sidebar.multiselect(key="org").set_value(["Meta AI"])
    rerun(by_hand)
    assert list(frames_with(by_hand, "over_training_factor")[0]["model_id"]) == list(
        over["model_id"]
    )


def test_scaling_follows_the_shared_filters_and_the_url(monkeypatch, warehouse):
    at = run_app(monkeypatch, warehouse, SCALING, {"org": "Meta AI", "colour": "By weights"})
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
    at = run_app(monkeypatch, warehouse, COST, {"org": "Meta AI"})
    assert at.sidebar.multiselect(key="org").value == ["Meta AI"]
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

    at = run_app(monkeypatch, warehouse, COST, {"org": "Meta AI", "section": "Training cost"})
    costs = datasets(at, chart_index(at, "Training cost over time"))
    points = next(d for d in costs.values() if "training_cost_usd" in d)
    cost_ids = sql(
        warehouse, f"SELECT model_id FROM models AS m WHERE {META} AND training_cost_usd > 0"
    )
    assert len(cost_ids) > 0
    assert sorted(points["model_id"]) == sorted(cost_ids["model_id"])
    # Record-holders and growth rates are the warehouse's, fitted on all models. The link's
    # threshold opens its section.
    at = run_app(monkeypatch, warehouse, COST, {"org": "Meta AI", "price_threshold": "60%"})
    assert at.segmented_control(key="price_threshold").value == 60.0
    assert sorted(table(at, 0)["model_id"]) == sorted(
        sql(warehouse, "SELECT model_id FROM cost_frontier WHERE threshold = 60")["model_id"]
    )
    assert any("fitted on all models" in c.value for c in at.caption)


FILTER_WIDGETS = ("org", "released", "weights", "arch", "size")


def _drawn_filters(at) -> set[str]:
    """The keys of the filter widgets drawn in the sidebar."""
    drawn = {
        w.key
        for kind in ("multiselect", "date_input", "segmented_control", "pills")
        for w in getattr(at.sidebar, kind)
    }
    return drawn & set(FILTER_WIDGETS)


def test_filters_wait_in_a_closed_expander_until_asked_for(monkeypatch, warehouse):
    """With no filter on, a page draws the *Filter models* expander closed and none of its six
    widgets (the first chart is not held up by them); opening it draws them at their
    defaults. A link that sets a filter opens it; closing it keeps the filter on. The Explorer,
    whose table the filters narrow, waits for the reader too."""
    everyone = sql(warehouse, "SELECT count(*) AS n FROM models")["n"][0]
    at = run_app(monkeypatch, warehouse)
    [box] = [e for e in at.sidebar.expander if e.label == "Filter models"]
    assert _drawn_filters(at) == set()
    assert metric_values(at)["Models"] == f"{everyone:,}"
    open_filters(at)
    assert _drawn_filters(at) == set(FILTER_WIDGETS)
    assert at.sidebar.multiselect(key="org").value == []
    assert metric_values(at)["Models"] == f"{everyone:,}"

    linked = run_app(monkeypatch, warehouse, None, {"size": "Large"})
    assert _drawn_filters(linked) == set(FILTER_WIDGETS)
    assert linked.sidebar.pills(key="size").value == ["Large"]
    narrowed = metric_values(linked)["Models"]
    assert narrowed != f"{everyone:,}"
    linked.session_state[FILTERS_BOX] = False  # the reader closes the expander
    rerun(linked)
    assert linked.sidebar.pills(key="size").value == ["Large"]  # the filter stays on
    assert metric_values(linked)["Models"] == narrowed
    assert linked.query_params["size"] in ("Large", ["Large"])  # and in the URL

    explorer = run_app(monkeypatch, warehouse, EXPLORER)
    assert _drawn_filters(explorer) == set()
    assert len(table(explorer)) == everyone  # every model in its table
    open_filters(explorer)
    assert _drawn_filters(explorer) == set(FILTER_WIDGETS)


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
    at = run_app(monkeypatch, warehouse, DATA_QUALITY, {"section": "Upstream errors"})
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
    at = run_app(monkeypatch, warehouse, DATA_QUALITY, {"section": "Epoch revisions"})
    expected = sql(warehouse, "SELECT model_id, field FROM upstream_revisions")
    assert len(expected) > 0
    [shown] = frames_with(at, "snapshots")
    assert len(shown) == len(expected)
    row = shown[(shown["model_id"] == "deepseek-v3") & (shown["field"] == "training_compute_flop")]
    assert len(row) == 1
    assert row["change_pct"].iloc[0] == pytest.approx(-3.16, abs=0.05)
    assert "2025-08-07" in row["snapshots"].iloc[0] and "2026-08-19" in row["snapshots"].iloc[0]
