"""dashboard/charts/cost.py: checked on the Vega-Lite spec it produces."""

from __future__ import annotations

import datetime as dt

import polars as pl

from dashboard import charts
from tests.dashboard.charts.chartspec import dataset_rows


def price_points(rows) -> pl.DataFrame:
    """(name, mmlu, price_blended, on_frontier) -> load_price_points rows."""
    n = len(rows)
    return pl.DataFrame(
        {
            "model_id": [r[0].lower() for r in rows],
            "name": [r[0] for r in rows],
            "organization": ["Org"] * n,
            "release_date": [dt.date(2024, 1, 1)] * n,
            "mmlu": [r[1] for r in rows],
            "price_input": [r[2] for r in rows],
            "price_output": [r[2] for r in rows],
            "price_blended": [r[2] for r in rows],
            "price_as_of_date": [dt.date(2024, 6, 1)] * n,
            "weights_label": ["Open weights"] * n,
            "price_source": ["https://example.com/price"] * n,
            "mmlu_source": ["https://example.com/mmlu"] * n,
            "on_frontier": [r[3] for r in rows],
        }
    )


def test_the_price_frontier_steps_from_the_left_edge_through_the_cheapest_models():
    points = price_points(
        [("Cheap", 62.0, 0.1, True), ("Better", 80.0, 1.0, True), ("Dominated", 60.0, 5.0, False)]
    )
    chart = charts.price_vs_score_chart(points)
    spec = chart.to_dict()
    step = spec["layer"][0]
    assert step["mark"]["interpolate"] == "step-before"
    rows = dataset_rows(chart, step)
    assert [(r["mmlu"], r["price_blended"]) for r in rows] == [
        (60.0, 0.1),
        (62.0, 0.1),
        (80.0, 1.0),
    ]
    dots = spec["layer"][1]
    assert dots["encoding"]["y"]["scale"]["type"] == "log"
    assert dots["encoding"]["x"]["scale"]["domain"] == [60, 100]
    assert {"price_source", "mmlu_source"} <= {t["field"] for t in dots["encoding"]["tooltip"]}
