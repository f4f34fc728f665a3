"""Formatting for the Data quality page: revisions, conflicts, coverage, suspicious values
and unmatched names."""

from __future__ import annotations

import polars as pl

from dashboard.formats.base import _texts, counted, field_label, format_difference, source_label

# Coverage rows whose target is a ceiling (at most), not a floor: pipelines/lib/coverage.py.
COVERAGE_CEILINGS = ("suspicious_unresolved_in_rankings",)


def revisions_table(revisions: pl.DataFrame) -> pl.DataFrame:
    """`queries.load_upstream_revisions` for display: both values as text with units, the
    change in percent, and the two snapshots by name and date."""
    snapshots = [
        f"{source_label(a)} ({da:%Y-%m-%d}) → {source_label(b)} ({db:%Y-%m-%d})"
        for a, da, b, db in zip(
            revisions["source_before"],
            revisions["as_of_before"],
            revisions["source_after"],
            revisions["as_of_after"],
            strict=True,
        )
    ]
    return revisions.with_columns(
        pl.Series("field_label", [field_label(f) for f in revisions["field"]], dtype=pl.String),
        pl.Series("before", _texts(revisions["value_before"], revisions["field"]), dtype=pl.String),
        pl.Series("after", _texts(revisions["value_after"], revisions["field"]), dtype=pl.String),
        (pl.col("relative_change") * 100).alias("change_pct"),
        pl.Series("snapshots", snapshots, dtype=pl.String),
    )


def conflicts_table(conflicts: pl.DataFrame) -> pl.DataFrame:
    """`queries.load_conflicts` for display: both values as text with units, the difference in
    % or points, sources by name."""
    return conflicts.with_columns(
        pl.Series("field_label", [field_label(f) for f in conflicts["field"]], dtype=pl.String),
        pl.Series(
            "chosen_text", _texts(conflicts["value_chosen"], conflicts["field"]), dtype=pl.String
        ),
        pl.Series(
            "other_text", _texts(conflicts["value_other"], conflicts["field"]), dtype=pl.String
        ),
        pl.Series(
            "difference_text",
            [
                format_difference(d, k)
                for d, k in zip(conflicts["difference"], conflicts["difference_kind"], strict=True)
            ],
            dtype=pl.String,
        ),
        pl.Series(
            "source_chosen_label",
            [source_label(s) for s in conflicts["source_chosen"]],
            dtype=pl.String,
        ),
        pl.Series(
            "source_other_label",
            [source_label(s) for s in conflicts["source_other"]],
            dtype=pl.String,
        ),
    )


def coverage_table(coverage: pl.DataFrame) -> pl.DataFrame:
    """The all-years rows of `coverage`, labelled, most complete first, with `target_met`."""
    overall = coverage.filter(pl.col("year").is_null())
    return overall.with_columns(
        pl.Series("field_label", [field_label(f) for f in overall["field"]], dtype=pl.String),
        (pl.col("share") * 100).alias("share_pct"),
        pl.when(pl.col("target").is_null())
        .then(None)
        .when(pl.col("field").is_in(COVERAGE_CEILINGS))
        .then(pl.col("with_value") <= pl.col("target"))
        .otherwise(pl.col("with_value") >= pl.col("target"))
        .alias("target_met"),
    ).sort("share", "field", descending=[True, False])


SUSPICIOUS_STATUS_LABELS = {
    "unresolved": "Unresolved (left out)",
    "erratum": "Erratum (left out)",
    "acknowledged": "Acknowledged (used)",
}


def suspicious_table(frame: pl.DataFrame) -> pl.DataFrame:
    """`queries.load_suspicious_values` with field and status labels and the model page link."""
    return frame.with_columns(
        pl.Series("field_label", [field_label(f) for f in frame["field"]], dtype=pl.String),
        pl.col("status")
        .replace_strict(SUSPICIOUS_STATUS_LABELS, default=pl.col("status"))
        .alias("status_label"),
        pl.concat_str([pl.lit("/model?model="), pl.col("model_id")]).alias("model_page"),
    ).rename({"reason": "review"})


def unmatched_table(names: pl.DataFrame) -> pl.DataFrame:
    """`queries.load_unmatched_names` with the source's display name."""
    return names.with_columns(
        pl.Series("source_label", [source_label(s) for s in names["source"]], dtype=pl.String)
    )


def unmatched_by_most(counts: pl.DataFrame) -> pl.DataFrame:
    """`queries.load_unmatched_counts` (source, names) with each source's display name, the
    most names first and ties by name: the chart's bar order and its summary's top."""
    return counts.with_columns(
        pl.Series("source_label", [source_label(s) for s in counts["source"]], dtype=pl.String)
    ).sort(["names", "source_label"], descending=[True, False])


def unmatched_top(counts: pl.DataFrame) -> str:
    """The unmatched chart's summary: the source(s) with the most names, as its first bars
    show them (ties named together, in the chart's order), against the total."""
    rows = unmatched_by_most(counts)
    most = rows["names"][0]
    top = rows.filter(pl.col("names") == most)["source_label"].to_list()
    total = f"of {counted(int(rows['names'].sum()), 'name')}"
    if len(top) == 1:
        return f"the most come from {top[0]} ({most:,} {total})"
    named = ", ".join(top[:-1]) + f" and {top[-1]}"
    return f"the most come from {named} ({most:,} each, {total})"


def fields_by_year(coverage: pl.DataFrame) -> pl.DataFrame:
    """The `coverage` rows the heatmap draws from: per release year (not the all-years rows),
    every field but the trivially full `models`."""
    return coverage.filter(pl.col("year").is_not_null() & (pl.col("field") != "models"))


def field_shares(rows: pl.DataFrame) -> pl.DataFrame:
    """field, share: each field's share of models with a value over the `coverage` rows
    given (per-year rows), best covered first: the heatmap's row order and its trend's ends."""
    return (
        rows.group_by("field")
        .agg((pl.col("with_value").sum() / pl.col("models").sum()).alias("share"))
        .sort(["share", "field"], descending=[True, False])
    )


def coverage_trend(coverage: pl.DataFrame, since: int) -> str:
    """The coverage heatmap's trend (`coverage`, the years from `since` it draws): the best and
    the least covered field over those years, and in the newest year."""
    rows = fields_by_year(coverage).filter(pl.col("year") >= since)
    if rows.is_empty():
        return "none: no coverage by year"

    def ends(frame: pl.DataFrame) -> str:
        shares = field_shares(frame)
        best, least = shares.row(0, named=True), shares.row(-1, named=True)
        return (
            f"{field_label(best['field'])} is the best covered ({best['share']:.0%}) and "
            f"{field_label(least['field'])} the least ({least['share']:.0%})"
        )

    newest = rows["year"].max()
    return (
        f"over {rows['year'].min()}–{newest}, {ends(rows)}; in {newest}, "
        f"{ends(rows.filter(pl.col('year') == newest))}"
    )
