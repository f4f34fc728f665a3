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


def test_crowded_frontier_labels_give_way_on_narrow_charts():
    """A label that would overprint a more important one is drawn only from the plot width at
    which it no longer does: never where two sit on the same spot, from ~1,600 px where two
    11-character labels are 5 % of the axis apart, always where nothing is near."""
    widths = charts.label_min_widths(
        [0.5, 0.5, 0.1, 0.55],
        [100, 100, 300, 100],
        ["Alpha model", "Beta model", "Gamma", "Delta model"],
        ["right", "right", "right", "right"],
        [False, False, False, False],
        gap=8,
        dy=6,
    )
    assert widths[0] == 0 and widths[2] == 0  # the first always; Gamma is far from the others
    assert widths[1] == charts.NEVER_PX  # on Alpha's spot at any width
    # 5 % of the width must hold Alpha's label (11 characters at 0.6 em of 12 px) and the gap
    assert 1_500 <= widths[3] <= 1_600
    # a label too long for either side of its point is drawn once the plot holds it
    [long] = charts.label_min_widths(
        [0.5], [100], ["x" * 40], ["right"], [False], gap=8, dy=6, font_px=12
    )
    assert 560 <= long <= 640  # 40 x 7.2 px and the gap on the right of the middle: ~592 px
    # labels above (left) and below (right) the same points do not collide
    assert charts.label_min_widths(
        [0.5, 0.5], [100, 100], ["Alpha", "Beta"], ["left", "right"], [True, False], gap=8, dy=6
    ) == [0, 0]


def test_the_price_frontier_labels_carry_their_narrowest_width():
    points = pl.DataFrame(
        {
            "name": ["A", "B", "C"],
            "organization": ["o"] * 3,
            "mmlu": [60.0, 60.5, 80.0],
            "price_input": [1.0, 0.9, 2.0],
            "price_output": [1.0, 0.9, 2.0],
            "price_blended": [1.0, 0.9, 2.0],
            "price_as_of_date": [None] * 3,
            "weights_label": ["Open weights"] * 3,
            "price_source": ["s"] * 3,
            "mmlu_source": ["s"] * 3,
            "on_frontier": [True, True, True],
        }
    )
    spec = charts.price_vs_score_chart(points).to_dict()
    texts = [layer for layer in spec["layer"] if layer["mark"]["type"] == "text"]
    assert texts and all(
        t["mark"]["opacity"] == {"expr": "width >= datum.label_min_width ? 1 : 0"} for t in texts
    )
    rows = spec["datasets"][texts[0]["data"]["name"]]
    assert all(r["label_min_width"] >= 0 for r in rows)


def test_label_widths_take_missing_and_zero_values():
    """A model without a date or with a zero price sits at its axis's start: no crash."""
    frame = pl.DataFrame(
        {
            "name": ["A", "B", "C"],
            "when": [dt.date(2024, 1, 1), None, dt.date(2025, 1, 1)],
            "price": [1.0, 0.0, None],
            "up": [True, False, True],
        }
    )
    out = charts.with_label_min_widths(
        frame,
        x="when",
        x_domain=(dt.date(2023, 1, 1), dt.date(2026, 1, 1)),
        y="price",
        y_domain=(0.01, 100.0),
        height=300,
        above="up",
        gap=6,
        dy=6,
    )
    assert out["label_min_width"].to_list()[0] == 0 and out.height == 3
