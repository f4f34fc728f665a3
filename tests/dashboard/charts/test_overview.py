"""dashboard/charts/overview.py: pure builders, checked on the Vega-Lite spec they produce."""

from __future__ import annotations

import datetime as dt
import math

import polars as pl

from dashboard import charts
from tests.dashboard.charts.chartspec import subtitle


def compute_points(n: int, start: str = "2018-01-01") -> pl.DataFrame:
    first = dt.date.fromisoformat(start)
    return pl.DataFrame(
        {
            "model_id": [f"m{i}" for i in range(n)],
            "name": [f"Model {i}" for i in range(n)],
            "organization": ["Org"] * n,
            "release_date": [first + dt.timedelta(days=i) for i in range(n)],
            "training_compute_flop": [1e20 * (1 + i) for i in range(n)],
            "compute_method": ["reported"] * n,
            "weights_label": ["Open weights", "Closed weights", "Not stated"] * (n // 3)
            + ["Open weights"] * (n % 3),
            "params_total": [1e9] * n,
            "source": [f"https://example.com/{i}" for i in range(n)],
            "source_dataset": ["epoch_models_2025_08"] * n,
            "confidence": ["Likely"] * n,
        }
    )


def test_compute_chart_is_a_log_scatter_coloured_by_open_weights_with_sources():
    chart = charts.compute_vs_date_chart(compute_points(30), total=30)
    spec = chart.to_dict()
    assert spec["mark"]["type"] == "circle"
    y = spec["encoding"]["y"]
    assert y["field"] == "training_compute_flop" and y["scale"]["type"] == "log"
    assert "FLOP" in y["title"] and "log" in y["title"]
    # Whole decades, labelled as powers of ten (1e20), not as 100000000000000000000.
    assert y["scale"]["domain"] == [1e20, 1e22] and "'1e'" in y["axis"]["labelExpr"]
    colour = spec["encoding"]["color"]
    assert colour["field"] == "weights_label"
    assert colour["scale"]["domain"] == ["Open weights", "Closed weights", "Not stated"]
    tooltips = {t["field"] for t in spec["encoding"]["tooltip"]}
    assert {"name", "organization", "release_date", "compute_label", "source"} <= tooltips
    rows = spec["datasets"][spec["data"]["name"]]
    assert rows[0]["compute_label"] == "1e20 FLOP"
    assert subtitle(chart) == ""  # nothing hidden, nothing to say


def test_compute_chart_says_which_models_are_not_plotted():
    chart = charts.compute_vs_date_chart(
        compute_points(30, start="2016-12-20"), total=50, since=dt.date(2017, 1, 1)
    )
    text = subtitle(chart)
    # 12 points fall before 2017, 20 models in scope have no compute value at all.
    assert "18 of 50 models plotted" in text
    assert "20 without a compute value" in text and "12 released before 2017" in text


def test_points_above_the_cap_are_sampled_and_the_chart_says_so():
    frame = compute_points(40)
    kept, hidden = charts.cap_points(frame, 25)
    assert (kept.height, hidden) == (25, 15)
    assert kept["release_date"].is_sorted()  # the sample keeps the frame's order
    assert kept.equals(charts.cap_points(frame, 25)[0])  # and is reproducible

    chart = charts.compute_vs_date_chart(frame, max_points=25)
    spec = chart.to_dict()
    assert len(spec["datasets"][spec["data"]["name"]]) == 25
    assert "15 points hidden" in subtitle(chart)


def tokens_frame(rows) -> pl.DataFrame:
    """(name, date, params_active, tokens, base_model_id) -> load_tokens_per_param rows."""
    return pl.DataFrame(
        {
            "model_id": [r[0].lower() for r in rows],
            "name": [r[0] for r in rows],
            "organization": ["Org"] * len(rows),
            "release_date": [dt.date.fromisoformat(r[1]) for r in rows],
            "size_class": ["Small"] * len(rows),
            "params_active": [r[2] for r in rows],
            "training_tokens": [r[3] for r in rows],
            "tokens_per_param": [r[3] / r[2] for r in rows],
            "chinchilla_ratio": [r[3] / r[2] / 20 for r in rows],
            "source": ["https://example.com"] * len(rows),
            "base_model_id": [r[4] for r in rows],
        },
        schema_overrides={"base_model_id": pl.String},
    )


def test_tokens_per_parameter_chart_has_the_chinchilla_line_and_leaves_out_fine_tunes():
    frame = tokens_frame(
        [
            ("Chinchilla", "2022-03-29", 70e9, 1.4e12, None),  # 20:1
            ("Llama 3 8B", "2024-04-18", 8e9, 15e12, None),  # 1875:1
            ("A fine-tune", "2024-05-01", 8e9, 1e9, "llama-3-8b"),  # fine-tuning tokens
        ]
    )
    chart = charts.tokens_per_param_vs_date_chart(frame, total=5)
    dots, rule, halo, label = chart.to_dict()["layer"]
    spec = chart.to_dict()
    assert dots["encoding"]["y"]["field"] == "tokens_per_param"
    assert dots["encoding"]["y"]["scale"]["type"] == "log"
    assert [r["name"] for r in spec["datasets"][dots["data"]["name"]]] == [
        "Chinchilla",
        "Llama 3 8B",
    ]
    assert rule["mark"]["type"] == "rule"
    assert [r["tokens_per_param"] for r in spec["datasets"][rule["data"]["name"]]] == [20.0]
    assert label["mark"]["type"] == "text" and label["encoding"]["text"]["field"] == "label"
    assert "Chinchilla" in spec["datasets"][label["data"]["name"]][0]["label"]
    text = subtitle(chart)
    assert "2 of 5 models plotted" in text and "1 fine-tunes" in text
    assert "2 without tokens or parameters" in text


def _columns_at(legend: dict, width: int) -> int:
    """The legend's column count on a chart `width` px wide (its expression, evaluated)."""
    functions = {"min": min, "max": max, "floor": math.floor, "width": width}
    return eval(legend["columns"]["expr"], {"__builtins__": {}}, functions)  # noqa: S307


def _legend_fits(legend: dict, labels: list[str], font_px: float, most: int) -> None:
    """Each label within the legend's label limit, and a row of entries within the chart, as
    narrow as a 400 px screen's or a wide window's: as many columns as fit, at most `most`.
    Text width is bounded by 0.7 em a character (wider than any letter but M and W in a
    sans-serif face)."""
    assert legend["orient"] in ("bottom", "top")
    for text in labels:
        assert len(text) * 0.7 * font_px <= legend["labelLimit"], text
    entry = (
        charts.LEGEND_SYMBOL_PX
        + charts.LEGEND_SYMBOL_GAP
        + legend["labelLimit"]
        + legend["columnPadding"]
    )
    for width in (charts.NARROWEST_CHART_PX, 200, 1200):
        columns = _columns_at(legend, width)
        assert 1 <= columns <= most
        assert columns == 1 or columns * entry - legend["columnPadding"] <= width, width
    assert _columns_at(legend, 1200) == most  # a wide chart shows them side by side
    assert legend["titleOrient"] == "top"  # the title takes no width from the row


def test_tokens_per_parameter_legends_fit_a_phone_chart():
    """The size legend ran in one row past the chart's edge and cut "Unknown" off; it wraps
    into rows now, every label within its limit (and so do the fitted-optimum bands')."""
    frame = tokens_frame([("Chinchilla", "2022-03-29", 70e9, 1.4e12, None)])
    optima = pl.DataFrame(
        {"fit": ["hoffmann_2022", "besiroglu_2024", "atlas_refit_2026"], "low": [18.0, 19, 20]}
    ).with_columns(high=pl.col("low") * 1.5)
    spec = charts.tokens_per_param_vs_date_chart(frame, optima=optima).to_dict()
    font_px = spec["config"]["legend"]["labelFontSize"]
    colour = next(
        layer["encoding"]["color"] for layer in spec["layer"] if "color" in layer["encoding"]
    )
    assert colour["scale"]["domain"][-1] == "Unknown"
    _legend_fits(colour["legend"], colour["scale"]["domain"], font_px, most=3)
    fill = next(layer["encoding"]["fill"] for layer in spec["layer"] if "fill" in layer["encoding"])
    _legend_fits(fill["legend"], fill["scale"]["domain"], font_px, most=2)
