"""Overview: what the warehouse holds, how fresh it is, and the headline trends."""

from __future__ import annotations

import streamlit as st

from dashboard import charts, formats, queries
from dashboard.page import metric_row, open_page, sections, show_chart, show_table

FRONTIER_THRESHOLD = 60.0
NEWEST = 12

model_filters, filtered = open_page(
    "Scaling Atlas",
    "How language models have grown: parameters, training data, compute, MMLU scores and "
    "prices, with **every number linked to the paper, model card or data set it comes from** "
    "and every disagreement between sources kept. **Filter models** in the sidebar narrows "
    "the view; the **Explorer** lists the models, a **Model** page shows all the evidence for one.",
    empty=lambda: queries.count_models() == 0,
    empty_message=(
        "No models yet. Add records under `data/raw/models/<organization>/<id>.yaml` "
        "(or the upstream snapshots under `data/raw/upstream/`) and run `make build`."
    ),
    filters_for="overview",
)

counts = queries.load_model_counts(model_filters)

# ----------------------------------------------------------------------------- headline numbers
if filtered:
    st.caption(
        f":material/filter_alt: Sidebar filters on: {counts['models']:,} of "
        f"{counts['all_models']:,} models. The MMLU frontier below always covers every model."
    )
headline = metric_row()
metrics = [
    ("Models", counts["models"], "Language models in the warehouse (after the filters)."),
    ("With an MMLU score", counts["with_mmlu"], "Models with a cited MMLU 5-shot score."),
    ("Open weights", counts["open_weights"], "Models whose weights can be downloaded."),
    ("With compute", counts["with_compute"], "Models with a cited training compute value."),
    ("Organizations", counts["organizations"], "Developers named (joint releases count each)."),
]
for label, value, help_text in metrics:
    headline.metric(label, f"{value:,}", help=help_text)

build = queries.load_build()
snapshots = queries.load_upstream_snapshots()
latest = queries.load_latest_release_date()
# How fresh the data is: the coverage banner under the title (`page.coverage_banner`).


# ----------------------------------------------------------------------------- trends
def trends_section() -> None:
    """Training compute and tokens per parameter over time, for the models the filters keep."""
    first_release, _ = queries.load_release_range()
    since = charts.TRENDS_SINCE if model_filters.released_from in (None, first_release) else None
    left, right = st.columns(2, gap="large")
    with left:
        compute = queries.load_compute_points(model_filters)
        show_chart(
            charts.compute_vs_date_chart(compute, total=counts["models"], since=since),
            trend=formats.growth_trend(
                queries.load_growth_rate("training_compute_flop"), "training compute"
            ),
            coverage=compute["release_date"],
            measure="a training compute",
        )
        st.caption(
            "Pre-training compute in floating-point operations. Hover a point for the model, its "
            "developer, how the figure was obtained (reported, 6·N·D, hardware, estimate) and "
            "its source. Models before 2017 are left out unless you set *Released between*."
        )
    with right:
        ratios = queries.load_tokens_per_param(model_filters)
        show_chart(
            charts.tokens_per_param_vs_date_chart(ratios, total=counts["models"], since=since),
            coverage=ratios["release_date"],
            measure="tokens and parameters",
            median_of=("tokens_per_param", "tokens per parameter"),
        )
        st.caption(
            "Training tokens divided by parameters (active parameters for mixture-of-experts "
            "models). Chinchilla (Hoffmann et al. 2022, "
            "[arXiv:2203.15556](https://arxiv.org/abs/2203.15556)) found ~20 tokens per parameter "
            "compute-optimal; recent small models are trained far past it. Fine-tunes are left "
            "out: their token counts are fine-tuning data, not pre-training."
        )


# ----------------------------------------------------------------------------- records, newest
def records_section() -> None:
    """The smallest model reaching 60 % on MMLU over time, and the newest releases."""
    left, right = st.columns(2, gap="large")
    with left:
        frontier = queries.load_frontier_smallest_model(threshold=FRONTIER_THRESHOLD, basis="total")
        if frontier.is_empty():
            st.info(
                "No MMLU frontier yet: no model has both an MMLU score and a parameter count.",
                icon=":material/info:",
            )
        else:
            show_chart(
                charts.params_vs_date_chart(
                    frontier,
                    until=latest,
                    height=320,
                    title=charts.title(
                        f"Smallest model scoring ≥ {FRONTIER_THRESHOLD:g}% on MMLU",
                        "Each point set a new record. Covers all models, whatever the filters;",
                        "other thresholds and active parameters on the Frontier page.",
                    ),
                ),
                trend=formats.record_trend(
                    queries.load_frontier_trend("mmlu", FRONTIER_THRESHOLD, "total")
                ),
            )
    with right:
        st.markdown("##### Newest releases")
        newest = queries.load_newest_releases(model_filters, limit=NEWEST)
        show_table(
            newest,
            f"The {newest.height} newest releases",
            height=38 + 35 * max(newest.height, 1),
            columns=["name", "organization", "release_date", "model_page"],
            key_columns=["name", "release_date", "model_page"],
            column_config={
                "name": st.column_config.TextColumn("Model", width=165),
                "organization": st.column_config.TextColumn("Organization", width=115),
                "release_date": st.column_config.DateColumn(
                    "Released", format="YYYY-MM-DD", width=88
                ),
                "model_page": st.column_config.LinkColumn(
                    "Evidence",
                    display_text="sources ›",
                    width=70,
                    help="All values and claims for the model.",
                ),
            },
        )
        st.caption("Sizes, scores and compute for each: the Explorer (newest first).")


# ----------------------------------------------------------------------------- freshness
def freshness_section() -> None:
    """The date of every upstream snapshot, and when it was retrieved."""
    st.subheader("Data freshness")
    st.markdown(
        "The warehouse is rebuilt from committed snapshots of each upstream data set. "
        "**Upstream date** is the date of the snapshot itself (the upstream commit or release); "
        "**retrieved** is when it was copied into this repository."
    )
    with st.expander(
        f"Upstream snapshots ({snapshots.height:,} files)",
        key="snapshots",
        on_change="rerun",
        icon=":material/inventory_2:",
    ) as snapshots_box:
        # Below the fold: drawn only when opened (a stateful expander), so the charts above
        # are not held up by a table nobody asked for yet.
        if snapshots_box.open:
            show_table(
                formats.snapshots_table(snapshots),
                "Upstream snapshot files, their dates and row counts",
                height=38 + 35 * max(snapshots.height, 1),
                columns=[
                    "source_label",
                    "file",
                    "upstream_date",
                    "retrieved_date",
                    "rows",
                    "homepage",
                ],
                key_columns=["file", "upstream_date"],
                column_config={
                    "source_label": st.column_config.TextColumn("Upstream", width=170),
                    "file": st.column_config.TextColumn("File"),
                    "upstream_date": st.column_config.DateColumn(
                        "Upstream date", format="YYYY-MM-DD"
                    ),
                    "retrieved_date": st.column_config.DateColumn("Retrieved", format="YYYY-MM-DD"),
                    "rows": st.column_config.NumberColumn("Rows", format="localized"),
                    "homepage": st.column_config.LinkColumn(
                        "Homepage", display_text=r"https?://(?:www\.)?([^/]*)"
                    ),
                },
            )


# ----------------------------------------------------------------------------- last build
def build_section() -> None:
    """What the last build added, removed and changed."""
    st.subheader("What changed in the last build")
    changes = queries.load_change_counts()
    cards = metric_row()
    cards.metric("Models added", f"{changes['added']:,}", help="Not in the previous build.")
    cards.metric("Models removed", f"{changes['removed']:,}", help="No longer in the data.")
    cards.metric(
        "Values changed",
        f"{changes['changed']:,}",
        help=f"Values of tracked fields that differ from the previous build, across "
        f"{changes['changed_models']:,} models.",
    )
    if build:
        st.caption(
            f":material/build: Built {build['built_at']:%Y-%m-%d %H:%M} UTC from commit "
            f"{formats.commit_markdown(build['git_commit'])}, Dagster run "
            f"`{formats.short_commit(build['run_id'])}`: {build['inputs']:,} input files into "
            f"{build['tables']:,} tables. Every input's sha256 and every table's row count are in "
            "`build_manifest`; every change is in `changelog` (and `warehouse/CHANGELOG.md`)."
        )
    if changes["added"] and changes["added"] == counts["all_models"] and not changes["removed"]:
        st.caption(":material/info: No earlier build to compare with: every model counts as added.")
    if changes["changed"]:
        with st.expander(
            f"Changed values ({changes['changed']:,})",
            key="changed_values",
            on_change="rerun",
            icon=":material/difference:",
        ) as changed_box:
            if changed_box.open:
                changed = formats.changes_table(queries.load_changes("changed"))
                show_table(
                    changed,
                    "Values that changed in the last build, old and new",
                    height=min(38 + 35 * changed.height, 420),
                    columns=[
                        "name",
                        "model_page",
                        "field_label",
                        "old_text",
                        "new_text",
                        "source",
                    ],
                    key_columns=["name", "field_label", "new_text"],
                    column_config={
                        "name": st.column_config.TextColumn("Model", pinned=True),
                        "model_page": st.column_config.LinkColumn(
                            "Evidence", display_text="sources ›"
                        ),
                        "field_label": st.column_config.TextColumn("Field"),
                        "old_text": st.column_config.TextColumn("Old value"),
                        "new_text": st.column_config.TextColumn("New value"),
                        "source": formats.source_column("Source of the new value"),
                    },
                )
    else:
        st.caption(":material/check: No value of an existing model changed in this build.")
    for kind, verb in (("added", "Added"), ("removed", "Removed")):
        if changes[kind]:
            with st.expander(
                f"{verb} models ({changes[kind]:,})", key=f"{kind}_models", on_change="rerun"
            ) as box:
                if box.open:
                    listed = queries.load_changes(kind)
                    show_table(
                        listed,
                        f"Models {kind} in the last build",
                        columns=["name", "model_id", "model_page"],
                        key_columns=["name", "model_page"],
                        column_config={
                            "name": st.column_config.TextColumn("Model"),
                            "model_id": st.column_config.TextColumn("ID"),
                            "model_page": st.column_config.LinkColumn(
                                "Evidence", display_text="sources ›"
                            ),
                        },
                    )
                    if listed.height < changes[kind]:
                        st.caption(f"The first {listed.height:,}, by name; all are in `changelog`.")


sections(
    {
        "Trends": (trends_section, ()),
        "MMLU frontier and newest releases": (records_section, ()),
        "Data freshness": (freshness_section, ()),
        "Last build": (build_section, ()),
    }
)

st.caption(
    "Data: Scaling Atlas curated records, each number cited to the maker's model card, report "
    "or announcement; [Epoch AI](https://epoch.ai/data) (CC-BY 4.0: the 2024-10 and 2025-08 "
    "exports, and the Epoch AI 2026-08 exports); Open LLM Leaderboard; ObsScaling (Ruan et al. "
    f"2024); LiteLLM; {formats.LLM_STATS_CREDIT} (CC-BY 4.0, with the LLM-Stats final commit "
    "of 2025-10-24); prices and context windows also from Token Tariff feed snapshots "
    "(LiteLLM 2026-08-01, OpenRouter, launch-price timeline; MIT), models.dev (MIT) and "
    "genai-prices (Pydantic, MIT); benchmark runs and the Capabilities Index from the "
    "[Epoch AI Benchmarking Hub](https://epoch.ai/benchmarks) (CC-BY 4.0; the external "
    "leaderboards it collects, e.g. Humanity's Last Exam, keep their own licences). "
    "Licences per file in each "
    "`data/raw/upstream/*/MANIFEST.yaml`."
)
