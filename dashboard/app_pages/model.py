"""Model: one release, every value with its source, every claim about it, every conflict.

Reachable as `./model?model=<model_id>` (the Explorer, Overview and Frontier tables link here);
picking another model rewrites `?model=` so the address always names the model shown. An id
the warehouse does not know shows a not-found state with the nearest names (the search's) and
leaves the address as it was.
"""

from __future__ import annotations

import polars as pl
import streamlit as st

from dashboard import charts, filters, formats, queries
from dashboard.benchmark_sections import maker_vs_independent_section
from dashboard.page import metric_row, open_page, show_chart, show_table
from dashboard.queries.model import TOLERANCE_TEXT

PARAM = "model"  # URL query parameter
PICKER = "model_picker"  # widget key (the URL carries the id, the picker shows the name)
FROM_URL = "_model_in_url"  # the id the address named after the last run
FIELD_ORDER = tuple(formats.FIELDS)

choices = queries.load_model_choices()
open_page(
    "Model",
    "Every value the warehouse holds for one release, the source it was taken from, and what "
    "every other source claims. Where sources disagree beyond a field's tolerance the claim is "
    f"flagged **⚠ disagrees** ({TOLERANCE_TEXT}); the same rule fills `conflicts`.",
    empty=choices.is_empty,
    empty_message=(
        "No models yet. Add records under `data/raw/models/<organization>/<id>.yaml` and run "
        "`make build`."
    ),
)

labels = {
    row["model_id"]: f"{row['name']} — {row['organization']} "
    f"({'undated' if row['release_date'] is None else format(row['release_date'], '%Y')})"
    for row in choices.iter_rows(named=True)
}
# The default: the model with the most claims, i.e. the richest evidence.
default_id = choices.sort("claims", "model_id", descending=[True, False])["model_id"][0]
wanted = st.query_params.get(PARAM)
unknown = wanted is not None and wanted not in labels
if PICKER not in st.session_state or wanted != st.session_state.get(FROM_URL):
    # A new session, or the address changed under the page (a link): the URL decides.
    st.session_state[PICKER] = None if unknown else (wanted or default_id)
if unknown and st.session_state[PICKER] is None:
    # Not found: say so, keep the address as the link wrote it, offer the nearest names.
    suggestions = queries.suggest_models(wanted)
    st.warning(
        f"No model `{filters.url_text(wanted)}` in the warehouse: the link may use an old id, "
        "or the model is not in the data yet. "
        + ("Did you mean one of these?" if suggestions.height else "Pick a model below."),
        icon=":material/search_off:",
    )
    for row in suggestions.iter_rows(named=True):
        st.page_link(
            "app_pages/model.py",
            label=labels[row["model_id"]],
            icon=":material/arrow_forward:",
            query_params={PARAM: row["model_id"]},
        )

model_id = st.selectbox(
    "Model",
    list(labels),
    format_func=labels.get,
    key=PICKER,
    placeholder="Pick a model",
    help="Type to search by name. The page address (`?model=<id>`) follows your choice.",
)
if model_id is None:
    st.session_state[FROM_URL] = wanted
    st.stop()
if st.query_params.get(PARAM) != model_id:
    st.query_params[PARAM] = model_id
st.session_state[FROM_URL] = model_id

model = queries.load_model(model_id)
values = queries.load_model_values(model_id, FIELD_ORDER)
claims = formats.claims_table(queries.load_model_claims(model_id, FIELD_ORDER))
benchmarks = queries.load_model_benchmarks(model_id)

# ----------------------------------------------------------------------------- headline numbers
dated_by = values.filter(pl.col("field") == "release_date")["method"].to_list()
released = "–" if model["release_date"] is None else f"{model['release_date']:%b %Y}"
if model["release_date"] is not None and dated_by == ["estimate"]:
    released += " (est.)"  # a Hub upload date: see the release_date row below
headline = [
    ("Released", released),
    ("Parameters", formats.format_count(model["params_total"]) or "–"),
    ("Training tokens", formats.format_count(model["training_tokens"]) or "–"),
    ("Compute (FLOP)", formats.format_flop(model["training_compute_flop"], unit=False) or "–"),
    ("MMLU 5-shot", formats.format_value("mmlu", model["mmlu"]) or "–"),
]
cards = metric_row()  # cards that share lines on a phone, where columns stacked one per line
for label, value in headline:
    cards.metric(label, value)

# ----------------------------------------------------------------------------- values
st.subheader("Values and their sources")
st.caption(
    "One row per value in the `models` table. *Taken from* is the data set the value was "
    "resolved from (curated records first, then primary papers, Epoch AI, other aggregators); "
    "*Source* opens the citation."
)
show_table(
    formats.values_table(values),
    "Values of this model, one row per field, with the source of each",
    key_columns=["field_label", "value_text", "source_label"],
    height=38 + 35 * max(values.height, 1),
    columns=[
        "field_label",
        "value_text",
        "source_label",
        "citation",
        "method",
        "confidence",
        "claims",
        "conflicts",
    ],
    column_config={
        "field_label": st.column_config.TextColumn("Field"),
        "value_text": st.column_config.TextColumn("Value"),
        "source_label": st.column_config.TextColumn("Taken from"),
        "citation": formats.source_column("Source"),
        "method": st.column_config.TextColumn(
            "Method", help="reported · 6ND (6 × params × tokens) · hardware · estimate"
        ),
        "confidence": st.column_config.TextColumn(
            "Confidence", help="The source's own label (Epoch: Confident / Likely / Speculative)."
        ),
        "claims": st.column_config.NumberColumn("Claims", help="Sources with a number for it."),
        "conflicts": st.column_config.NumberColumn(
            "Conflicts", help="Claims beyond the field's tolerance."
        ),
    },
)

# ----------------------------------------------------------------------------- claims
st.subheader("Every claim, side by side")
if claims.is_empty():
    st.info("No source makes a numeric claim about this model.", icon=":material/info:")
else:
    disagreeing = int((claims["status"] == "disagrees").sum())
    beyond = (
        f"{'disagrees' if disagreeing == 1 else 'disagree'} with the value used beyond the "
        "field's tolerance"
    )
    if disagreeing:
        st.warning(
            f"{formats.counted(disagreeing, 'claim')} {beyond} (highlighted below).",
            icon=":material/warning:",
        )
    else:
        st.success(
            "Every source agrees with the value used, within each field's tolerance.",
            icon=":material/check_circle:",
        )
    show_chart(
        charts.claims_vs_used_chart(claims, values),
        trend=f"{disagreeing} of this model's {formats.counted(claims.height, 'claim')} {beyond}",
    )
    show_table(
        formats.highlight_rows(claims, "status", "disagrees"),
        "Every claim about this model, by field and source",
        key_columns=["field_label", "value_text", "status_label"],
        height=min(38 + 35 * claims.height, 38 + 35 * 24),
        columns=[
            "field_label",
            "value_text",
            "status_label",
            "difference_text",
            "source_label",
            "citation",
            "method",
            "confidence",
            "as_of_date",
            "retrieved_date",
            "source_record",
        ],
        column_config={
            "field_label": st.column_config.TextColumn("Field"),
            "value_text": st.column_config.TextColumn("Claimed value", width="medium"),
            "status_label": st.column_config.TextColumn(
                "Status",
                help="used: the value in `models` · agrees: within tolerance · disagrees: "
                "beyond tolerance (listed in `conflicts`) · other date: observed on another "
                "date than the value used (a price's history, an upstream's earlier snapshot), "
                "so not compared.",
            ),
            "difference_text": st.column_config.TextColumn(
                "Difference", help="From the value used: relative (%) or score points."
            ),
            "source_label": st.column_config.TextColumn("Taken from"),
            "citation": formats.source_column("Source"),
            "method": st.column_config.TextColumn("Method"),
            "confidence": st.column_config.TextColumn("Confidence"),
            "as_of_date": st.column_config.DateColumn("Price as of", format="YYYY-MM-DD"),
            "retrieved_date": st.column_config.DateColumn("Retrieved", format="YYYY-MM-DD"),
            "source_record": st.column_config.TextColumn(
                "Name in source", help="How the source names this model."
            ),
        },
    )

# ----------------------------------------------------------------------------- benchmark views
maker_vs_independent_section(model_id)

if benchmarks.height:
    st.subheader("Benchmark scores")
    st.caption(
        "One protocol per benchmark name (shots as listed); harness runs from the Open LLM "
        "Leaderboard and ObsScaling, papers and model cards from curated records and Epoch AI."
    )
    show_table(
        benchmarks.with_columns(formats.benchmark_labels(pl.col("benchmark"))),
        "Benchmark scores of this model",
        key_columns=["benchmark_label", "score", "shots"],
        columns=["benchmark_label", "score", "shots", "source"],
        column_config={
            "benchmark_label": st.column_config.TextColumn("Benchmark"),
            "score": st.column_config.NumberColumn("Score (%)", format="%.1f"),
            "shots": st.column_config.NumberColumn("Shots"),
            "source": formats.source_column("Source"),
        },
    )

st.caption(
    "Data: Scaling Atlas records and the upstream data sets named in each row; Epoch AI and "
    f"{formats.LLM_STATS_CREDIT} data are CC-BY 4.0. Tolerances and precedence: "
    "`warehouse/README.md`."
)
