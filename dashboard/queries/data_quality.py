"""Reads for the Data quality page: rejects, conflicts, unmatched names, upstream revisions
and errata, suspicious values and coverage."""

from __future__ import annotations

import polars as pl

from dashboard.queries.base import _query
from pipelines.lib.sql import load_sql

_REJECTS_SQL = load_sql(__file__, "data_quality_rejects")


_CONFLICTS_SQL = load_sql(__file__, "data_quality_conflicts")


_CONFLICT_FIELDS_SQL = load_sql(__file__, "data_quality_conflict_fields")


_UNMATCHED_SQL = load_sql(__file__, "data_quality_unmatched")


_UNMATCHED_COUNTS_SQL = load_sql(__file__, "data_quality_unmatched_counts")


_COVERAGE_SQL = load_sql(__file__, "data_quality_coverage")


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
    return _query(
        """SELECT r.model_id, m.name, r.field, r.value_before, r.source_before, r.as_of_before,
                  r.value_after, r.source_after, r.as_of_after, r.relative_change
           FROM upstream_revisions AS r JOIN models AS m USING (model_id)
           ORDER BY r.as_of_after DESC, abs(r.relative_change) DESC, r.model_id, r.field"""
    )


def load_upstream_errata() -> pl.DataFrame:
    """source, name, field, reason: upstream values known to be wrong and left out."""
    return _query("SELECT source, name, field, reason FROM upstream_errata ORDER BY ALL")


def load_suspicious_values(statuses: tuple[str, ...] = ()) -> pl.DataFrame:
    """`suspicious_values` joined to the model's name: every flagged value with its rule,
    evidence and review status (all statuses when `statuses` is empty), unresolved first."""
    return _query(
        """SELECT s.model_id, m.name, s.field, s.value, s.rule, s.evidence, s.status, s.reason
           FROM suspicious_values s LEFT JOIN models m USING (model_id)
           WHERE len(CAST(? AS VARCHAR[])) = 0 OR list_contains(CAST(? AS VARCHAR[]), s.status)
           ORDER BY s.status = 'acknowledged', s.status = 'erratum', s.rule, s.model_id,
                    s.field""",
        (list(statuses), list(statuses)),
    )


def load_unmatched_counts() -> pl.DataFrame:
    return _query(_UNMATCHED_COUNTS_SQL)


def load_coverage() -> pl.DataFrame:
    """`coverage`: every field overall (year null, first) and per release year."""
    return _query(_COVERAGE_SQL)
