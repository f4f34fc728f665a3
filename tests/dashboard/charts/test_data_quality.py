"""dashboard/charts/data_quality.py: checked on the Vega-Lite spec it produces."""

from __future__ import annotations

import polars as pl

from dashboard import charts, formats
from dashboard.formats import source_label
from tests.dashboard.charts.chartspec import subtitle


def test_coverage_heatmap_is_field_by_year_and_names_the_years_left_out():
    coverage = pl.DataFrame(
        {
            "field": ["models", "mmlu", "mmlu", "mmlu", "params_total", "params_total"],
            "year": [None, 2010, 2020, 2021, 2020, 2021],
            "models": [30, 10, 10, 10, 10, 10],
            "with_value": [30, 0, 2, 5, 8, 9],
            "share": [1.0, 0.0, 0.2, 0.5, 0.8, 0.9],
            "target": [None] * 6,
        },
        schema_overrides={"year": pl.Int64, "target": pl.Int64},
    )
    chart = charts.coverage_by_year_chart(coverage, since=2012)
    cells, text = chart.to_dict()["layer"]
    spec = chart.to_dict()
    assert cells["mark"]["type"] == "rect"
    assert cells["encoding"]["x"]["field"] == "year"
    assert cells["encoding"]["color"]["scale"]["domain"] == [0, 1]
    rows = spec["datasets"][cells.get("data", spec.get("data"))["name"]]
    assert {r["field"] for r in rows} == {"mmlu", "params_total"}  # not the all-years rows
    assert {r["year"] for r in rows} == {2020, 2021}
    # Most complete field first.
    assert cells["encoding"]["y"]["sort"] == ["Parameters (total)", "MMLU 5-shot"]
    assert "before 2012 (10 models)" in subtitle(chart)


def test_unmatched_chart_is_a_bar_per_source():
    counts = pl.DataFrame({"source": ["open_llm_leaderboard_v1", "epoch_mmlu"], "names": [9, 3]})
    spec = charts.unmatched_by_source_chart(counts).to_dict()
    bars, labels = spec["layer"]
    # a bar per source, however many (none squeezed), the most first
    assert spec["height"] == 28 * counts.height
    shown = [source_label(s) for s in counts["source"]]
    assert bars["encoding"]["y"]["sort"] == shown  # 9 names, then 3
    assert bars["mark"]["type"] == "bar" and bars["encoding"]["x"]["field"] == "names"
    assert labels["encoding"]["text"]["field"] == "names"


def test_unmatched_summary_names_the_sources_the_chart_puts_first():
    one_top = pl.DataFrame({"source": ["epoch_mmlu", "open_llm_leaderboard_v1"], "names": [3, 9]})
    assert formats.unmatched_top(one_top) == (
        f"the most come from {source_label('open_llm_leaderboard_v1')} (9 of 12 names)"
    )
    # A tie: both named, in the order of the chart's bars (by name), whatever the query's order
    tied = pl.DataFrame(
        {"source": ["open_llm_leaderboard_v1", "epoch_mmlu", "obsscaling"], "names": [9, 9, 1]}
    )
    order = charts.unmatched_by_source_chart(tied).to_dict()["layer"][0]["encoding"]["y"]["sort"]
    first, second = sorted([source_label("open_llm_leaderboard_v1"), source_label("epoch_mmlu")])
    assert order[:2] == [first, second]
    assert formats.unmatched_top(tied) == (
        f"the most come from {first} and {second} (9 each, of 19 names)"
    )
