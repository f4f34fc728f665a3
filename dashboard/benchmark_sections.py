"""The benchmark view sections, drawn by the pages that show them: the open-weights
frontier of GPQA Diamond, MMLU-Pro and SWE-bench Verified (Frontier page, behind its benchmark
choice), the cheapest price reaching a level (Cost), ECI over time and against compute (Scaling),
maker vs independent scores (Model, Data quality). Each section reads the published tables through
`queries.benchmark_views`, draws with `charts.benchmark_views` and says how many models each
chart covers per year."""

from __future__ import annotations

import datetime as dt

import polars as pl
import streamlit as st

from dashboard import charts, formats
from dashboard.charts import benchmark_views as bv_charts
from dashboard.formats import benchmark_views as bv_formats
from dashboard.page import metric_row, show_chart, show_table
from dashboard.queries import benchmark_views as bv
from dashboard.queries.benchmark_views import FRONTIER_BENCHMARKS  # noqa: F401 (the pages ask)
from dashboard.url_choice import from_url as _from_url
from dashboard.url_choice import to_url as _to_url

BASIS_OPTIONS = {"total": "Total", "active": "Active"}


# --------------------------------------------------------------------------- Frontier
def frontier_section(benchmark: str, threshold_col, basis_col, until: dt.date | None) -> None:
    """The open-weights frontier of `benchmark` from `benchmark_frontier`: one measurer and one
    protocol family per chart, chosen here; the caption says what the chart leaves out."""
    label = bv_formats.VIEW_BENCHMARK_LABELS[benchmark]
    groups = bv.load_frontier_groups(benchmark)
    if groups.is_empty():
        st.info(f"No `benchmark_frontier` rows for {label} yet.", icon=":material/info:")
        return
    measurers = groups["measured_by"].unique(maintain_order=True).to_list()
    _from_url("view_basis", list(BASIS_OPTIONS), "total")
    with basis_col:
        basis = st.segmented_control(
            "Parameters counted",
            options=list(BASIS_OPTIONS),
            required=True,
            format_func=BASIS_OPTIONS.get,
            key="view_basis",
            help="Total: every parameter. Active: those used for each token (fewer for "
            "mixture-of-experts models).",
        )
    _to_url("view_basis", basis, "total", "not total or active", BASIS_OPTIONS[basis])
    measurer_col, family_col = st.columns([1, 3], gap="large")
    _from_url("view_measured_by", measurers, measurers[0])
    with measurer_col:
        measured_by = st.selectbox(
            "Measured by",
            measurers,
            format_func=bv_formats.measurer_label,
            key="view_measured_by",
            help="One measurer per chart: the maker's own scores and an independent run are "
            "not mixed. The address keeps its id (`?view_measured_by=epoch`).",
        )
    _to_url(
        "view_measured_by",
        measured_by,
        measurers[0],
        f"not a measurer of {label} here (" + ", ".join(measurers) + ")",
        bv_formats.measurer_label(measured_by),
    )
    mine = groups.filter(pl.col("measured_by") == measured_by)
    families = mine["protocol_family"].to_list()
    counts = dict(zip(families, mine["n_scores"].to_list(), strict=True))
    _from_url("view_protocol", families, families[0])
    with family_col:
        family = st.selectbox(
            "Protocol",
            families,
            format_func=lambda f: f"{f} ({counts[f]} scores)",
            key="view_protocol",
            help="One protocol family per chart (the protocol without its per-row version and "
            "effort, with the shot count), the one with most scores first.",
        )
    _to_url("view_protocol", family, families[0], "not a protocol of this measurer", family)
    thresholds = bv.load_frontier_group_thresholds(benchmark, measured_by, family)
    default_threshold = 60.0 if 60.0 in thresholds else thresholds[0]
    _from_url("view_threshold", thresholds, default_threshold)
    with threshold_col:
        threshold = st.select_slider(
            "Minimum score (%)",
            options=thresholds,
            format_func=lambda t: f"{t:g}",
            key="view_threshold",
            help="The thresholds `benchmark_frontier` holds.",
        )
    _to_url(
        "view_threshold",
        threshold,
        default_threshold,
        "not one of " + ", ".join(f"{t:g}" for t in thresholds),
        f"{threshold:g}",
    )
    frontier = bv.load_benchmark_frontier(benchmark, measured_by, family, threshold, basis)
    row = mine.filter(pl.col("protocol_family") == family).row(0, named=True)
    total = bv.load_frontier_total_scores(benchmark)
    other = total - row["n_scores"]
    no_params = int(frontier["n_left_out_no_params"][0]) if frontier.height else None
    left = [
        f"{other} of the {total} {label} scores in benchmark_frontier are by another measurer "
        "or protocol",
        f"{row['n_left_out_not_open']} of this group's {row['n_scores']} are of closed or "
        "unknown weights",
    ]
    if no_params:
        left.append(f"{no_params} open-weights release(s) have no {basis} parameter count")
    if row["n_left_out_no_date"]:
        left.append(f"{row['n_left_out_no_date']} have no release date")
    who = bv_formats.measurer_phrase(measured_by)
    st.markdown(
        f"Each point is an **open-weights release that became the smallest scoring ≥ "
        f"{threshold:g}% on {label}**, measured by {who} under one protocol, counting "
        f"{'total parameters' if basis == 'total' else 'parameters active per token'}."
    )
    if frontier.is_empty():
        st.info(
            f"No open-weights release reaches {threshold:g}% in this group.", icon=":material/info:"
        )
        st.caption("Left out: " + "; ".join(left) + ".")
        return
    chart = charts.params_vs_date_chart(
        frontier,
        basis=basis,
        benchmark_label=label,
        until=until,
        title=charts.title(
            f"Smallest open-weights model scoring ≥ {threshold:g}% on {label}",
            f"Measured by {who}; protocol: {family}.",
            "Left out: " + left[0] + ";",
            *(f"{part};" for part in left[1:-1]),
            *([left[-1] + "."] if len(left) > 1 else []),
        ),
    )
    show_chart(chart)
    st.caption(
        bv_formats.per_year_text(frontier["release_date"], "record-holders")
        + f" (of {row['n_scores'] - row['n_left_out_not_open']} open-weights scores in the group)."
        " This view reads the published `benchmark_frontier`: the sidebar filters do not narrow it."
    )
    show_table(
        frontier,
        f"{label} record-holders",
        key_columns=["name", "params", "score"],
        columns=["name", "model_page", "organization", "release_date", "params", "score"]
        + ["source"],
        column_config={
            "name": st.column_config.TextColumn("Model"),
            "model_page": formats.MODEL_COLUMN_CONFIG["model_page"],
            "organization": st.column_config.TextColumn("Organization"),
            "release_date": st.column_config.DateColumn("Released", format="YYYY-MM-DD"),
            "params": st.column_config.NumberColumn(charts.BASIS_TITLES[basis], format="compact"),
            "score": st.column_config.NumberColumn(f"{label} (%)", format="%.1f"),
            "source": formats.source_column("Score source"),
        },
    )


# --------------------------------------------------------------------------- Cost
def cost_section(until: dt.date | None) -> None:
    """Cheapest 3:1-blended price reaching a GPQA Diamond, MMLU-Pro or SWE-bench Verified level
    over time (`benchmark_cost_frontier`), and its fold decrease per year
    (`benchmark_cost_trend`)."""
    st.subheader("Cheapest price reaching a GPQA Diamond, MMLU-Pro or SWE-bench Verified level")
    bench_col, measurer_col = st.columns(2, gap="large")
    benchmarks = list(bv.COST_BENCHMARKS)
    _from_url("cost_view_benchmark", benchmarks, benchmarks[0])
    with bench_col:
        benchmark = st.segmented_control(
            "Benchmark",
            options=benchmarks,
            required=True,
            format_func=bv_formats.VIEW_BENCHMARK_LABELS.get,
            key="cost_view_benchmark",
        )
    label = bv_formats.VIEW_BENCHMARK_LABELS[benchmark]
    valid = "not one of " + ", ".join(benchmarks)
    _to_url("cost_view_benchmark", benchmark, benchmarks[0], valid, label)
    groups = bv.load_cost_groups(benchmark)
    if groups.is_empty():
        st.info(f"No `benchmark_cost_frontier` rows for {label} yet.", icon=":material/info:")
        return
    measurers = groups["measured_by"].to_list()
    _from_url("cost_view_measured_by", measurers, measurers[0])
    with measurer_col:
        measured_by = st.selectbox(
            "Scores measured by",
            measurers,
            format_func=bv_formats.measurer_label,
            key="cost_view_measured_by",
        )
    _to_url(
        "cost_view_measured_by",
        measured_by,
        measurers[0],
        f"not a measurer of {label} here (" + ", ".join(measurers) + ")",
        bv_formats.measurer_label(measured_by),
    )
    row = groups.filter(pl.col("measured_by") == measured_by).row(0, named=True)
    frontier = bv.load_benchmark_cost_frontier(benchmark, measured_by)
    trend = bv.load_benchmark_cost_trend(benchmark, measured_by)
    scored = bv.load_cost_group_releases(benchmark, measured_by)
    who = bv_formats.measurer_phrase(measured_by)
    chart = bv_charts.benchmark_price_vs_date_chart(
        frontier,
        benchmark_label=label,
        until=until,
        title=charts.title(
            f"Cheapest API price scoring at least a {label} level, over time",
            f"Scores measured by {who}. Price: (3 × input + output) / 4 USD per 1M tokens, "
            "as of the release date (the newest price on or before it, else the launch price "
            "recorded within 90 days), not today's.",
            f"Left out: {row['n_left_out_no_price']} of the {row['n_models']} scored releases "
            "have no price dated by release + 90 days; scores by other measurers are in their "
            "own chart.",
        ),
    )
    fitted_rows = trend.filter(pl.col("fold_decrease_per_year").is_not_null())
    show_chart(
        chart,
        trend=bv_formats.cost_trend_summary(fitted_rows),
        coverage=scored["release_date"],
        measure=f"a {label} score measured by {who}",
    )
    st.caption(
        bv_formats.per_year_text(frontier.unique("model_id")["release_date"], "record-holders")
        + f" (of {row['n_models']} scored releases; the strip above counts them per year)."
    )
    fitted = trend.filter(pl.col("fold_decrease_per_year").is_not_null())
    lines = []
    for t in fitted.iter_rows(named=True):
        lines.append(
            f"≥ {t['threshold']:g}%: the cheapest price fell **{t['fold_decrease_per_year']:,.3g}× "
            f"per year** (95 % interval {t['fold_decrease_per_year_low']:,.3g}–"
            f"{t['fold_decrease_per_year_high']:,.3g}×, {t['n_records']} records, "
            f"{t['first_date']:%b %Y} – {t['last_date']:%b %Y})"
        )
    if lines:
        st.markdown("\n".join(f"- {line}" for line in lines))
    unfitted = trend.filter(pl.col("fold_decrease_per_year").is_null())["threshold"].to_list()
    if unfitted:
        st.caption(
            "No fold-per-year for "
            + ", ".join(f"≥ {t:g}%" for t in unfitted)
            + ": the table fits one only with 3 or more records spanning a year. Fit: least "
            "squares of log10 price on years over the record prices, interval from 1,000 "
            "bootstrap resamples (`benchmark_cost_trend`)."
        )
    show_table(
        trend,
        "Fold decrease per year, by threshold",
        key_columns=["threshold", "fold_decrease_per_year"],
        columns=[
            "threshold",
            "n_records",
            "first_date",
            "last_date",
            "first_price_usd_per_1m_blended",
            "last_price_usd_per_1m_blended",
            "fold_decrease_per_year",
            "fold_decrease_per_year_low",
            "fold_decrease_per_year_high",
        ],
        column_config={
            "threshold": st.column_config.NumberColumn("Threshold (%)", format="%g"),
            "fold_decrease_per_year": st.column_config.NumberColumn("Fold / year", format="%.3g"),
            "fold_decrease_per_year_low": st.column_config.NumberColumn("Low", format="%.3g"),
            "fold_decrease_per_year_high": st.column_config.NumberColumn("High", format="%.3g"),
        },
    )


# --------------------------------------------------------------------------- Scaling (ECI)
def eci_section(until: dt.date | None) -> None:
    """ECI over time with Epoch's intervals, open vs closed (`capability_index`,
    `eci_frontier`), the open–closed gap in months (`eci_open_closed_gap`), and ECI against
    training compute."""
    st.subheader("Epoch Capabilities Index: open vs closed")
    eci = bv.load_eci()
    if eci.is_empty():
        st.info("No release has an ECI in the warehouse yet.", icon=":material/info:")
        return
    records = bv.load_eci_frontier()
    chart = bv_charts.eci_vs_date_chart(
        eci,
        records,
        until=until,
        title=charts.title(
            "ECI over time, open vs closed weights",
            "Points: every release with an ECI (vertical bars: Epoch's interval); lines: the "
            "best ECI so far among open and among closed releases (eci_frontier).",
        ),
    )
    gap = bv.load_eci_gap()
    show_chart(chart, trend=bv_formats.eci_gap_trend(gap))
    st.caption(bv_formats.per_year_text(eci["release_date"], "releases with an ECI"))
    matched = gap.filter(pl.col("gap_months").is_not_null())
    if matched.height:
        latest = matched.sort("open_release_date").row(-1, named=True)
        cards = metric_row()
        cards.metric(
            "Latest open–closed gap",
            f"{latest['gap_months']:.1f} months",
            help=f"{latest['open_model_id']} ({latest['open_release_date']}) matched the ECI "
            f"{latest['closed_model_id']} reached on {latest['closed_release_date']}.",
        )
        cards.metric(
            "Median gap over open records",
            f"{matched['gap_months'].median():.1f} months",
        )
        cards.metric(
            "Open records compared",
            f"{matched.height} of {gap.height}",
        )
        st.caption(
            "Method (`eci_open_closed_gap`): for each release that set a new best ECI among open "
            "weights, the first closed release with an ECI at least as high; the gap is the "
            "difference of release dates in days / 30.44 (negative: open came first). Open "
            "records no closed release has reached have no gap."
        )
        show_table(
            gap,
            "Open–closed ECI gap, per open record",
            columns=gap.columns,
            key_columns=["open_model_id", "closed_model_id", "gap_months"],
        )

    compute_fit_sections()


def compute_fit_sections() -> None:
    """ECI and GPQA Diamond against training compute, each with its fitted curve and 95 % band
    (`benchmark_compute_fits`, `benchmark_compute_curves`) over the scatter."""
    st.subheader("ECI and GPQA Diamond against training compute")
    st.caption(
        "Fitted in the build (`pipelines/lib/trends/compute_fits.py`) on every release with the "
        "measure and a training compute (suspicious values not resolved as right left out), "
        "whatever the sidebar filters. GPQA Diamond has four answer choices, so it is fitted as "
        "a sigmoid from the 25 % chance floor to 100 %; the ECI is an index without bounds, so "
        "as a straight line in log10 compute. Dashed line: the fit; grey band: its 95 % "
        "bootstrap band."
    )
    for measure, load_points, build, unit, what in (
        ("eci", bv.load_eci_vs_compute, bv_charts.eci_vs_compute_chart, "ECI", "an ECI"),
        (
            "gpqa_diamond",
            bv.load_gpqa_vs_compute,
            bv_charts.gpqa_vs_compute_chart,
            "GPQA Diamond (%)",
            "an Epoch AI GPQA Diamond run",
        ),
    ):
        points = load_points()
        if points.is_empty():
            st.info(f"No release has both {what} and a training compute.", icon=":material/info:")
            continue
        fit = bv.load_compute_fit(measure)
        fitted = fit is not None and fit["status"] == "fitted"
        text = bv_formats.compute_fit_text(fit, unit)
        label = "ECI" if measure == "eci" else "GPQA Diamond (Epoch AI's runs, 0-shot)"
        extra = {"chance": fit["floor_pct"]} if measure == "gpqa_diamond" and fitted else {}
        show_chart(
            build(
                points,
                bv.load_compute_curve(measure) if fitted else None,
                **extra,
                title=charts.title(
                    f"{label} against training compute",
                    ("Sigmoid" if measure == "gpqa_diamond" else "Line")
                    + f" fitted on {fit['n_points']} releases, with its 95 % band."
                    if fitted
                    else "No fit: " + text,
                ),
            ),
            trend=text,
            coverage=points["release_date"],
            measure=f"{what} and a training compute",
        )
        st.caption(text)


# --------------------------------------------------------------------------- Maker vs independent
def maker_vs_independent_section(model_id: str | None = None) -> None:
    """`maker_vs_independent` as a chart and a table: every release (Data quality page) or one
    (Model page)."""
    st.subheader("Maker's claim vs independent measurement")
    rows = bv.load_maker_vs_independent(model_id)
    if rows.is_empty():
        st.caption(
            "No benchmark with both a maker's score and an independent one (Epoch AI's run or "
            "a leaderboard) " + ("for this release." if model_id else "in the warehouse.")
        )
        return
    rows = rows.with_columns(
        bv_formats.measurer_labels(pl.col("measured_by")),
        formats.benchmark_labels(pl.col("benchmark")),
    )
    mean = rows["difference_pts"].mean()
    show_chart(
        bv_charts.maker_vs_independent_chart(
            rows,
            title=charts.title(
                "Maker's score minus the independent score",
                f"{formats.counted(rows.height, 'pair')} over "
                f"{formats.counted(rows['model_id'].n_unique(), 'release')}; mean "
                f"{mean:+.1f} points (positive: the maker reports more). Shot counts can differ: "
                "see the table's Same shots.",
            ),
        ),
        trend=f"the maker reports more in {(rows['difference_pts'] > 0).sum()} of "
        f"{formats.counted(rows.height, 'pair')}, {mean:+.1f} points on average",
    )
    st.caption(bv_formats.per_year_text(rows.unique("model_id")["release_date"], "releases"))
    show_table(
        rows,
        "Maker vs independent scores",
        key_columns=["name", "benchmark_label", "difference_pts"],
        columns=[
            "name",
            "model_page",
            "benchmark_label",
            "measured_by_label",
            "maker_score",
            "independent_score",
            "difference_pts",
            "same_shots",
            "maker_protocol",
            "independent_protocol",
            "maker_source",
            "independent_source",
        ],
        column_config={
            "name": st.column_config.TextColumn("Model"),
            "model_page": formats.MODEL_COLUMN_CONFIG["model_page"],
            "measured_by_label": st.column_config.TextColumn("Independent party"),
            "maker_score": st.column_config.NumberColumn("Maker (%)", format="%.1f"),
            "independent_score": st.column_config.NumberColumn("Independent (%)", format="%.1f"),
            "benchmark_label": st.column_config.TextColumn("Benchmark"),
            "difference_pts": st.column_config.NumberColumn("Difference (pts)", format="%+.1f"),
            "same_shots": st.column_config.CheckboxColumn(
                "Same shots", help="Both scores used the same number of examples in the prompt."
            ),
            "maker_protocol": st.column_config.TextColumn("Maker's protocol"),
            "independent_protocol": st.column_config.TextColumn("Independent protocol"),
            "maker_source": formats.source_column("Maker source"),
            "independent_source": formats.source_column("Independent source"),
        },
    )
