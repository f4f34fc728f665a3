"""Explorer: every model in one searchable, sortable, downloadable table."""

from __future__ import annotations

import datetime as dt
import functools

import streamlit as st

from dashboard import downloads, filters, formats, queries
from dashboard.page import open_page, show_table

total = queries.count_models()
open_page(
    "Explorer",
    "Every language model in the warehouse, one row each. Search by name or organization, "
    "narrow with **Filter models** in the sidebar, sort by clicking a column header, and follow "
    "**sources ›** for every value's citation. Sizes are counts (B = billion, T = trillion), "
    "compute is in ZFLOP (10²¹ FLOP), MMLU is the 5-shot score in percent.",
    empty=lambda: total == 0,
    empty_message=(
        "No models yet. Add records under `data/raw/models/<organization>/<id>.yaml` and run "
        "`make build`."
    ),
)

search_col, count_col = st.columns([3, 2], vertical_alignment="bottom")
with search_col:
    search = st.text_input(
        "Search models",
        key=filters.SEARCH,
        bind="query-params",
        placeholder="Name or organization, e.g. llama, mistral, deepmind",
        icon=":material/search:",
    )
model_filters, filtered = filters.sidebar_filters("explorer", search)
models = queries.load_models(model_filters)
with count_col:
    narrowed = filtered or bool((search or "").strip())
    st.markdown(
        f"**{models.height:,}** of {total:,} models"
        + (" match the search and filters." if narrowed else ".")
    )

if models.is_empty():
    st.info(
        "No model matches. Clear the search or use **Reset filters** in the sidebar.",
        icon=":material/search_off:",
    )
else:
    show_table(
        models,
        "Models: one row each, with their sizes, scores, compute and prices",
        height=min(38 + 35 * models.height, 680),
        key_columns=["name", "release_date", "params_total"],
        columns=[
            "name",
            "model_page",
            "organization_label",
            "release_date",
            "size_class",
            "architecture",
            "params_total",
            "params_active",
            "params_active_method",
            "mmlu",
            "training_tokens",
            "training_compute_zflop",
            "compute_method",
            "context_window",
            "open_weights",
            "price_usd_per_1m_input_tokens",
            "price_usd_per_1m_output_tokens",
            "price_as_of_date",
            "training_cost_usd",
            "base_model_id",
            "model_id",
            "source_file",
        ],
        column_config={
            "name": st.column_config.TextColumn("Model", pinned=True),
            "model_page": st.column_config.LinkColumn(
                "Evidence",
                display_text="sources ›",
                help="Every value of the model with its citation, and every claim about it.",
            ),
            "organization_label": st.column_config.TextColumn("Organization"),
            "release_date": st.column_config.DateColumn("Released", format="YYYY-MM-DD"),
            "size_class": st.column_config.TextColumn(
                "Size",
                help=" · ".join(f"{k}: {v}" for k, v in queries.SIZE_CLASSES.items()),
            ),
            "architecture": st.column_config.TextColumn("Architecture"),
            "params_total": st.column_config.NumberColumn("Parameters", format="compact"),
            "params_active": st.column_config.NumberColumn(
                "Active parameters", format="compact", help="Per token (MoE); total if dense."
            ),
            "params_active_method": st.column_config.TextColumn(
                "Active count method",
                help="MoE only: reported · estimate (from published figures) · inherited "
                "(fine-tune of an MoE base of the same size)",
            ),
            "mmlu": st.column_config.NumberColumn("MMLU 5-shot (%)", format="%.1f"),
            "training_tokens": st.column_config.NumberColumn("Training tokens", format="compact"),
            "training_compute_zflop": st.column_config.NumberColumn(
                "Training compute (ZFLOP)",
                format="%.3g",
                help="Pre-training compute in zettaFLOP: 1 ZFLOP = 10²¹ FLOP.",
            ),
            "compute_method": st.column_config.TextColumn(
                "Compute method", help="reported · 6ND (6 × params × tokens) · hardware · estimate"
            ),
            "context_window": st.column_config.NumberColumn("Context (tokens)", format="localized"),
            "open_weights": st.column_config.CheckboxColumn("Open weights"),
            "price_usd_per_1m_input_tokens": st.column_config.NumberColumn(
                "Input $/1M tokens", format="dollar"
            ),
            "price_usd_per_1m_output_tokens": st.column_config.NumberColumn(
                "Output $/1M tokens", format="dollar"
            ),
            "price_as_of_date": st.column_config.DateColumn("Price as of", format="YYYY-MM-DD"),
            "training_cost_usd": st.column_config.NumberColumn(
                "Training cost (USD)", format="compact"
            ),
            "base_model_id": st.column_config.TextColumn("Fine-tuned from"),
            "model_id": st.column_config.TextColumn("ID"),
            "source_file": st.column_config.TextColumn("Record file"),
        },
    )

st.markdown(
    "**Download** the rows shown (all public columns of `models`, each value followed by its "
    "source in a `<column>_source` column) or the whole warehouse:"
)
built = queries.warehouse_built_at()
built_day = built.date() if built else dt.date.today()
name_words = downloads.filter_words(model_filters)
citation = downloads.citation_line(built_day)
sources = queries.load_model_sources(model_filters)
csv_col, parquet_col, duckdb_col, _ = st.columns([1, 1, 1.4, 2])
csv_col.download_button(
    "CSV",
    data=functools.partial(queries.models_csv, models, sources),
    file_name=downloads.file_name("models", name_words, built_day, "csv"),
    mime="text/csv",
    icon=":material/download:",
    on_click="ignore",
    disabled=models.is_empty(),
    help="Plain decimals (no float noise), text that a spreadsheet would run as a formula "
    "starts with a quote (OWASP CSV injection).",
    width="stretch",
)
parquet_col.download_button(
    "Parquet",
    data=functools.partial(queries.models_parquet, models, sources, citation),
    file_name=downloads.file_name("models", name_words, built_day, "parquet"),
    mime="application/vnd.apache.parquet",
    icon=":material/download:",
    on_click="ignore",
    disabled=models.is_empty(),
    help="Column types kept; the citation below is in the file's metadata (`citation`).",
    width="stretch",
)
duckdb_col.download_button(
    "DuckDB warehouse",
    data=queries.warehouse_bytes,
    file_name="atlas.duckdb",
    mime="application/octet-stream",
    icon=":material/database:",
    on_click="ignore",
    help="Every table (models, sources, claims, conflicts, coverage, ...) in one DuckDB file. "
    "Open it with duckdb 2.x: `duckdb.connect('atlas.duckdb', read_only=True)`.",
    width="stretch",
)
st.caption(f"**Cite as:** {citation}")
st.caption(
    "Data: Scaling Atlas records (citations in the `sources` table); upstream data from "
    "[Epoch AI](https://epoch.ai/data) (CC-BY 4.0), the Open LLM Leaderboard, ObsScaling, "
    f"LiteLLM and {formats.LLM_STATS_CREDIT} (CC-BY 4.0)."
)
