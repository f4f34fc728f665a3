"""Data quality: what was rejected, where sources disagree, what could not be matched, and how
complete each field is."""

from __future__ import annotations

import polars as pl
import streamlit as st

from dashboard import charts, formats, queries
from dashboard.benchmark_sections import maker_vs_independent_section
from dashboard.page import metric_row, open_page, sections, show_chart, show_table

CONFLICT_FIELD = "conflict_field"  # widget keys, also URL query parameters
UNMATCHED_SOURCE = "unmatched_source"
SUSPICIOUS_STATUS = "suspicious_status"

open_page(
    "Data quality",
    "Nothing is dropped silently: records that fail validation are listed with file and line, "
    "every disagreement between sources is kept, names no rule could match are listed, and "
    "coverage shows how many models have each value.",
)

rejects = queries.load_rejects()
conflict_fields = queries.load_conflict_fields()
unmatched_counts = queries.load_unmatched_counts()
coverage = queries.load_coverage()
coverage_rows = formats.coverage_table(coverage)
complete = coverage_rows.filter(coverage_rows["field"] == "params+tokens+compute")

cards = metric_row()
cards.metric(
    "Rejected record files",
    f"{rejects['source_file'].n_unique():,}",
    help="Record files kept out of `models`; each problem is listed in the Rejected records tab.",
)
cards.metric(
    "Conflicting claims",
    f"{int(conflict_fields['conflicts'].sum()):,}",
    help="Claims that disagree with the value used beyond the field's tolerance.",
)
cards.metric(
    "Unmatched names",
    f"{int(unmatched_counts['names'].sum()):,}",
    help="Names in secondary sources that no alias or rule placed; their numbers are unused.",
)
cards.metric(
    "Params + tokens + compute",
    f"{complete['share'][0]:.0%}" if complete.height else "–",
    help="Share of models with all three of parameters, training tokens and compute.",
)


# ----------------------------------------------------------------------------- coverage
def coverage_section() -> None:
    """How many models have each value, per field and per release year."""
    st.subheader("Coverage")
    left, right = st.columns([5, 6], gap="large")
    # The chart first, then the table beside it (same layout): the browser lays out a page's
    # elements in the order the script makes them.
    with right:
        if coverage.filter(coverage["year"].is_not_null()).is_empty():
            st.info("No coverage by year yet.", icon=":material/info:")
        else:
            show_chart(
                charts.coverage_by_year_chart(coverage),
                trend=formats.coverage_trend(coverage, since=charts.COVERAGE_SINCE),
            )
    with left:
        st.caption(
            f"How many of the {coverage_rows['models'].max() or 0:,} language models have each "
            "value, across all years, against the data set's targets."
        )
        show_table(
            coverage_rows,
            "Share of models with each field, against its target",
            key_columns=["field_label", "share_pct", "target_met"],
            height=38 + 35 * max(coverage_rows.height, 1),
            columns=["field_label", "with_value", "share_pct", "target", "target_met"],
            column_config={
                "field_label": st.column_config.TextColumn("Field"),
                "with_value": st.column_config.NumberColumn(
                    "Models", format="localized", width="small"
                ),
                "share_pct": st.column_config.ProgressColumn(
                    "Share", format="%.0f%%", min_value=0, max_value=100, width="small"
                ),
                "target": st.column_config.NumberColumn(
                    "Target",
                    format="localized",
                    width="small",
                    help="Models wanted: the Atlas's coverage target for the field.",
                ),
                "target_met": st.column_config.CheckboxColumn("Met", width="small"),
            },
        )


# ----------------------------------------------------------------------------- conflicts
def conflicts_section() -> None:
    """Claims that disagree with the value used, by field."""
    st.subheader("Conflicts between sources")
    if conflict_fields.is_empty():
        st.success("No conflicts: every source agrees within tolerance.", icon=":material/check:")
    else:
        st.caption(
            "Where a source's number differs from the value used by more than the field's "
            "tolerance (parameters 5 %, tokens 10 %, compute 25 %, MMLU 1 point, prices 1 %). "
            "The value used follows precedence: curated record, primary paper, Epoch AI, other "
            "aggregators."
        )
        chosen = st.pills(
            "Fields",
            conflict_fields["field"].to_list(),
            selection_mode="multi",
            format_func=formats.field_label,  # also the URL form: ?conflict_field=MMLU+5-shot
            key=CONFLICT_FIELD,
            bind="query-params",
            help="Show only some fields; none selected shows all.",
        )
        conflicts = formats.conflicts_table(queries.load_conflicts(tuple(chosen or ())))
        show_table(
            conflicts,
            "Conflicts: the value chosen and the value another source gives",
            key_columns=["name", "field_label", "difference_text"],
            height=min(38 + 35 * conflicts.height, 460),
            columns=[
                "name",
                "model_page",
                "field_label",
                "chosen_text",
                "source_chosen_label",
                "other_text",
                "source_other_label",
                "difference_text",
                "citation_other",
                "citation_chosen",
            ],
            column_config={
                "name": st.column_config.TextColumn("Model", pinned=True),
                "model_page": st.column_config.LinkColumn("Evidence", display_text="sources ›"),
                "field_label": st.column_config.TextColumn("Field"),
                "chosen_text": st.column_config.TextColumn("Value used"),
                "source_chosen_label": st.column_config.TextColumn("Used from"),
                "other_text": st.column_config.TextColumn("Other claim"),
                "source_other_label": st.column_config.TextColumn("Claimed by"),
                "difference_text": st.column_config.TextColumn(
                    "Difference", help="Relative to the larger value (%), or MMLU points."
                ),
                "citation_other": formats.source_column("Other source"),
                "citation_chosen": formats.source_column("Source used"),
            },
        )


# ----------------------------------------------------------------------------- unmatched
def unmatched_section() -> None:
    """Names in secondary sources that no alias or rule placed, by source."""
    st.subheader("Unmatched names")
    if unmatched_counts.is_empty():
        st.success("Every name in every secondary source was matched.", icon=":material/check:")
    else:
        st.caption(
            "Names in secondary sources that neither the alias map (`data/raw/aliases.yaml`) nor "
            "an exact rule could place, so their numbers are not used. Adding an alias brings "
            "them in."
        )
        left, right = st.columns([2, 3], gap="large")
        with left:
            show_chart(
                charts.unmatched_by_source_chart(unmatched_counts),
                trend=formats.unmatched_top(unmatched_counts),
            )
            sources = unmatched_counts["source"].to_list()
            source = st.selectbox(
                "Source",
                sources,
                index=None,
                format_func=formats.source_label,
                placeholder="All sources",
                key=UNMATCHED_SOURCE,
                bind="query-params",
            )
        with right:
            names = queries.load_unmatched_names((source,) if source else ())
            show_table(
                formats.unmatched_table(names),
                "Upstream names that match no model",
                key_columns=["source_label", "name"],
                height=360,
                columns=["source_label", "name", "detail"],
                column_config={
                    "source_label": st.column_config.TextColumn("Source"),
                    "name": st.column_config.TextColumn("Name in source"),
                    "detail": st.column_config.TextColumn("Detail"),
                },
            )


# ----------------------------------------------------------------------------- suspicious
def suspicious_section() -> None:
    """Values flagged as impossible, with their status."""
    st.subheader("Numbers that can't be true")
    suspicious = queries.load_suspicious_values()
    if suspicious.is_empty():
        st.success("No value trips a plausibility rule.", icon=":material/check:")
    else:
        st.caption(
            "Values a plausibility rule flags (6ND compute that is not 6·N·D, compute 10x from "
            "6·N·D, more than 50 epochs, tokens per parameter outside 0.1-100,000, a fine-tune "
            "released before its base, identical base and instruct scores, Epoch notes that "
            "contradict the column). Unresolved values and errata are left out of every fit and "
            "ranking until reviewed in `data/raw/suspicious_resolutions.yaml`."
        )
        by_status = dict(suspicious.group_by("status").len().iter_rows())
        cards = metric_row()
        for status in ("unresolved", "erratum", "acknowledged"):
            cards.metric(
                formats.SUSPICIOUS_STATUS_LABELS[status],
                f"{by_status.get(status, 0):,}",
            )
        statuses = st.pills(
            "Status",
            list(formats.SUSPICIOUS_STATUS_LABELS),
            selection_mode="multi",
            format_func=formats.SUSPICIOUS_STATUS_LABELS.get,
            key=SUSPICIOUS_STATUS,
            bind="query-params",
            help="Show only some statuses; none selected shows all.",
        )
        shown = formats.suspicious_table(queries.load_suspicious_values(tuple(statuses or ())))
        show_table(
            shown,
            "Values that fail a plausibility rule, with the evidence",
            key_columns=["name", "field_label", "status_label"],
            height=min(38 + 35 * max(shown.height, 1), 460),
            columns=[
                "name",
                "model_page",
                "field_label",
                "rule",
                "evidence",
                "status_label",
                "review",
            ],
            column_config={
                "name": st.column_config.TextColumn("Model", pinned=True),
                "model_page": st.column_config.LinkColumn("Evidence", display_text="sources ›"),
                "field_label": st.column_config.TextColumn("Field"),
                "rule": st.column_config.TextColumn("Rule"),
                "evidence": st.column_config.TextColumn("Why it can't be true", width="large"),
                "status_label": st.column_config.TextColumn("Status"),
                "review": st.column_config.TextColumn("Review", width="medium"),
            },
        )


# ----------------------------------------------------------------------------- errata
def errata_section() -> None:
    """Known upstream errors, left out."""
    st.subheader("Known upstream errors, left out")
    errata = queries.load_upstream_errata()
    if errata.is_empty():
        st.success("No upstream value is listed as wrong.", icon=":material/check:")
    else:
        st.caption(
            "Values an upstream snapshot gets wrong, listed with the evidence in the `ERRATA.yaml` "
            "beside it: they are not claimed, so the model shows another source's value or none. "
            "Snapshots themselves stay byte-for-byte as published."
        )
        show_table(
            errata.with_columns(
                pl.Series("source_label", [formats.source_label(x) for x in errata["source"]])
            ),
            "Upstream values left out as known errors, with the reason",
            key_columns=["name", "field", "reason"],
            columns=["source_label", "name", "field", "reason"],
            column_config={
                "source_label": st.column_config.TextColumn("Source"),
                "name": st.column_config.TextColumn("Model (as the source names it)"),
                "field": st.column_config.TextColumn("Field"),
                "reason": st.column_config.TextColumn("Evidence", width="large"),
            },
        )


# ----------------------------------------------------------------------------- revisions
def revisions_section() -> None:
    """What Epoch AI revised between its snapshots."""
    st.subheader("What Epoch AI revised between its snapshots")
    revisions = queries.load_upstream_revisions()
    if revisions.is_empty():
        st.success("No value changed between the upstream snapshots.", icon=":material/check:")
    else:
        st.caption(
            f"{revisions.height:,} values changed between Epoch AI's model-database exports "
            "(2024-10, 2025-08, 2026-08). The newest export's value is used; the older one stays "
            "in `claims`. Epoch does not publish this history."
        )
        show_table(
            formats.revisions_table(revisions),
            "Values Epoch AI revised between its snapshots",
            key_columns=["name", "field_label", "change_pct"],
            height=min(38 + 35 * revisions.height, 460),
            columns=[
                "name",
                "field_label",
                "before",
                "after",
                "change_pct",
                "snapshots",
            ],
            column_config={
                "name": st.column_config.TextColumn("Model"),
                "field_label": st.column_config.TextColumn("Field"),
                "before": st.column_config.TextColumn("Before"),
                "after": st.column_config.TextColumn("After"),
                "change_pct": st.column_config.NumberColumn("Change", format="%+.1f%%"),
                "snapshots": st.column_config.TextColumn("Snapshots"),
            },
        )


# ----------------------------------------------------------------------------- rejects
def rejects_section() -> None:
    """Record files kept out of `models`, one row per problem."""
    st.subheader("Rejected records")
    if rejects.is_empty():
        st.success(
            "No rejected records: every record file passed validation.", icon=":material/check:"
        )
    else:
        st.caption(
            "Record files kept out of `models`, one row per problem, with the file and line to fix."
        )
        show_table(
            rejects,
            "Rejected record files, one row per problem",
            key_columns=["source_file", "reason"],
            columns=rejects.columns,
            column_config={
                "source_file": st.column_config.TextColumn("File"),
                "source_line": st.column_config.NumberColumn("Line", format="plain"),
                "model_id": st.column_config.TextColumn("Record id"),
                "field": st.column_config.TextColumn("Field"),
                "reason": st.column_config.TextColumn("Reason", width="large"),
                "check": st.column_config.TextColumn("Check"),
            },
        )


sections(
    {
        "Coverage": (coverage_section, ()),
        "Conflicts": (conflicts_section, ("conflict_field",)),
        "Unmatched names": (unmatched_section, ("unmatched_source",)),
        "Impossible values": (suspicious_section, ("suspicious_status",)),
        "Upstream errors": (errata_section, ()),
        "Epoch revisions": (revisions_section, ()),
        "Maker vs independent": (maker_vs_independent_section, ()),
        "Rejected records": (rejects_section, ()),
    }
)
