"""dashboard/formats: how numbers, labels and tables read on screen."""

from __future__ import annotations

import datetime as dt

import polars as pl
import pytest

from dashboard import charts, formats, queries
from dashboard.formats import benchmark_views as bv_formats


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


@pytest.mark.parametrize(
    ("n", "noun", "plural", "text"),
    [
        (1, "pair", None, "1 pair"),
        (0, "pair", None, "0 pairs"),
        (2, "release", None, "2 releases"),
        (1981, "model", None, "1,981 models"),
        (1, "family", "families", "1 family"),
        (3, "family", "families", "3 families"),
    ],
)
def test_counted_is_singular_for_one(n, noun, plural, text):
    assert formats.counted(n, noun, plural) == text


def test_status_labels_need_no_emoji_font():
    """Each claim status's symbol is one the fonts every system has can draw: nothing from the
    emoji planes, whose glyphs need a colour-emoji font ("🕑 other date" was an empty box in
    the Model page's table and legend on a Linux browser without one). The chart's legend
    shows the table's labels."""
    labels = [*formats.STATUS_LABELS.values(), *charts.STATUS_DOMAIN]
    assert all(ord(c) < 0x1F000 for label in labels for c in label), labels
    assert set(charts.STATUS_DOMAIN) <= set(formats.STATUS_LABELS.values())


# ---------------------------------------------------------------------- chart summaries' trends
def test_a_summary_ends_its_trend_with_one_full_stop():
    text = formats.chart_summary("Training cost over time", 3, trend="×3.4 per year (n = 3).")
    assert text == "Chart: Training cost over time; 3 points. Trend: ×3.4 per year (n = 3)."


def _dated(values_by_year: dict[int, list[float | None]]) -> pl.DataFrame:
    rows = [(dt.date(y, 6, 1), v) for y, vs in values_by_year.items() for v in vs]
    return pl.DataFrame(rows, schema={"release_date": pl.Date, "ratio": pl.Float64}, orient="row")


def test_median_trend_reads_the_first_and_newest_well_covered_years():
    # 2019 has 2 models (sparse, left out); 2021's null is not a value: 4 left, sparse too
    frame = _dated(
        {
            2018: [1, 2, 3, 4, 50],
            2019: [1000, 1000],
            2020: [10, 20, 30, 40, 50, 60],
            2021: [5000, 5000, 5000, 5000, None],
        }
    )
    assert formats.median_trend(frame, "ratio", "tokens per parameter", 5) == (
        "the median went from 3 tokens per parameter in 2018 (5 models) to 35 in 2020 (6 models)"
    )
    assert formats.median_trend(
        frame.filter(pl.col("release_date").dt.year() != 2020), "ratio", "tokens per parameter", 5
    ).startswith("none: fewer than two")
    assert formats.median_trend(None, "ratio", "x", 5).startswith("none:")


def test_growth_trend_says_what_grows_since_when_and_over_which_models():
    rate = {
        "status": "fitted",
        "fold_change_per_year": 6.39,
        "fold_ci_low": 5.61,
        "fold_ci_high": 7.27,
        "since": 2018,
        "n_points": 777,
    }
    assert formats.growth_trend(rate, "training compute") == (
        "training compute grows 6.39× per year (95 % interval 5.61–7.27×) since 2018, fitted on "
        "777 models (all models, whatever the filters: `growth_rates`)"
    )
    assert formats.growth_trend({**rate, "status": "too few points"}, "x").startswith("none:")
    assert formats.growth_trend(None, "x").startswith("none:")


def test_record_trend_tells_the_fit_or_why_there_is_none():
    fitted = queries.Trend(
        n_points=10,
        fitted=True,
        published=True,
        fold_change_per_year=0.2,
        fold_ci_low=0.1,
        fold_ci_high=0.4,
    )
    assert formats.record_trend(fitted) == (
        "the record size shrinks 5× per year (95 % interval 2.5–10×)"
    )
    few = queries.Trend(n_points=1, fitted=False, published=False)
    assert formats.record_trend(few) == f"none: 1 record, a trend needs at least {few.min_points}"


def test_size_class_trend_names_the_most_common_class_first_and_last():
    sizes = pl.DataFrame(
        {
            "year": [2016, 2017, 2017, 2018, 2019, 2019, 2019],
            "size_class": ["Large", "Tiny", "Small", "Small", "Small", "Large", "Massive"],
            "models": [9, 4, 2, 3, 2, 5, 1],
            "class_order": [3, 0, 1, 1, 1, 3, 4],
        }
    )
    # 2016 is before `since`, 2018 has 3 models (sparse)
    assert formats.size_class_trend(sizes, 5, since=2017) == (
        "the most common size class was Tiny in 2017 (67 % of 6) and Large in 2019 (62 % of 8)"
    )
    assert formats.size_class_trend(sizes, 7, since=2017).startswith("none: fewer than two")


def test_eci_gap_trend_gives_the_median_and_the_newest_gap():
    gap = pl.DataFrame(
        {
            "open_model_id": ["a", "b", "c"],
            "open_release_date": [dt.date(2024, 1, 1), dt.date(2025, 1, 1), dt.date(2026, 1, 1)],
            "closed_model_id": ["x", "y", None],
            "gap_months": [10.0, 4.0, None],
        }
    )
    assert bv_formats.eci_gap_trend(gap) == (
        "open weights reached the best closed ECI a median of 7.0 months later, over 2 of 3 open "
        "records; the newest, b (2025-01-01), 4.0 months after y"
    )
    assert bv_formats.eci_gap_trend(gap.filter(pl.col("gap_months").is_null())).startswith("none:")


def test_coverage_trend_names_the_best_and_least_covered_fields_overall_and_newest():
    coverage = pl.DataFrame(
        {
            "field": ["models", "params_total", "training_cost_usd", "params_total"]
            + ["training_cost_usd", "params_total", "training_cost_usd", "params_total"],
            "year": [2020, 2020, 2020, 2021, 2021, None, None, 2011],
            "with_value": [10, 8, 1, 2, 3, 99, 1, 0],
            "models": [10, 10, 10, 10, 10, 100, 100, 50],
        }
    )
    # 2011 is before `since`, the all-years rows (year null) and `models` are not the heatmap's
    assert formats.coverage_trend(coverage, since=2012) == (
        "over 2020–2021, Parameters (total) is the best covered (50%) and Training cost the least "
        "(20%); in 2021, Training cost is the best covered (30%) and Parameters (total) the least "
        "(20%)"
    )
    assert formats.coverage_trend(coverage, since=2022) == "none: no coverage by year"


def test_price_frontier_trend_gives_the_frontier_s_two_ends():
    prices = pl.DataFrame(
        {
            "name": ["Cheap", "Dominated", "Middle", "Best"],
            "mmlu": [60.0, 62.0, 70.0, 88.25],
            "price_blended": [0.05, 3.0, 0.4, 12.5],
            "on_frontier": [True, False, True, True],
        }
    )
    assert formats.price_frontier_trend(prices) == (
        "3 models make the price-performance frontier, from Cheap (60% at $0.05) to Best "
        "(88.2% at $12.50) per 1M tokens (3:1 blended)"
    )
    assert formats.price_frontier_trend(prices.head(1)) == (
        "1 model makes the price-performance frontier: Cheap (60% at $0.05)"
    )
    assert formats.price_frontier_trend(prices.filter(~pl.col("on_frontier"))).startswith("none:")


def test_budget_trend_lists_each_fit_s_allocation():
    shown = pl.DataFrame(
        {
            "fit_short": ["Hoffmann 2022", "20:1 rule"],
            "params_text": ["32.2B", "69.3B"],
            "tokens_text": ["2.98T", "1.39T"],
        }
    )
    assert formats.budget_trend(shown, "5.76e23") == (
        "at 5.76e23 FLOP: Hoffmann 2022 32.2B parameters on 2.98T tokens; 20:1 rule 69.3B "
        "parameters on 1.39T tokens"
    )
    assert formats.budget_trend(shown.head(0), "1e24").startswith("none:")


def test_emergence_trend_compares_the_lowest_and_highest_well_covered_compute_bands():
    points = pl.DataFrame(
        {
            "training_compute_flop": [2e20] * 5 + [5e22] * 2 + [1e25, 2e25, 3e25, 4e25, 9e25, None],
            "score": [25.0, 26.0, 27.0, 30.0, 24.0, 60.0, 61.0, 70.0, 80.0, 84.0, 85.0, 90.0, 99.0],
        }
    )
    # 1e22 has 2 models (sparse); a model without compute is not in a band
    assert formats.emergence_trend(points, 25.0, 5) == (
        "the median score goes from 26% at 1e20–1e21 FLOP (5 models) to 84% at 1e25–1e26 FLOP "
        "(5 models); chance is 25%"
    )
    assert formats.emergence_trend(points, None, 6).startswith("none: fewer than two")


@pytest.mark.parametrize(
    ("source", "text"),
    [
        ("litellm_2026_08", "LiteLLM prices (2026-08-01)"),
        ("epoch_benchmarking_hub_science_qa", "Epoch AI Hub: ScienceQA"),  # its reader's name
        ("epoch_benchmarking_hub_new_board", "Epoch AI Hub: new board"),  # a file it doesn't know
        ("llm_stats_self_reported", "LLM-Stats (self-reported scores)"),
        ("someone_else", "someone_else"),
        (None, ""),
    ],
)
def test_source_label_names_every_source_the_data_quality_page_lists(source, text):
    assert formats.source_label(source) == text


def test_benchmarks_are_named_in_words_and_no_two_alike():
    # the Benchmarking Hub's, as its reader names them; the views'; the curated ones first
    assert formats.benchmark_label("aider_polyglot") == "Aider Polyglot"
    assert formats.benchmark_label("gpqa_diamond") == "GPQA Diamond"
    assert formats.benchmark_label("hle") == "Humanity's Last Exam"
    assert formats.benchmark_label("mmlu") == "MMLU 5-shot"  # not the hub's "MMLU"
    # the hub's bash-only SWE-bench runs are not the views' SWE-bench Verified
    assert formats.benchmark_label("swe_bench_bash") == (
        "SWE-bench Verified, bash-only mini-SWE-agent"
    )
    assert formats.benchmark_label("not_a_benchmark") == "not_a_benchmark"
    named = {**formats.OTHER_BENCHMARK_NAMES, **formats.BENCHMARK_LABELS}
    assert len(set(named.values())) == len(named)
    assert bv_formats.VIEW_BENCHMARK_LABELS["swe_bench_verified"] == "SWE-bench Verified"


def test_a_benchmark_pickers_earlier_address_forms():
    # named since: the label as it reads now and as it read before (the id)
    assert formats.protocol_label_forms("piqa", 0) == {
        "PIQA (0-shot)": "piqa",
        "piqa (0-shot)": "piqa",
    }
    # named all along: one form
    assert formats.protocol_label_forms("gsm8k", 5) == {"GSM8K (5-shot)": "gsm8k"}
