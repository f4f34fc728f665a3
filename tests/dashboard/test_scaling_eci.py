"""The Scaling page's ECI view (issue 16): ECI over time open vs closed with Epoch's intervals
(`capability_index`, `eci_frontier`), the open–closed gap (`eci_open_closed_gap`), and ECI
against training compute."""

from __future__ import annotations

from tests.dashboard.apptest import (
    SCALING,
    all_specs,
    chart_index,
    chart_rows,
    metric_values,
    run_app,
    specs,
    sql,
    title_of,
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

    at = run_app(monkeypatch, warehouse, SCALING, {"section": "Capabilities Index"})
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


def _fit(warehouse, measure):
    return sql(warehouse, "SELECT * FROM benchmark_compute_fits WHERE measure = ?", [measure])


def test_scaling_page_draws_eci_against_compute_with_its_fitted_line(monkeypatch, warehouse):
    expected = sql(
        warehouse,
        "SELECT c.model_id FROM capability_index AS c JOIN models AS m USING (model_id) "
        "WHERE c.eci IS NOT NULL AND m.training_compute_flop > 0",
    )
    fit = _fit(warehouse, "eci").iloc[0]
    curve = sql(warehouse, "SELECT * FROM benchmark_compute_curves WHERE measure = 'eci'")
    assert len(expected) > 0 and fit.status == "fitted"
    at = run_app(monkeypatch, warehouse, SCALING, {"section": "Capabilities Index"})
    index = chart_index(at, "ECI against training compute")
    assert f"Line fitted on {fit.n_points} releases" in title_of(specs(at)[index])
    rows = chart_rows(at, index)
    assert set(rows["model_id"].dropna()) == set(expected["model_id"])
    # the line and its band: every grid point of the published curve
    drawn = rows.dropna(subset=["value"]).sort_values("value")
    assert list(drawn["value"].round(9)) == sorted(curve["value"].round(9))
    assert (drawn["value_lower"] <= drawn["value"]).all()
    # n, method and parameters in words, under the chart and in its text summary
    text = f"b = {fit.slope:+.1f} points per tenfold compute"
    said = [c.value for c in at.caption if text in c.value]
    assert len(said) == 2, said  # the caption and the chart's summary
    assert all(f"n = {fit.n_points} releases" in c and "R² = " in c for c in said)
    assert any("Line: ECI = a + b · log10 FLOP" in c for c in said)


def test_scaling_page_draws_gpqa_diamond_against_compute_with_its_sigmoid(monkeypatch, warehouse):
    expected = sql(
        warehouse,
        "SELECT DISTINCT b.model_id, m.release_date FROM benchmark_scores b JOIN models m "
        "USING (model_id) WHERE b.benchmark = 'gpqa_diamond' AND b.measured_by = 'epoch' "
        "AND m.training_compute_flop > 0",
    )
    fit = _fit(warehouse, "gpqa_diamond").iloc[0]
    assert fit.status == "fitted" and fit.floor_pct == 25.0
    at = run_app(monkeypatch, warehouse, SCALING, {"section": "Capabilities Index"})
    index = chart_index(at, "GPQA Diamond (Epoch AI's runs, 0-shot) against training compute")
    rows = chart_rows(at, index)
    assert set(rows["model_id"].dropna()) == set(expected["model_id"])
    fitted = rows.dropna(subset=["value"])
    assert len(fitted) > 0
    assert fitted["value_lower"].min() >= 25.0 and fitted["value_upper"].max() <= 100.0
    assert (rows.loc[rows["model_id"].isna(), "score"] == 25.0).any()  # the chance line
    text = f"k = {fit.k:.2f} per tenfold compute"
    said = [c.value for c in at.caption if text in c.value]
    assert len(said) == 2 and all("floor 25 % (chance)" in c for c in said), said
    # the coverage strip under it counts the releases per year
    strip = [s for s in all_specs(at) if "an Epoch AI GPQA Diamond run" in title_of(s)]
    assert strip, "no coverage strip under the GPQA Diamond chart"
    assert 8 <= fit.n_points <= len(expected)
