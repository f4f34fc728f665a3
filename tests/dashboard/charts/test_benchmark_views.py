"""dashboard/charts/benchmark_views.py: checked on the Vega-Lite spec it produces."""

from __future__ import annotations

import polars as pl

from dashboard import charts, formats
from dashboard.charts import benchmark_views as bv
from tests.dashboard.charts.chartspec import dataset_rows, layers


def _pairs() -> pl.DataFrame:
    """Seven maker-vs-independent pairs over three benchmarks (hand-made, not real scores)."""
    rows = [
        ("a", "A 7B", "gpqa_diamond", 2.0),
        ("b", "B 70B", "gpqa_diamond", 4.0),
        ("c", "C 8B", "gpqa_diamond", 0.0),
        ("a", "A 7B", "swe_bench_verified", 10.0),
        ("b", "B 70B", "swe_bench_verified", 14.0),
        ("c", "C 8B", "aider_polyglot", -1.0),
        ("d", "D 1B", "gpqa_diamond", 6.0),
    ]
    frame = pl.DataFrame(
        rows, schema=["model_id", "name", "benchmark", "difference_pts"], orient="row"
    )
    return frame.with_columns(
        formats.benchmark_labels(pl.col("benchmark")),
        pl.lit("Epoch AI").alias("measured_by_label"),
        (pl.col("difference_pts") + 50).alias("maker_score"),
        pl.lit(50.0).alias("independent_score"),
        pl.lit(True).alias("same_shots"),
    )


def test_maker_vs_independent_has_a_row_per_benchmark_largest_mean_first():
    chart = bv.maker_vs_independent_chart(_pairs(), title="t")
    zero, means, dots = layers(chart)
    # a row per benchmark, named in words with its pair count (no row per release and
    # benchmark: 166 of those left every other label hidden), the largest mean first
    rows = ["SWE-bench Verified (2)", "GPQA Diamond (4)", "Aider Polyglot (1)"]
    assert dots["encoding"]["y"]["sort"] == rows
    assert means["encoding"]["y"]["sort"] == rows
    assert chart.to_dict()["height"] == 60 + bv.MAKER_ROW_PX * 3
    # a dot per pair, with its model in the tooltip, spread over lanes in order of difference
    points = dataset_rows(chart, dots)
    assert len(points) == 7
    gpqa = sorted(
        (p["difference_pts"], p["lane"]) for p in points if p["benchmark"] == "gpqa_diamond"
    )
    assert [lane for _, lane in gpqa] == [2, 1, 3, 0]  # the middle first, then out
    assert dots["encoding"]["yOffset"]["field"] == "lane"
    (aider,) = [p["lane"] for p in points if p["benchmark"] == "aider_polyglot"]
    assert aider == 2  # one pair: on its mean's tick
    assert {"field": "name", "title": "Model", "type": "nominal"} in dots["encoding"]["tooltip"]
    # a tick at each benchmark's mean; the rule at zero
    ticks = {r["benchmark_row"]: r["difference_pts"] for r in dataset_rows(chart, means)}
    assert ticks == {
        "SWE-bench Verified (2)": 12.0,
        "GPQA Diamond (4)": 3.0,
        "Aider Polyglot (1)": -1.0,
    }
    assert means["mark"]["type"] == "tick" and zero["mark"]["type"] == "rule"


def test_lanes_cycle_past_the_last():
    many = pl.concat([_pairs()] * 2).with_columns(
        pl.int_range(pl.len()).cast(pl.String).alias("model_id")
    )
    chart = bv.maker_vs_independent_chart(many, title="t")
    lanes = [p["lane"] for p in dataset_rows(chart, layers(chart)[2])]
    assert set(lanes) == set(range(bv.MAKER_LANES))


def test_a_highlighted_release_is_ringed_in_its_lane():
    chart = charts.highlight(bv.maker_vs_independent_chart(_pairs(), title="t"), ["b"])
    *_, dots, ring, name = layers(chart)
    assert ring["mark"]["filled"] is False
    # the ring and its name sit where the dots are drawn: same row, same lane
    for layer in (ring, name):
        assert layer["encoding"]["yOffset"] == dots["encoding"]["yOffset"]
        assert layer["encoding"]["y"] == dots["encoding"]["y"]
    ringed = dataset_rows(chart, ring)
    assert {r["model_id"] for r in ringed} == {"b"} and len(ringed) == 2  # GPQA and SWE-bench
