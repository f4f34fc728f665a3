"""Reads for the Data quality page: rejects, conflicts, unmatched names, upstream revisions
and errata, suspicious values and coverage."""

from __future__ import annotations

import polars as pl

from dashboard.queries.base import _query, load_query

_REJECTS_SQL = load_query("data_quality_rejects")


_CONFLICTS_SQL = load_query("data_quality_conflicts")


_CONFLICT_FIELDS_SQL = load_query("data_quality_conflict_fields")


_UNMATCHED_SQL = load_query("data_quality_unmatched")


_UNMATCHED_COUNTS_SQL = load_query("data_quality_unmatched_counts")


_COVERAGE_SQL = load_query("data_quality_coverage")


_UPSTREAM_REVISIONS_SQL = load_query("data_quality_upstream_revisions")


_SUSPICIOUS_VALUES_SQL = load_query("data_quality_suspicious_values")


def load_rejects() -> pl.DataFrame:
    return _query(_REJECTS_SQL)


def load_conflicts(fields: tuple[str, ...] = ()) -> pl.DataFrame:
    """`conflicts` (all, or only `fields`), largest difference first within a field, with the
    model's name and a link to its page."""
    return _query(_CONFLICTS_SQL, (list(fields), list(fields)))


def load_conflict_fields() -> pl.DataFrame:
    """field, conflicts, models: how many disagreements each field has."""
    return _query(_CONFLICT_FIELDS_SQL)


def load_unmatched_names(sources: tuple[str, ...] = ()) -> pl.DataFrame:
    return _query(_UNMATCHED_SQL, (list(sources), list(sources)))


def load_upstream_revisions() -> pl.DataFrame:
    """What an upstream revised between its dated snapshots, newest first, with model names."""
    return _query(_UPSTREAM_REVISIONS_SQL)


def load_upstream_errata() -> pl.DataFrame:
    """source, name, field, reason: upstream values known to be wrong and left out."""
    return _query("SELECT source, name, field, reason FROM upstream_errata ORDER BY ALL")


def load_suspicious_values(statuses: tuple[str, ...] = ()) -> pl.DataFrame:
    """`suspicious_values` joined to the model's name: every flagged value with its rule,
    evidence and review status (all statuses when `statuses` is empty), unresolved first."""
    return _query(_SUSPICIOUS_VALUES_SQL, (list(statuses), list(statuses)))


def load_unmatched_counts() -> pl.DataFrame:
    return _query(_UNMATCHED_COUNTS_SQL)


def load_coverage() -> pl.DataFrame:
    """`coverage`: every field overall (year null, first) and per release year."""
    return _query(_COVERAGE_SQL)
