"""Cost: what a given MMLU score costs through an API, how fast that falls, what training
costs, and how fast every measure of scale grows."""

from __future__ import annotations

import polars as pl
import streamlit as st

from dashboard import charts, formats, queries
from dashboard.benchmark_sections import cost_section
from dashboard.page import (
    metric_row,
    open_page,
    section,
    sections,
    show_chart,
    show_table,
    url_note,
)

DEFAULT_THRESHOLD = 70.0
THRESHOLD = "price_threshold"  # widget key, also the URL query parameter

growth = queries.load_growth_rates()
model_filters, filtered = open_page(
    "Cost: API prices, training cost and growth rates",
    "API prices are list prices in US dollars per million tokens, blended **3:1 input to "
    "output** (the usual convention for chat use). Training costs are the cited estimates "
    "(mostly Epoch AI's, in the year's dollars). Growth rates are exponential fits with 95 % "
    "bootstrap intervals.",
    empty=lambda: queries.load_price_points().is_empty() and growth.is_empty(),
    empty_message=(
        "No prices or growth rates yet: no model has both an MMLU score and API prices. Add "
        "records under `data/raw/models/` and run `make build`."
    ),
    filters_for="cost",
)

prices = queries.load_price_points(model_filters)
if filtered:
    st.caption(
        ":material/filter_alt: Sidebar filters on: the prices, the price-performance frontier "
        "and the training costs cover only the models the filters keep. The cheapest-over-time "
        "records, their trend and the growth rates are fitted on all models."
    )


# ----------------------------------------------------------------------------- price vs MMLU
def price_section() -> None:
    """Each priced model's blended price against its MMLU score, with the price-performance
    frontier of the models shown."""
    if prices.is_empty():
        st.info(
            "No model"
            + (" the sidebar filters keep" if filtered else "")
            + " has both an MMLU score and both API prices.",
            icon=":material/info:",
        )
    else:
        show_chart(charts.price_vs_score_chart(prices), trend=formats.price_frontier_trend(prices))
        st.caption(
            "Each model at its latest cited list price. The black step is the price-performance "
            "frontier: for every score, the cheapest model scoring at least that much; everything "
            "above it is dominated (another model is at least as good and cheaper). Prices change "
            "often; hover a point for the date it was observed and its source. The frontier is "
            "computed from the models shown, so the sidebar filters move it."
        )


# ----------------------------------------------------------------------------- cost frontier
@section
def mmlu_cost_frontier() -> None:
    """The threshold control with the chart, trend and record-holders it drives: a change of
    the threshold reruns and redraws this block only (`page.section`)."""
    st.subheader("The cheapest model above a score, over time")
    thresholds = queries.load_cost_thresholds()
    if not thresholds:
        st.info("No cost frontier in this warehouse.", icon=":material/info:")
    else:
        threshold = st.segmented_control(
            "MMLU at least",
            thresholds,
            default=DEFAULT_THRESHOLD if DEFAULT_THRESHOLD in thresholds else thresholds[0],
            required=True,
            format_func=lambda t: f"{t:g}%",  # also the URL form: ?price_threshold=70%
            key=THRESHOLD,
            bind="query-params",
        )
        url_note(
            THRESHOLD,
            threshold,
            "not one of " + ", ".join(f"{t:g}%" for t in thresholds),
            f"{threshold:g}%",
        )
        records = queries.load_cost_frontier(threshold)
        published = queries.load_cost_trend(threshold)
        line = queries.load_cost_trend_line(threshold)
        later = records.filter(records["price_days_after_release"] > 0).height
        st.caption(
            "Prices at release: each record-holder at the **price in force on its release "
            "date** (the newest dated price claim on or before that date, else the earliest "
            f"one after it: {records.height - later} of {records.height} here are launch "
            f"prices, {later} were first observed later; the price date of each is in the "
            "table below and the tooltip), so the trend compares like with like, not each "
            "model's newest list price. Record-holders (`cost_frontier`) and their trend "
            "(`cost_trend`) are computed on all models, whatever the sidebar filters."
        )
        fitted = published is not None and published["status"] == "fitted"
        show_chart(
            charts.price_vs_date_chart(
                records,
                trend=line.line if fitted and line is not None and line.fitted else None,
                until=queries.load_latest_release_date(),
                threshold=threshold,
            ),
            trend=formats.fold_text(published["fold_change_per_year"]) if fitted else "not fitted",
            # every priced model at or above the threshold, whatever the sidebar filters: the
            # population the record-holders are drawn from
            coverage=queries.load_price_points().filter(pl.col("mmlu") >= threshold)[
                "release_date"
            ],
            measure=f"MMLU ≥ {threshold:g}% and an API price",
        )
        if fitted:
            cards = metric_row()
            label, value, interval = formats.fold_metric(
                published["fold_change_per_year"],
                published["fold_ci_low"],
                published["fold_ci_high"],
            )
            cards.metric(
                label,
                value,
                help="From a least-squares line through log10(price) of the record-holders "
                "against their release dates (`cost_trend`).",
            )
            cards.metric(
                "95 % interval",
                interval,
                help="Bootstrap over the record-holders (1,000 resamples).",
            )
            cards.metric(
                "Record-holders in the fit",
                f"{published['n_points']}",
            )
            if published["halving_time_months"]:
                st.caption(
                    f"The cheapest price at ≥ {threshold:g}% halves every "
                    f"{published['halving_time_months']:.1f} months (95 % interval "
                    + formats.format_interval(
                        published["time_ci_low_months"], published["time_ci_high_months"], ".1f"
                    )
                    + " months). The dashed line and band are that fit. A handful of records and "
                    "list prices that change after release make this a rough rate."
                )
        else:
            n = published["n_points"] if published else records.height
            st.info(
                f"Too few records to fit a trend at ≥ {threshold:g}%: "
                f"{formats.counted(n, 'record-holder')}, and "
                "an exponential fit needs at least 8. Try another threshold.",
                icon=":material/query_stats:",
            )
        with st.expander(f"Record-holders ({records.height})"):
            show_table(
                records,
                "MMLU price record-holders",
                key_columns=["name", "release_date", "price_usd_per_1m_blended"],
                columns=[
                    "name",
                    "model_page",
                    "organization",
                    "release_date",
                    "score",
                    "price_usd_per_1m_blended",
                    "price_as_of_date",
                    "price_days_after_release",
                    "price_source",
                    "mmlu_source",
                ],
                column_config={
                    **formats.MODEL_COLUMN_CONFIG,
                    "score": st.column_config.NumberColumn("MMLU 5-shot (%)", format="%.1f"),
                    "price_usd_per_1m_blended": st.column_config.NumberColumn(
                        "Blended $ / 1M tokens", format="$%.3g"
                    ),
                    "price_as_of_date": st.column_config.DateColumn(
                        "Price as of", format="YYYY-MM-DD"
                    ),
                    "price_days_after_release": st.column_config.NumberColumn(
                        "Price observed (days after release)",
                        help="0 or less: the launch price. More: the earliest price we hold.",
                    ),
                    "price_source": formats.source_column("Price source"),
                    "mmlu_source": formats.source_column("MMLU source"),
                },
            )


# ----------------------------------------------------------------------------- benchmark views
def benchmark_section() -> None:
    """The same over time for GPQA Diamond, MMLU-Pro and SWE-bench Verified levels."""
    cost_section(queries.load_latest_release_date())


# ----------------------------------------------------------------------------- training cost
def training_section() -> None:
    """Cited training costs over time, with their fitted growth."""
    st.subheader("Training cost")
    costs = queries.load_training_costs(model_filters)
    if costs.is_empty():
        st.info(
            "No model" + (" the sidebar filters keep" if filtered else "") + " has a cited "
            "training cost.",
            icon=":material/info:",
        )
    else:
        row = queries.load_growth_rate("training_cost_usd")
        cost_trend = queries.load_training_cost_trend()
        show_trend = (
            row is not None
            and row["status"] == "fitted"
            and cost_trend is not None
            and cost_trend.fitted
        )
        left, right = st.columns([3, 1], gap="large", vertical_alignment="center")
        with left:
            show_chart(
                charts.training_cost_vs_date_chart(
                    costs, trend=cost_trend.line if show_trend else None
                ),
                trend=formats.fold_text(row["fold_change_per_year"])
                if show_trend
                else "not fitted",
                coverage=costs["release_date"],
                measure="a training cost",
            )
        with right:
            if show_trend:
                cards = metric_row()  # stacked beside the chart; sharing lines on a phone
                cards.metric(
                    "Growth per year",
                    formats.fold_text(row["fold_change_per_year"]).replace(" per year", ""),
                    help=f"Models since {row['since']} with a cost ({row['n_points']}).",
                )
                cards.metric(
                    "95 % interval",
                    formats.format_interval(row["fold_ci_low"], row["fold_ci_high"], ".3g", "×"),
                )
                cards.metric(
                    "Doubling time",
                    f"{row['doubling_time_months']:.1f} months",
                    help="95 % interval "
                    + formats.format_interval(
                        row["time_ci_low_months"], row["time_ci_high_months"], ".1f"
                    )
                    + " months.",
                )
            else:
                st.info("Too few costs to fit a trend.", icon=":material/query_stats:")
        st.caption(
            "Cited estimates of the cost of the final training run (hardware time at the period's "
            "prices), not of research, staff or failed runs. Hover a point for its source. The "
            "growth line, its band and the numbers beside it are fitted on all models "
            "(`growth_rates`), whatever the sidebar filters."
        )


# ----------------------------------------------------------------------------- growth rates
def growth_section() -> None:
    """Each measure's fitted growth per year."""
    st.subheader("Growth rates")
    if growth.is_empty():
        st.info("No growth rates in this warehouse.", icon=":material/info:")
    else:
        st.caption(
            "Exponential growth of each measure across all language models with a value, fitted "
            "as a straight line through log10(value) against release date, with 95 % bootstrap "
            "intervals (`growth_rates`), on all models whatever the sidebar filters. Frontier "
            "models grow faster than the whole population."
        )
        show_table(
            formats.growth_table(growth),
            "Growth per year, by measure",
            key_columns=["metric_label", "fold_text"],
            columns=[
                "metric_label",
                "since",
                "n_points",
                "fold_text",
                "fold_interval",
                "time_text",
                "time_interval",
                "reference",
            ],
            column_config={
                "metric_label": st.column_config.TextColumn("Measure"),
                "since": st.column_config.NumberColumn("Since", format="plain"),
                "n_points": st.column_config.NumberColumn("Models", format="localized"),
                "fold_text": st.column_config.TextColumn("Change"),
                "fold_interval": st.column_config.TextColumn("95 % interval (× per year)"),
                "time_text": st.column_config.TextColumn("Doubling or halving time"),
                "time_interval": st.column_config.TextColumn("Its 95 % interval"),
                "reference": st.column_config.TextColumn("Compare with", width="large"),
            },
        )


sections(
    {
        "Price against MMLU": (price_section, ()),
        "Cheapest over time": (mmlu_cost_frontier, ("price_threshold",)),
        "Other benchmarks": (benchmark_section, ("cost_view_benchmark", "cost_view_measured_by")),
        "Training cost": (training_section, ()),
        "Growth rates": (growth_section, ()),
    }
)

st.caption(
    "Data: list prices from LiteLLM, Epoch AI's API price data, "
    f"{formats.LLM_STATS_CREDIT} (CC-BY 4.0) and curated records; training "
    "costs from [Epoch AI](https://epoch.ai/data) (CC-BY 4.0) and curated records. Tables: "
    "`cost_frontier`, `cost_trend`, `benchmark_cost_frontier`, `benchmark_cost_trend`, "
    "`growth_rates`, `models`."
)
