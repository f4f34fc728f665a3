"""dashboard/charts/compute_optimal.py: checked on the Vega-Lite spec it produces."""

from __future__ import annotations

import polars as pl

from dashboard import charts
from tests.dashboard.charts.chartspec import dataset_rows, layers, subtitle
from tests.dashboard.charts.test_overview import tokens_frame


def test_optima_bands_skip_fixed_rules_and_get_a_legend():
    points = tokens_frame([("A", "2023-01-01", 7e9, 2e12, None)])
    optima = pl.DataFrame(
        {
            "fit": ["hoffmann_2022", "chinchilla_20x", "besiroglu_2024"],
            "low": [50.0, 20.0, 17.0],
            "high": [122.0, 20.0 + 1e-12, 21.5],
        }
    )
    chart = charts.tokens_per_param_vs_date_chart(points, optima=optima)
    band = layers(chart)[0]
    assert band["mark"]["type"] == "rect"
    rows = dataset_rows(chart, band)
    assert [r["fit"] for r in rows] == ["hoffmann_2022", "besiroglu_2024"]  # 20:1 is the rule
    assert band["encoding"]["fill"]["scale"]["domain"] == ["Hoffmann 2022", "Besiroglu 2024"]


def allocation_rows() -> pl.DataFrame:
    budgets = [1e20, 1e22, 1e24]
    return pl.DataFrame(
        {
            "fit": ["besiroglu_2024"] * 3 + ["hoffmann_2022"] * 3,
            "budget_flop": budgets * 2,
            "params_opt": [3e8, 3e9, 3e10, 2e8, 2e9, 2e10],
            "tokens_opt": [1e10, 1e11, 1e12, 1e10, 1e11, 1e12],
            "tokens_per_param": [18.0] * 3 + [60.0] * 3,
            "loss_opt": [2.5, 2.2, 2.0, 2.4, 2.1, 1.9],
            "citation": ["Besiroglu et al. 2024"] * 3 + ["Hoffmann et al. 2022"] * 3,
        }
    )


def test_params_vs_budget_is_log_log_with_the_budget_marked_and_models_behind():
    models = pl.DataFrame(
        {
            "name": ["In range", "Too small"],
            "organization": ["Org", "Org"],
            "compute_6nd_flop": [1e23, 1e15],
            "params_active": [7e9, 1e6],
            "training_tokens": [2e12, 1e8],
            "tokens_per_param": [285.0, 100.0],
            "tokens_source": ["https://example.com/a", "https://example.com/b"],
        }
    )
    chart = charts.params_vs_budget_chart(allocation_rows(), budget=1e23, models=models)
    spec = chart.to_dict()
    for layer in spec["layer"]:
        for axis in ("x", "y"):
            scale = layer["encoding"].get(axis, {}).get("scale")
            if scale:
                assert scale["type"] == "log"
    dots = spec["layer"][0]
    assert [r["name"] for r in dataset_rows(chart, dots)] == ["In range"]
    assert "1 model outside the budget range" in subtitle(chart)
    [rule] = [layer for layer in spec["layer"] if layer["mark"]["type"] == "rule"]
    assert [r["budget_flop"] for r in dataset_rows(chart, rule)] == [1e23]
    line = next(layer for layer in spec["layer"] if layer["mark"]["type"] == "line")
    assert {"citation", "params_label", "loss_opt"} <= {
        t["field"] for t in line["encoding"]["tooltip"]
    }
