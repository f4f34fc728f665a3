"""Frontier: how small can a model be and still reach a given score on a benchmark?"""

from __future__ import annotations

import streamlit as st

from dashboard import charts, formats, queries
from dashboard.benchmark_sections import FRONTIER_BENCHMARKS, frontier_section
from dashboard.page import metric_row, open_page, section, show_chart, show_table, url_note
from dashboard.url_choice import benchmark_picker

DEFAULT_BENCHMARK = "mmlu"
DEFAULT_THRESHOLD = 60
BASIS_OPTIONS = {"total": "Total", "active": "Active"}  # labels are also the URL form
TARGET_LABEL = formats.format_count(queries.FORECAST_TARGET_PARAMS)  # "1B"

benchmarks = queries.load_benchmarks()
model_filters, filtered = open_page(
    "Frontier: the smallest model reaching a benchmark score",
    empty=benchmarks.is_empty,
    empty_message=(
        "No frontier yet: no accepted release has a benchmark score and a parameter "
        "count. Add records under `data/raw/models/` and run `make build`."
    ),
    filters_for="frontier",
)


@section
def frontier_view() -> None:
    """The benchmark, threshold and basis controls with everything they drive (chart, trend,
    record-holders): a change of one reruns only this, not the title, banner and sidebar."""
    options = benchmarks["benchmark"].to_list()
    shots_of = dict(zip(options, benchmarks["shots"].to_list(), strict=True))
    left_out = dict(zip(options, benchmarks["other_shots_scores"].to_list(), strict=True))
    bench_col, threshold_col, basis_col = st.columns(
        [2, 3, 2], gap="large", vertical_alignment="bottom"
    )
    # The address holds the benchmark's id (`?benchmark=piqa`); links that held the picker's
    # label still open it.
    benchmark = benchmark_picker(
        "benchmark",
        options,
        shots_of,
        DEFAULT_BENCHMARK if DEFAULT_BENCHMARK in options else options[0],
        "not a benchmark with scores",
        bench_col,
        help="Every benchmark with scores in the warehouse, at one protocol each. MMLU uses the "
        "resolved 5-shot score of each model; others use `benchmark_scores` at their most common "
        "shot count.",
    )
    if benchmark in FRONTIER_BENCHMARKS:
        # Today's benchmarks: the published `benchmark_frontier` (open weights, one measurer and one
        # protocol per chart), with their own threshold, basis, measurer and protocol controls.
        frontier_section(benchmark, threshold_col, basis_col, queries.load_latest_release_date())
        st.stop()

    with threshold_col:
        threshold = st.slider(
            "Minimum score (%)",
            min_value=0,
            max_value=100,
            value=DEFAULT_THRESHOLD,
            step=1,
            key="threshold",  # also the URL form: ?threshold=70
            bind="query-params",
            help="Record-holders are computed for any threshold on the fly.",
        )
    with basis_col:
        basis = st.segmented_control(
            "Parameters counted",
            options=list(BASIS_OPTIONS),
            default="total",
            required=True,
            format_func=BASIS_OPTIONS.get,
            key="basis",
            bind="query-params",
            help="Total: every parameter. Active: those used for each token, which is fewer for "
            "mixture-of-experts models (the same for dense ones).",
        )

    url_note("threshold", threshold, "outside 0–100", f"{threshold:g}")
    url_note("basis", BASIS_OPTIONS[basis], "not Total or Active", BASIS_OPTIONS[basis])

    # Only names written in the code reach markdown; an unknown benchmark id is data.
    named = (
        formats.protocol_label(benchmark, shots_of[benchmark])
        if benchmark in formats.BENCHMARK_LABELS or benchmark in formats.OTHER_BENCHMARK_NAMES
        else "the chosen benchmark"
    )
    label = formats.protocol_label(benchmark, shots_of[benchmark])
    counted = "total parameters" if basis == "total" else "parameters active per token"
    st.markdown(
        f"Each point is a release that became the **smallest model scoring ≥ {threshold:g}% on "
        f"{named}**, counting {counted}. The line steps down at each new record and holds "
        "until the next one; the vertical axis is logarithmic."
    )

    frontier = queries.load_frontier(benchmark, threshold, basis, model_filters)
    if left_out[benchmark]:
        st.caption(
            f":material/info: {formats.counted(left_out[benchmark], 'score')} of this benchmark "
            f"at another shot count {'is' if left_out[benchmark] == 1 else 'are'} left out: one "
            "protocol per chart (the Model page lists every score)."
        )
    if filtered:
        st.caption(
            ":material/filter_alt: Sidebar filters on: the record-holders are the smallest among "
            "the models the filters keep. The trend line and its numbers are fitted on all models."
        )
    if frontier.is_empty():
        st.info(
            f"No release reaches {threshold:g}% with a known parameter count on this basis yet"
            + (" among the filtered models. Widen the filters or lower" if filtered else ". Lower")
            + " the threshold.",
            icon=":material/info:",
        )
        st.stop()

    trend = queries.load_frontier_trend(benchmark, threshold, basis)
    latest = queries.load_latest_release_date()
    chart = charts.params_vs_date_chart(
        frontier,
        basis=basis,
        benchmark_label=label,
        until=latest,
        trend=trend.line if trend.fitted else None,
        forecast=charts.Forecast.of(trend, TARGET_LABEL),
        title=charts.title(
            f"Smallest model scoring ≥ {threshold:g}% on {label}",
            "Dashed: exponential trend through the records, shaded: its 95 % band; diamond: where "
            f"the trend crosses {TARGET_LABEL} parameters, bar: its 95 % interval."
            if trend.fitted
            else "Too few records for a trend line.",
        ),
    )
    show_chart(
        chart,
        trend=formats.record_trend(trend),
        coverage=queries.load_frontier_coverage(benchmark, basis),
        measure=f"{label} and a parameter count",
    )

    # ----------------------------------------------------------------------------- the trend
    if trend.fitted:
        cards = metric_row()
        halving = trend.halving_time_months
        cards.metric(
            "Halving time",
            f"{halving:.1f} months" if halving else "not shrinking",
            help="Months for the record-holder's parameter count to halve, from a least-squares "
            "line through log10(parameters) against release date.",
        )
        cards.metric(
            "95 % interval",
            formats.format_interval(trend.time_ci_low_months, trend.time_ci_high_months, ".1f")
            + " months",
            help="Bootstrap over the record-holders (1,000 resamples).",
        )
        cards.metric(
            f"Trend reaches {TARGET_LABEL}",
            f"{trend.forecast_date:%b %Y}" if trend.forecast_date else "–",
            help=f"When the fitted line crosses {TARGET_LABEL} parameters; the interval is the "
            "2.5th–97.5th percentile over the bootstrap lines.",
        )
        cards.metric(
            "Record-holders in the fit",
            f"{trend.n_points}",
            help=f"A trend needs at least {trend.min_points} records.",
        )
        sentences = [
            "Trend fitted on the record-holders among all models (the sidebar filters narrow the "
            "points and the table, not the fit).",
            "The record size "
            + formats.fold_sentence(
                trend.fold_change_per_year, trend.fold_ci_low, trend.fold_ci_high
            )
            + ".",
        ]
        if trend.forecast_date:
            window = (
                f"{trend.forecast_low:%b %Y} – {trend.forecast_high:%b %Y}"
                if trend.forecast_low and trend.forecast_high
                else "unbounded"
            )
            sentences.append(
                f"The line crosses {TARGET_LABEL} parameters in {trend.forecast_date:%B %Y} "
                f"(95 % interval {window})."
            )
            record = frontier["params"].min()
            if latest and trend.forecast_date <= latest and record > trend.target:
                sentences.append(
                    f"The standing record is still {formats.format_count(record)} parameters: the "
                    "frontier has lagged its trend since, which is what an exponential fit through "
                    "a handful of records does when progress comes in steps."
                )
        sentences.append(
            "Compare the densing law (Xiao et al. 2024, "
            "[arXiv:2412.04315](https://arxiv.org/abs/2412.04315)): capability per parameter "
            "doubles about every 3.3 months."
        )
        if not trend.published:
            sentences.append(
                "This trend is fitted here with the pipeline's method (same fit, bootstrap and "
                "seed); the warehouse's `frontier_trend` covers MMLU at 50, 60, 70 and 80 %."
            )
        st.caption(" ".join(sentences))
    else:
        st.info(
            f"Too few records to fit a trend: {formats.counted(trend.n_points, 'record-holder')}, "
            "and an "
            f"exponential fit needs at least {trend.min_points}. Try a lower threshold.",
            icon=":material/query_stats:",
        )

    st.subheader("Record-holders")
    show_table(
        frontier,
        f"Record-holders: each release that became the smallest scoring ≥ {threshold:g}%",
        key_columns=["name", "params", "score"],
        columns=[
            "name",
            "model_page",
            "organization",
            "release_date",
            "params",
            "score",
            "source",
            "params_source",
        ],
        column_config={
            "name": st.column_config.TextColumn("Model"),
            "model_page": st.column_config.LinkColumn(
                "Evidence",
                display_text="sources ›",
                help="Every value of the model with its citation, and every claim about it.",
            ),
            "organization": st.column_config.TextColumn("Organization"),
            "release_date": st.column_config.DateColumn("Released", format="YYYY-MM-DD"),
            "params": st.column_config.NumberColumn(
                charts.BASIS_TITLES[basis],
                format="compact",
                help="Parameter count on the chosen basis.",
            ),
            "score": st.column_config.NumberColumn(f"{label} (%)", format="%.1f"),
            "source": formats.source_column("Score source"),
            "params_source": formats.source_column("Parameter source"),
        },
    )


frontier_view()

st.caption(
    "Data: Scaling Atlas records, each number cited to the paper, model card or announcement "
    "linked in the table; upstream data from [Epoch AI](https://epoch.ai/data) (CC-BY 4.0) "
    f"and {formats.LLM_STATS_CREDIT} (CC-BY 4.0). "
    "Parameter counts the source labels Speculative cannot set a record. MMLU: Hendrycks et "
    "al. 2021, [arXiv:2009.03300](https://arxiv.org/abs/2009.03300)."
)
