"""The Cost page, run headless with AppTest over the real warehouse."""

from __future__ import annotations

from tests.dashboard.apptest import (
    COST,
    all_specs,
    chart_index,
    datasets,
    metric_values,
    rerun,
    run_app,
    spec_titled,
    sql,
    table,
    title_of,
    tooltip_fields,
    y_scales,
)
from tests.dashboard.test_frontier import layer_marks

CHEAPEST = {"section": "Cheapest over time"}  # the cheapest model above an MMLU score

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
    at = run_app(monkeypatch, warehouse, COST, CHEAPEST)
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
    at = run_app(monkeypatch, warehouse, COST, {"section": "Training cost"})
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

    at = run_app(monkeypatch, warehouse, COST, {"section": "Growth rates"})
    rates = table(at, len(at.dataframe) - 1)
    expected = sql(warehouse, "SELECT metric, n_points FROM growth_rates")
    assert sorted(rates["metric"]) == sorted(expected["metric"])
    compute = rates.set_index("metric").loc["training_compute_flop"]
    assert compute["fold_text"].startswith("×") and "–" in compute["fold_interval"]


def test_cost_trend_says_it_uses_the_price_in_force_at_release(monkeypatch, warehouse):
    """At MMLU >= 80 % the record-holders are priced as `cost_frontier` prices them: at the
    price in force at release. GPT-4o mini shows its launch price date (its release day), not
    the 2026 observation `models` keeps; the caption says which price date the chart uses."""
    at = run_app(monkeypatch, warehouse, COST, {"price_threshold": "80%"})
    records = table(at, 0).set_index("model_id")
    expected = sql(
        warehouse,
        "SELECT f.model_id, f.price_as_of_date, f.price_usd_per_1m_blended, m.release_date, "
        "m.price_as_of_date AS newest FROM cost_frontier AS f JOIN models AS m USING (model_id) "
        "WHERE f.threshold = 80",
    ).set_index("model_id")
    assert sorted(records.index) == sorted(expected.index)
    for model_id, row in expected.iterrows():
        assert records.loc[model_id, "price_as_of_date"] == row["price_as_of_date"]
        assert (
            abs(records.loc[model_id, "price_usd_per_1m_blended"] - row["price_usd_per_1m_blended"])
            <= 1e-9 * row["price_usd_per_1m_blended"]
        )
    mini = expected.loc["gpt-4o-mini"]
    assert mini["price_as_of_date"] == mini["release_date"] < mini["newest"]
    assert records.loc["gpt-4o-mini", "price_days_after_release"] == 0
    launch = int((records["price_days_after_release"] <= 0).sum())
    assert any(
        "price in force on its release date" in c.value
        and f"{launch} of {len(records)} here are launch prices" in c.value
        for c in at.caption
    )


def test_cost_trend_chart_title_names_the_price_date(monkeypatch, warehouse):
    at = run_app(monkeypatch, warehouse, COST, CHEAPEST)
    subtitle = title_of(spec_titled(at, "Cheapest model scoring"))
    assert "at the price in force then" in subtitle and "latest" not in subtitle


def test_mmlu_cost_trend_counts_its_models_per_year(monkeypatch, warehouse):
    """The price-trend chart's per-year strip: every model with MMLU at or above the threshold
    and both API prices (the population the record-holders come from), per release year."""
    at = run_app(monkeypatch, warehouse, COST, CHEAPEST)
    index = chart_index(at, "70% and an API price, per release year")
    assert "MMLU ≥ 70%" in title_of(all_specs(at)[index])
    (rows,) = datasets(at, index).values()
    expected = sql(
        warehouse,
        "SELECT year(release_date) AS y, count(*) AS n FROM models WHERE mmlu >= 70 "
        "AND price_usd_per_1m_input_tokens IS NOT NULL "
        "AND price_usd_per_1m_output_tokens IS NOT NULL AND release_date IS NOT NULL "
        "AND (3 * price_usd_per_1m_input_tokens + price_usd_per_1m_output_tokens) > 0 "
        "GROUP BY 1",
    )
    assert len(expected) > 0
    assert dict(zip(rows["year"], rows["models"], strict=True)) == dict(
        zip(expected["y"], expected["n"], strict=True)
    )
