"""Scaling: MMLU against size and compute with the fitted sigmoid, the emergence view, size
classes per year and what serving each model takes."""

from __future__ import annotations

import streamlit as st

from dashboard import charts, formats, queries
from dashboard.benchmark_sections import eci_section
from dashboard.page import open_page, sections, show_chart, show_table, url_note
from dashboard.url_choice import benchmark_picker

COLOUR_OPTIONS = {"organization": "By organization", "weights": "By weights"}  # unique labels
SIZE_VIEWS = {"count": "Count", "share": "Share"}

model_filters, filtered = open_page(
    "Scaling: capability against size and compute",
    "How MMLU 5-shot grows with parameters and training compute, the fitted S-curve with its "
    "95 % band, where benchmark progress looks sudden and why that can be the metric, how model "
    "sizes have shifted year by year, the memory it takes to serve each model, and Epoch AI's "
    "Capabilities Index and GPQA Diamond against training compute with their fitted curves.",
    filters_for="scaling",
)

points = queries.load_capability_points(model_filters)
if filtered:
    st.caption(
        f":material/filter_alt: Sidebar filters on: {points.height:,} models with an MMLU score "
        "plotted. The S-curves and their bands are fitted on all models."
    )
if points.is_empty() and not filtered:
    st.info(
        "No model has an MMLU score yet. Add records under `data/raw/models/` and run "
        "`make build`.",
        icon=":material/info:",
    )
    st.stop()


def mmlu_section() -> None:
    """MMLU 5-shot against parameters and against training compute, with the fitted S-curves
    and their controls."""
    colour_col, top_col, _ = st.columns([2, 2, 3], vertical_alignment="bottom")
    with colour_col:
        colour_by = st.segmented_control(
            "Colour points by",
            list(COLOUR_OPTIONS),
            default="organization",
            required=True,
            format_func=COLOUR_OPTIONS.get,
            key="colour",
            bind="query-params",
        )
    with top_col:
        top_n = st.slider(
            "Organizations named",
            min_value=3,
            max_value=10,
            value=6,
            key="top",
            bind="query-params",
            disabled=colour_by != "organization",
            help="The organisations with the most plotted models get a colour; the rest are Other.",
        )
    url_note("top", top_n, "outside 3–10", f"{top_n}")
    url_note("colour", COLOUR_OPTIONS[colour_by], "not a colouring", COLOUR_OPTIONS[colour_by])

    if points.is_empty():
        st.info(
            "No model the sidebar filters keep has an MMLU score. Widen the filters.",
            icon=":material/filter_alt_off:",
        )
    else:
        left, right = st.columns(2, gap="large")
        for column, x_variable, fit_name, unit in (
            (left, "params", "log10_params", "parameters"),
            (right, "compute", "log10_compute", "FLOP"),
        ):
            with column:
                show_chart(
                    charts.mmlu_vs_scale_chart(
                        points,
                        queries.load_capability_curve(fit_name),
                        x_variable=x_variable,
                        colour_by=colour_by,
                        top_n=top_n,
                        references=charts.MMLU_REFERENCES,
                    ),
                    trend=formats.capability_fit_text(queries.load_capability_fit(fit_name), unit),
                )
        st.caption(
            "Sigmoid with floor 25 % (four answer choices) and ceiling 100 %, fitted on log10 of "
            "the x variable, 95 % bands from a bootstrap (`capability_fits`, "
            "`capability_curves`), fitted on all models whatever the sidebar filters. "
            "Reference lines from Hendrycks et al. 2021 "
            "([arXiv:2009.03300](https://arxiv.org/abs/2009.03300)): random guessing 25 %, "
            "non-expert humans about 35 %, estimated expert level about 90 %. Hover a point for "
            "its sources."
        )


# ----------------------------------------------------------------------------- emergence
def emergence_section() -> None:
    """One benchmark's scores against training compute, with its chance level and the metric
    caveat."""
    st.subheader("Emergence: score against compute, per benchmark")
    emergence = queries.load_emergence_benchmarks()
    if emergence.is_empty():
        st.info(
            "No benchmark score has a training compute to plot against.", icon=":material/info:"
        )
    else:
        options = emergence["benchmark"].to_list()
        shots_of = dict(zip(options, emergence["shots"].to_list(), strict=True))
        left_out = dict(zip(options, emergence["other_shots_scores"].to_list(), strict=True))
        left, right = st.columns([5, 2], gap="large")
        # The address holds the benchmark's id (`?emergence=piqa`); links that held the
        # picker's label still open it.
        benchmark = benchmark_picker(
            "emergence",
            options,
            shots_of,
            options[0],
            "not a benchmark with scores and a training compute",
            right,
        )
        chance = dict(zip(options, emergence["chance_pct"], strict=True))[benchmark]
        # The chart first, then the notes beside it: the browser draws a page's elements in
        # the order the script makes them.
        with left:
            points = queries.load_emergence_points(benchmark, model_filters)
            show_chart(
                charts.score_vs_compute_chart(
                    points,
                    benchmark_label=formats.protocol_label(benchmark, shots_of[benchmark]),
                    chance=chance,
                ),
                # a band of compute as sparse as a sparse year is left out of the trend
                trend=formats.emergence_trend(points, chance, charts.MIN_MODELS_PER_YEAR),
            )
        with right:
            st.markdown(
                "**Is it emergence or the metric?** A score can sit at chance and then jump, as if "
                "an ability switched on at some scale. Schaeffer et al. (2023, "
                "[arXiv:2304.15004](https://arxiv.org/abs/2304.15004)) showed that much of this is "
                "the choice of metric: discontinuous or non-linear metrics (exact match, multiple-"
                "choice accuracy near chance) can turn smooth, predictable improvement in the "
                "model's underlying loss into what looks like a sudden leap."
            )
            st.caption(
                "Read a jump here as a question, not an answer: check it against a continuous "
                "metric (per-token loss, Brier score) before calling it emergent. "
                + (
                    f"Dashed red line: chance for this format ({chance:g} %)."
                    if chance is not None
                    else "The chance level of this format is not known."
                )
                + (
                    f" {formats.counted(left_out[benchmark], 'score')} at another shot count "
                    f"{'is' if left_out[benchmark] == 1 else 'are'} left out: one "
                    "protocol per chart."
                    if left_out[benchmark]
                    else ""
                )
            )


# ----------------------------------------------------------------------------- size classes
def sizes_section() -> None:
    """Models per year by size class, as counts or shares."""
    st.subheader("Model sizes per year")
    sizes = queries.load_size_classes()
    if sizes.is_empty():
        st.info("No model has a parameter count yet.", icon=":material/info:")
    else:
        view = st.segmented_control(
            "Show",
            list(SIZE_VIEWS),
            default="count",
            required=True,
            format_func=SIZE_VIEWS.get,
            key="sizes",
            bind="query-params",
        )
        show_chart(
            charts.size_classes_by_year_chart(sizes, share=view == "share"),
            trend=formats.size_class_trend(
                sizes, charts.MIN_MODELS_PER_YEAR, since=charts.TRENDS_SINCE.year
            ),
        )


# ----------------------------------------------------------------------------- serving memory
def memory_section() -> None:
    """The memory each model's weights take at FP16, INT8 and INT4, searchable."""
    st.subheader("Serving memory")
    st.caption(
        "Memory for the weights alone, in GB (10⁹ bytes): 2 bytes per parameter at FP16, 1 at "
        "INT8, 0.5 at INT4. Every expert of a mixture-of-experts model must be resident, so total "
        "parameters count. The KV cache and activations come on top and grow with context and "
        "batch size."
    )
    search = st.text_input(
        "Search models",
        key="memory_q",
        bind="query-params",
        placeholder="Name or organization, e.g. llama, qwen, mistral",
        icon=":material/search:",
    )
    memory = queries.load_serving_memory(search)
    if memory.is_empty():
        st.info("No model matches the search.", icon=":material/search_off:")
    else:
        show_table(
            memory,
            "Serving memory by model",
            key_columns=["name", "memory_gb_fp16", "memory_gb_int4"],
            height=min(38 + 35 * memory.height, 420),
            columns=[
                "name",
                "model_page",
                "organization",
                "release_date",
                "architecture",
                "params_total",
                "memory_gb_fp16",
                "memory_gb_int8",
                "memory_gb_int4",
            ],
            column_config={
                **formats.MODEL_COLUMN_CONFIG,
                "architecture": st.column_config.TextColumn("Architecture"),
                "params_total": st.column_config.NumberColumn("Parameters", format="compact"),
                "memory_gb_fp16": st.column_config.NumberColumn("FP16 (GB)", format="%.1f"),
                "memory_gb_int8": st.column_config.NumberColumn("INT8 (GB)", format="%.1f"),
                "memory_gb_int4": st.column_config.NumberColumn("INT4 (GB)", format="%.1f"),
            },
        )
        st.caption(f"{memory.height:,} models with a parameter count, largest first.")


# ----------------------------------------------------------------------------- ECI
def capabilities_index() -> None:
    """Epoch AI's Capabilities Index open vs closed, and ECI and GPQA Diamond against compute."""
    eci_section(queries.load_latest_release_date())


sections(
    {
        "MMLU against scale": (mmlu_section, ("colour", "top")),
        "Emergence": (emergence_section, ("emergence",)),
        "Model sizes": (sizes_section, ("sizes",)),
        "Serving memory": (memory_section, ("memory_q",)),
        "Capabilities Index": (capabilities_index, ()),
    }
)
