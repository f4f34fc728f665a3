"""The Scaling page's ECI view (issue 16): ECI over time open vs closed with Epoch's intervals
(`capability_index`, `eci_frontier`), the open–closed gap (`eci_open_closed_gap`), and ECI
against training compute."""

from __future__ import annotations

import json

from tests.dashboard.apptest import (
    SCALING,
    chart_index,
    chart_rows,
    metric_values,
    run_app,
    specs,
    sql,
)


def test_scaling_page_shows_eci_over_time_and_the_gap(monkeypatch, warehouse):
    eci = sql(
        warehouse,
        "SELECT c.model_id, c.eci, m.release_date FROM capability_index AS c JOIN models AS m "
        "USING (model_id) WHERE c.eci IS NOT NULL AND m.release_date IS NOT NULL",
    )
    records = sql(warehouse, "SELECT weights, release_date, eci FROM eci_frontier")
    gap = sql(
        warehouse,
        "SELECT * FROM eci_open_closed_gap WHERE gap_months IS NOT NULL ORDER BY open_release_date",
    )
    assert len(eci) > 0 and len(gap) > 0

    at = run_app(monkeypatch, warehouse, SCALING)
    index = chart_index(at, "ECI over time, open vs closed")
    rows = chart_rows(at, index)
    assert set(rows["model_id"].dropna()) == set(eci["model_id"])
    assert len(rows[rows["model_id"].notna()].drop_duplicates("model_id")) == len(eci)
    # the step lines hold every eci_frontier record
    steps = rows[rows["model_id"].isna()]
    assert set(zip(records["weights"], records["eci"], strict=True)) <= set(
        zip(steps["weights"], steps["eci"], strict=True)
    )

    metrics = metric_values(at)
    assert metrics["Latest open–closed gap"] == f"{gap.iloc[-1].gap_months:.1f} months"
    assert metrics["Median gap over open records"] == f"{gap['gap_months'].median():.1f} months"
    per_year = eci["release_date"].dt.year.value_counts().sort_index()
    line = "Releases with an ECI per year: " + " · ".join(f"{y}: {n}" for y, n in per_year.items())
    assert line in [c.value for c in at.caption]
    assert any("days / 30.44" in c.value for c in at.caption)  # the method is stated


def test_scaling_page_plots_eci_against_compute_without_a_fit(monkeypatch, warehouse):
    expected = sql(
        warehouse,
        "SELECT c.model_id FROM capability_index AS c JOIN models AS m USING (model_id) "
        "WHERE c.eci IS NOT NULL AND m.training_compute_flop > 0",
    )
    assert len(expected) > 0
    at = run_app(monkeypatch, warehouse, SCALING)
    index = chart_index(at, "ECI against training compute")
    assert "No fitted sigmoid yet" in json.dumps(specs(at)[index]["title"])
    rows = chart_rows(at, index)
    assert set(rows["model_id"].dropna()) == set(expected["model_id"])
