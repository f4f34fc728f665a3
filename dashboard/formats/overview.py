"""Formatting for the Overview page: upstream snapshots, what changed, the build's commit."""

from __future__ import annotations

import re

import polars as pl

from dashboard.formats.base import UPSTREAM_LABELS, field_label, format_value


def snapshots_table(snapshots: pl.DataFrame) -> pl.DataFrame:
    """`queries.load_upstream_snapshots` with the source's display name."""
    return snapshots.with_columns(
        pl.Series(
            "source_label",
            [UPSTREAM_LABELS.get(s, s) for s in snapshots["source"]],
            dtype=pl.String,
        )
    )


def changes_table(changes: pl.DataFrame) -> pl.DataFrame:
    """`changelog` rows for display: the field in words, old and new values with units where
    they are numbers (values are stored as text)."""

    def value_text(field: str | None, text: str | None) -> str | None:
        if text is None or field is None:
            return text
        try:
            number = float(text)
        except ValueError:
            return text
        return format_value(field, number) or text

    return changes.with_columns(
        pl.Series(
            "field_label", [field_label(f) if f else "" for f in changes["field"]], dtype=pl.String
        ),
        pl.Series(
            "old_text",
            [value_text(f, v) for f, v in zip(changes["field"], changes["old_value"], strict=True)],
            dtype=pl.String,
        ),
        pl.Series(
            "new_text",
            [value_text(f, v) for f, v in zip(changes["field"], changes["new_value"], strict=True)],
            dtype=pl.String,
        ),
    )


_COMMIT = re.compile(r"([0-9a-f]{7,40})(-dirty)?")


_RUN_ID = re.compile(r"([0-9a-f]{8})-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")


def short_commit(commit: str | None) -> str:
    """A `build_manifest.git_commit` (or a Dagster run id) for display: 12 hex digits (8 for a
    run id), `+ local changes` when the tree was dirty; anything else reads `unknown`, so the
    result is safe to show as markdown."""
    if commit and (run := _RUN_ID.fullmatch(commit)):
        return run.group(1)
    found = _COMMIT.fullmatch(commit or "")
    if not found:
        return "unknown"
    short = found.group(1)[:12]
    return f"{short} + local changes" if found.group(2) else short


def commit_markdown(commit: str | None) -> str:
    """`short_commit` as markdown: the hash in a code span, local changes said outside it."""
    text = short_commit(commit)
    if text.endswith(" + local changes"):
        return f"`{text.removesuffix(' + local changes')}` (with uncommitted local changes)"
    return f"`{text}`"
