"""dashboard/charts.py: pure builders, checked on the Vega-Lite spec they produce."""

from __future__ import annotations

import datetime as dt

import polars as pl
import pytest

from dashboard import charts, formats


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


GOPHER = (60.0, "Gopher 280B", "2021-12-08", 280e9, 60.0)
CHINCHILLA = (60.0, "Chinchilla 70B", "2022-03-29", 70e9, 67.5)
MISTRAL = (60.0, "Mistral 7B", "2023-10-10", 7.3e9, 60.1)
FALCON = (70.0, "Falcon 180B", "2023-09-06", 180e9, 70.6)


def layers(chart) -> list[dict]:
    return chart.to_dict()["layer"]


def dataset_rows(chart, layer: dict) -> list[dict]:
    return chart.to_dict()["datasets"][layer["data"]["name"]]


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (7.3e9, "7.3B"),  # the usual way model sizes are written
        (280e9, "280B"),
        (1.8e12, "1.8T"),  # trillions, not 1800B
        (125e6, "125M"),
        (65.2e9, "65.2B"),  # three significant digits are kept
        (None, ""),  # unknown sizes stay blank rather than "nan"
    ],
)
def test_format_count(value, text):
    assert charts.format_count(value) == text


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


def test_basis_names_the_axis():
    chart = charts.params_vs_date_chart(frontier(GOPHER), basis="active")
    assert layers(chart)[0]["encoding"]["y"]["title"] == "Active parameters per token (log scale)"


def test_an_empty_frame_still_builds_a_chart():
    chart = charts.params_vs_date_chart(frontier().clear(), until=dt.date(2024, 1, 1))
    assert layers(chart)[0]["encoding"]["y"]["scale"]["type"] == "log"


# --------------------------------------------------------------------------- overview charts


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


def subtitle(chart) -> str:
    title = chart.to_dict()["title"]
    sub = title.get("subtitle", "")
    return " ".join(sub) if isinstance(sub, list) else sub


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


def test_claims_chart_places_each_claim_relative_to_the_value_used():
    claims = pl.DataFrame(
        {
            "field": ["mmlu", "mmlu", "params_total"],
            "value": [60.0, 66.0, 7.3e9],
            "status": ["used", "disagrees", "agrees"],
            "source": ["curated", "epoch_mmlu", "obsscaling"],
            "citation": ["https://a", "https://b", "https://c"],
            "method": ["reported"] * 3,
            "confidence": [None] * 3,
            "difference": [None, 6.0, None],
            "difference_kind": [None, "absolute", None],
        },
        schema_overrides={"confidence": pl.String},
    )
    values = pl.DataFrame(
        {"field": ["mmlu", "params_total", "release_date"], "value": [60.0, 7e9, None]}
    )
    chart = charts.claims_vs_used_chart(formats.claims_table(claims), values)
    one, dots = chart.to_dict()["layer"]
    spec = chart.to_dict()
    assert dots["encoding"]["x"]["scale"]["type"] == "log"
    rows = spec["datasets"][dots["data"]["name"]]
    ratios = {(r["field"], r["status"]): round(r["ratio"], 3) for r in rows}
    assert ratios == {
        ("mmlu", "used"): 1.0,
        ("mmlu", "disagrees"): 1.1,
        ("params_total", "agrees"): round(7.3 / 7, 3),
    }
    assert {r["status_label"] for r in rows} == {"✓ used", "⚠ disagrees", "≈ agrees"}
    assert "÷" in dots["encoding"]["x"]["axis"]["labelExpr"]  # values below 1× read as ÷


def test_unmatched_chart_is_a_bar_per_source():
    counts = pl.DataFrame({"source": ["open_llm_leaderboard_v1", "epoch_mmlu"], "names": [9, 3]})
    bars, labels = charts.unmatched_by_source_chart(counts).to_dict()["layer"]
    assert bars["mark"]["type"] == "bar" and bars["encoding"]["x"]["field"] == "names"
    assert labels["encoding"]["text"]["field"] == "names"


# --------------------------------------------------------------------------- formats


@pytest.mark.parametrize(
    ("field", "value", "text"),
    [
        ("params_total", 7.3e9, "7.3B"),
        ("training_tokens", 2e12, "2T tokens"),
        ("training_compute_flop", 8.1e23, "8.1e23 FLOP"),  # as papers write it
        ("training_compute_flop", 2.15e25, "2.15e25 FLOP"),
        ("context_window", 32768.0, "32,768 tokens"),
        ("mmlu", 68.94, "68.9%"),
        ("arc_c", 59.9829, "60.0%"),  # every benchmark claim is a percent
        ("unknown_field", 59.9829, "59.9829"),
        ("price_usd_per_1m_input_tokens", 0.25, "$0.25 / 1M tokens"),
        ("price_usd_per_1m_input_tokens", 0.0015, "$0.0015 / 1M tokens"),  # cents don't hide it
        ("training_cost_usd", 4.06e7, "$40.6M"),
        ("mmlu", None, ""),
        ("mmlu", float("nan"), ""),
    ],
)
def test_format_value(field, value, text):
    assert formats.format_value(field, value) == text


@pytest.mark.parametrize(
    ("value", "kind", "text"),
    [(0.2712, "relative", "27%"), (4.06, "absolute", "4.1 pts"), (None, "relative", "")],
)
def test_format_difference(value, kind, text):
    assert formats.format_difference(value, kind) == text


def test_coverage_table_keeps_the_all_years_rows_and_says_if_targets_are_met():
    coverage = pl.DataFrame(
        {
            "field": ["mmlu", "mmlu", "models", "context_window"],
            "year": [None, 2020, None, None],
            "models": [10, 5, 10, 10],
            "with_value": [3, 1, 10, 1],
            "share": [0.3, 0.2, 1.0, 0.1],
            "target": [5, None, 9, None],
        },
        schema_overrides={"year": pl.Int64},
    )
    shown = formats.coverage_table(coverage)
    assert shown.select("field", "target_met").rows() == [
        ("models", True),
        ("mmlu", False),
        ("context_window", None),
    ]
    assert shown["share_pct"].to_list() == [100.0, 30.0, 10.0]


# --------------------------------------------------------------------------- trends and forecasts


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


# --------------------------------------------------------------------------- compute-optimal


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


# --------------------------------------------------------------------------- scaling


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


# --------------------------------------------------------------------------- cost


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


# --------------------------------------------------------------------------- formats


@pytest.mark.parametrize(
    ("value", "text"),
    [
        ("607480fdf9147f86fd37ae38a2534aa0c70206b6", "607480fdf914"),
        ("607480fdf9147f86fd37ae38a2534aa0c70206b6-dirty", "607480fdf914 + local changes"),
        ("0457ccab-3590-478d-a45f-4c69d410c548", "0457ccab"),  # a Dagster run id
        ("unknown", "unknown"),
        ("**bold** [x](http://e.com)", "unknown"),  # never markdown from the data
        (None, "unknown"),
    ],
)
def test_short_commit_only_passes_hashes(value, text):
    assert formats.short_commit(value) == text


@pytest.mark.parametrize(
    ("fold", "low", "high", "text"),
    [
        (0.2, 0.1, 0.4, "shrinks 5× per year (95 % interval 2.5–10×)"),  # falling: one direction
        (6.7, 5.65, 8.0, "grows 6.7× per year (95 % interval 5.65–8×)"),
        (None, None, None, "no trend"),
    ],
)
def test_fold_sentence(fold, low, high, text):
    assert formats.fold_sentence(fold, low, high) == text


def test_citation_url_takes_the_link_out_of_a_citation():
    citation = "Hoffmann et al. 2022, Approach 3, https://arxiv.org/abs/2203.15556"
    assert formats.citation_url(citation) == "https://arxiv.org/abs/2203.15556"
    assert formats.citation_url("no link here") is None


def test_changed_values_read_with_units():
    changes = pl.DataFrame(
        {
            "field": ["params_total", "mmlu", "release_date"],
            "old_value": ["70000000000.0", "61.5", "2023-01-01"],
            "new_value": ["72000000000.0", "62.0", "2023-02-01"],
        }
    )
    shown = formats.changes_table(changes)
    assert shown["old_text"].to_list() == ["70B", "61.5%", "2023-01-01"]
    assert shown["new_text"].to_list() == ["72B", "62.0%", "2023-02-01"]
    assert shown["field_label"][0] == "Parameters (total)"
