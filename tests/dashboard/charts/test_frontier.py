"""dashboard/charts/frontier.py and the trend and forecast layers: checked on the Vega-Lite spec."""

from __future__ import annotations

import datetime as dt

import polars as pl
import pytest

from dashboard import charts
from tests.dashboard.charts.chartspec import (
    CHINCHILLA,
    FALCON,
    GOPHER,
    MISTRAL,
    dataset_rows,
    layers,
)


def frontier(*rows: tuple[float, str, str, float, float]) -> pl.DataFrame:
    """(threshold, name, release_date, params, score) -> frontier_smallest_model rows."""
    return pl.DataFrame(
        {
            "benchmark": ["mmlu"] * len(rows),
            "threshold": [r[0] for r in rows],
            "basis": ["total"] * len(rows),
            "model_id": [r[1].lower().replace(" ", "-") for r in rows],
            "name": [r[1] for r in rows],
            "organization": ["Org"] * len(rows),
            "release_date": [dt.date.fromisoformat(r[2]) for r in rows],
            "params": [r[3] for r in rows],
            "score": [r[4] for r in rows],
            "source": [f"https://example.com/{i}" for i in range(len(rows))],
            "params_source": [None] * len(rows),
        },
        schema_overrides={"params_source": pl.String},
    )


def test_frontier_is_a_step_line_with_points_on_a_log_parameter_axis():
    chart = charts.params_vs_date_chart(frontier(GOPHER, CHINCHILLA, MISTRAL))
    line, points, *labels = layers(chart)

    assert line["mark"]["type"] == "line" and line["mark"]["interpolate"] == "step-after"
    assert points["mark"]["type"] == "point"
    for layer in (line, points, *labels):
        x = layer["encoding"]["x"]
        assert (x["field"], x["type"]) == ("release_date", "temporal")
        y = layer["encoding"]["y"]
        assert y["field"] == "params" and y["scale"]["type"] == "log"
        assert "log scale" in y["title"]
    # The log axis spans whole decades around the data: 1B .. 1T here.
    assert points["encoding"]["y"]["scale"]["domain"] == [1e9, 1e12]

    tooltips = {t["field"]: t for t in points["encoding"]["tooltip"]}
    assert {"name", "organization", "release_date", "params_label", "score", "source"} <= set(
        tooltips
    )
    assert [r["params_label"] for r in dataset_rows(chart, points)] == ["280B", "70B", "7.3B"]


def test_one_threshold_has_no_colour_legend_several_are_coloured_by_threshold():
    single = layers(charts.params_vs_date_chart(frontier(GOPHER, CHINCHILLA)))
    assert all("color" not in layer["encoding"] for layer in single)

    several = layers(charts.params_vs_date_chart(frontier(GOPHER, CHINCHILLA, FALCON)))
    colour = several[1]["encoding"]["color"]
    assert colour["field"] == "threshold_label" and colour["type"] == "nominal"


def test_the_standing_record_is_drawn_up_to_the_latest_release():
    chart = charts.params_vs_date_chart(frontier(GOPHER, CHINCHILLA), until=dt.date(2024, 6, 1))
    line_rows = dataset_rows(chart, layers(chart)[0])
    assert len(line_rows) == 3
    assert line_rows[-1]["params"] == 70e9
    assert str(line_rows[-1]["release_date"]).startswith("2024-06-01")
    # The extension is part of the line only: points are the records themselves.
    assert len(dataset_rows(chart, layers(chart)[1])) == 2


def test_labels_alternate_above_and_below_the_step():
    chart = charts.params_vs_date_chart(frontier(GOPHER, CHINCHILLA, MISTRAL))
    rows = dataset_rows(chart, layers(chart)[1])
    assert [r["label_above"] for r in rows] == [True, False, True]


def test_one_record_draws_its_name_once_and_no_layer_is_left_empty():
    """Each name on its side by an expression of `label_above`: a layer filtered to one side
    was empty when no record sat on it, and Vega warned of an infinite extent."""
    chart = charts.params_vs_date_chart(frontier(GOPHER))
    names = [
        layer for layer in layers(chart) if layer["encoding"].get("text", {}).get("field") == "name"
    ]
    assert len(names) == 2  # the halo and the name over it
    for layer in names:
        assert "transform" not in layer
        assert "label_above" in layer["mark"]["baseline"]["expr"]
        assert len(dataset_rows(chart, layer)) == 1


def test_basis_names_the_axis():
    chart = charts.params_vs_date_chart(frontier(GOPHER), basis="active")
    assert layers(chart)[0]["encoding"]["y"]["title"] == "Active parameters per token (log scale)"


def test_an_empty_frame_still_builds_a_chart():
    chart = charts.params_vs_date_chart(frontier().clear(), until=dt.date(2024, 1, 1))
    assert layers(chart)[0]["encoding"]["y"]["scale"]["type"] == "log"


def trend_line(start: str, end: str, first: float, last: float) -> pl.DataFrame:
    """A straight log-line from `first` to `last` between two dates, with a ±30 % band."""
    a, b = dt.date.fromisoformat(start), dt.date.fromisoformat(end)
    dates = [a + (b - a) * i / 10 for i in range(11)]
    values = [first * (last / first) ** (i / 10) for i in range(11)]
    return pl.DataFrame(
        {
            "release_date": dates,
            "value": values,
            "value_low": [v * 0.7 for v in values],
            "value_high": [v * 1.3 for v in values],
        }
    )


def test_the_trend_band_and_line_sit_under_the_steps_and_the_forecast_on_top():
    forecast = charts.Forecast(
        target=1e9,
        target_label="1B",
        date=dt.date(2025, 3, 1),
        low=dt.date(2024, 8, 1),
        high=dt.date(2026, 3, 1),
    )
    chart = charts.params_vs_date_chart(
        frontier(GOPHER, CHINCHILLA, MISTRAL),
        trend=trend_line("2021-12-01", "2026-03-01", 3e11, 5e8),
        forecast=forecast,
    )
    specs = layers(chart)
    marks = [s["mark"]["type"] for s in specs]
    assert marks[:3] == ["area", "line", "line"]  # band, trend, then the steps
    assert specs[2]["mark"]["interpolate"] == "step-after"
    assert "diamond" in [s["mark"].get("shape") for s in specs]
    # One shared log axis spanning the target too (1B is below every record here).
    domains = {tuple(s["encoding"]["y"]["scale"]["domain"]) for s in specs if "y" in s["encoding"]}
    assert domains == {(1e8, 1e12)}
    [diamond] = [s for s in specs if s["mark"].get("shape") == "diamond"]
    [row] = dataset_rows(chart, diamond)
    assert row["target"] == 1e9 and str(row["release_date"]).startswith("2025-03-01")
    assert row["interval"] == "Aug 2024 – Mar 2026"
    tooltips = {t["field"] for t in specs[0]["encoding"]["tooltip"]}
    assert {"value_label", "band_label"} <= tooltips


class _Trend:
    def __init__(self, fitted, line, forecast_date):
        self.fitted, self.line, self.forecast_date = fitted, line, forecast_date
        self.target, self.forecast_low, self.forecast_high = 1e9, None, None


@pytest.mark.parametrize(
    ("fitted", "date", "drawn"),
    [
        (True, dt.date(2025, 1, 1), True),  # inside the drawn line: marked
        (True, dt.date(2031, 1, 1), False),  # beyond the line's end: told in words only
        (False, dt.date(2025, 1, 1), False),  # no fit, no forecast
        (True, None, False),  # a rising trend has no crossing
    ],
)
def test_a_forecast_is_drawn_only_within_the_trend_line(fitted, date, drawn):
    line = trend_line("2022-01-01", "2026-01-01", 1e11, 1e9)
    forecast = charts.Forecast.of(_Trend(fitted, line, date), "1B")
    assert (forecast is not None) == drawn
