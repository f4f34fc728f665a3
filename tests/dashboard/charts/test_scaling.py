"""dashboard/charts/scaling.py: checked on the Vega-Lite spec it produces."""

from __future__ import annotations

import datetime as dt

import polars as pl

from dashboard import charts
from tests.dashboard.charts.chartspec import layers, subtitle


def capability_points(orgs: list[str]) -> pl.DataFrame:
    n = len(orgs)
    return pl.DataFrame(
        {
            "model_id": [f"m{i}" for i in range(n)],
            "name": [f"Model {i}" for i in range(n)],
            "organization": orgs,
            "release_date": [dt.date(2023, 1, 1)] * n,
            "params_total": [1e9 * (i + 1) if i % 4 else None for i in range(n)],
            "training_compute_flop": [1e22 * (i + 1) for i in range(n)],
            "mmlu": [30.0 + i for i in range(n)],
            "weights_label": ["Open weights"] * n,
            "mmlu_source": ["https://example.com/mmlu"] * n,
            "params_source": ["https://example.com/params"] * n,
            "compute_source": ["https://example.com/compute"] * n,
        }
    )


def test_top_groups_ranks_by_count_then_name():
    values = pl.Series("organization", ["B", "A", "B", "C", "A", "D", None])
    assert charts.top_groups(values, 2) == ["A", "B"]  # ties broken by name
    assert charts.top_groups(values, 10) == ["A", "B", "C", "D"]


def test_mmlu_chart_colours_the_same_leaders_on_both_axes_and_labels_references():
    points = capability_points(["Big"] * 5 + ["Mid"] * 3 + ["Small"] * 1)
    curve = pl.DataFrame(
        {
            "x_value": [1e9, 1e10],
            "x": [9.0, 10.0],
            "score_pct": [30.0, 60.0],
            "score_pct_lower": [28.0, 55.0],
            "score_pct_upper": [32.0, 65.0],
        }
    )
    refs = charts.mmlu_reference_labels({"random": 25.0, "expert human (~90%)": 90.0})
    assert refs == {"Random guessing (25%)": 25.0, "Expert human (~90%)": 90.0}
    domains = []
    for x_variable in ("params", "compute"):
        chart = charts.mmlu_vs_scale_chart(
            points, curve, x_variable=x_variable, top_n=2, references=refs
        )
        spec = chart.to_dict()
        dots = next(layer for layer in spec["layer"] if layer["mark"]["type"] == "circle")
        domains.append(dots["encoding"]["color"]["scale"]["domain"])
        assert dots["encoding"]["x"]["scale"]["type"] == "log"
        assert {"mmlu_source", "axis_source"} <= {t["field"] for t in dots["encoding"]["tooltip"]}
    assert domains[0] == domains[1] == ["Big", "Mid", "Other"]
    # Every fourth model has no parameter count: the subtitle says so.
    params_chart = charts.mmlu_vs_scale_chart(points, curve, x_variable="params", top_n=2)
    assert "3 have no parameter count" in subtitle(params_chart)


def test_size_classes_stack_in_class_order_and_count_early_years():
    frame = pl.DataFrame(
        {
            "year": [2010, 2020, 2020, 2021],
            "size_class": ["Tiny", "Tiny", "Large", "Small"],
            "models": [4, 2, 1, 3],
            "class_order": [0, 0, 3, 1],
        }
    )
    chart = charts.size_classes_by_year_chart(frame, since=2012)
    bars = layers(chart)[0]
    assert bars["encoding"]["order"]["field"] == "class_order"
    assert bars["encoding"]["color"]["scale"]["domain"] == ["Tiny", "Small", "Large"]
    assert "4 models released before 2012" in subtitle(chart)
    shares = charts.size_classes_by_year_chart(frame, share=True)
    assert layers(shares)[0]["encoding"]["y"]["stack"] == "normalize"


def test_score_vs_compute_legend_names_undated_models():
    """The release-year legend said "null" for a model without a release date."""
    points = pl.DataFrame(
        {
            "model_id": ["a", "b"],
            "name": ["A", "B"],
            "organization": ["o", "o"],
            "release_date": [dt.date(2023, 5, 1), None],
            "training_compute_flop": [1e22, 1e23],
            "score": [40.0, 60.0],
            "shots": [5, 5],
            "source": ["s", "s"],
            "compute_source": ["s", "s"],
        }
    )
    spec = charts.score_vs_compute_chart(points, benchmark_label="MMLU").to_dict()
    [dots] = [layer for layer in spec["layer"] if layer["mark"]["type"] == "circle"]
    data = dots.get("data", spec.get("data"))  # the layer's own rows, or the chart's
    years = [r["year"] for r in spec["datasets"][data["name"]]]
    assert years == ["2023", "Undated"]
    assert dots["encoding"]["color"]["legend"]["labelLimit"] >= len("Undated") * 0.7 * 11
