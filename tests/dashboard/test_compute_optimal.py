"""The Compute-optimal page, run headless with AppTest over the real warehouse."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from tests.dashboard.apptest import (
    COMPUTE_OPTIMAL,
    chart_index,
    chart_rows,
    datasets,
    metric_values,
    rerun,
    run_app,
    spec_titled,
    specs,
    sql,
    table,
    tooltip_fields,
    y_scales,
)


def allocation_from_db(warehouse: Path, budget: float) -> pd.DataFrame:
    return sql(
        warehouse,
        "SELECT fit, params_opt, tokens_opt FROM compute_optimal_allocation WHERE budget_flop = ?",
        [budget],
    ).set_index("fit")


CALCULATOR = {"section": "Calculator"}


def test_compute_optimal_calculator_reproduces_the_published_fits(monkeypatch, warehouse):
    at = run_app(monkeypatch, warehouse, COMPUTE_OPTIMAL, CALCULATOR)
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
    at = run_app(monkeypatch, warehouse, COMPUTE_OPTIMAL, CALCULATOR)
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
    assert len(specs(at)) == 1  # the page opens on its first section, drawn alone

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

    at = run_app(monkeypatch, warehouse, COMPUTE_OPTIMAL, CALCULATOR)
    assert len(specs(at)) == 1
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
    at = run_app(monkeypatch, warehouse, COMPUTE_OPTIMAL, {"section": "Over- and under-trained"})
    query = """
        SELECT f.model_id, f.over_training_factor FROM compute_optimal_by_fit AS f
        JOIN models AS m USING (model_id)
        WHERE f.fit = ? AND m.base_model_id IS NULL
        ORDER BY f.over_training_factor {order}, f.model_id LIMIT 10
    """
    over, under = table(at, 0), table(at, 1)
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
    assert list(table(at, 0)["over_training_factor"]) == pytest.approx(
        list(hoffmann["over_training_factor"])
    )


def test_scaling_law_fits_table_shows_our_refit_next_to_the_published_one(monkeypatch, warehouse):
    at = run_app(monkeypatch, warehouse, COMPUTE_OPTIMAL, {"section": "The fitted law"})
    fits = table(at, len(at.dataframe) - 1)
    expected = sql(warehouse, "SELECT * FROM scaling_law_fits").set_index("parameter")
    assert set(fits["parameter"]) == set(expected.index)
    alpha = fits.set_index("parameter").loc["alpha"]
    assert alpha["estimate"] == pytest.approx(expected.loc["alpha", "estimate"])
    assert alpha["published_interval_text"] == "0.317 – 0.373"  # Besiroglu et al. 2024
    assert "–" in alpha["interval_text"]
