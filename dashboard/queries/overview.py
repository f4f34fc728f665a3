"""Reads for the Overview page: counts, headline series, newest releases, upstream snapshots,
the build and what changed."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import polars as pl
import streamlit as st
import yaml

from dashboard.queries.base import (
    CACHE_TTL_SECONDS,
    NO_FILTERS,
    ModelFilters,
    _query,
    _version,
    load_query,
)
from pipelines.lib.settings import raw_dir

MANIFEST_MAX_BYTES = 1_000_000  # a MANIFEST is a few kB; refuse anything absurd


_NEWEST_SQL = load_query("overview_newest")


_COUNTS_SQL = load_query("overview_counts")


_COMPUTE_SQL = load_query("overview_compute")


_TOKENS_PER_PARAM_SQL = load_query("overview_tokens_per_param")


_FRONTIER_SQL = load_query("overview_frontier")


def load_newest_releases(filters: ModelFilters = NO_FILTERS, limit: int = 10) -> pl.DataFrame:
    """The `limit` most recent releases (after `filters`), newest first."""
    return _query(_NEWEST_SQL, (*filters.params(), int(limit)))


def load_model_counts(filters: ModelFilters = NO_FILTERS) -> dict[str, int]:
    """Headline counts over the filtered models: models, with_mmlu, open_weights, with_compute,
    organizations (each listed organisation counted once), and all_models (unfiltered)."""
    return _query(_COUNTS_SQL, filters.params()).row(0, named=True)


def load_compute_points(filters: ModelFilters = NO_FILTERS) -> pl.DataFrame:
    """Models with a training compute value, each with the citation of that value."""
    return _query(_COMPUTE_SQL, filters.params())


def load_tokens_per_param(filters: ModelFilters = NO_FILTERS) -> pl.DataFrame:
    """`compute_optimal` rows with a tokens-per-parameter ratio, with the citation of the tokens
    and `base_model_id` (set for fine-tunes, whose tokens are fine-tuning data)."""
    return _query(_TOKENS_PER_PARAM_SQL, filters.params())


def load_frontier_smallest_model(
    benchmark: str = "mmlu", threshold: float | None = None, basis: str | None = None
) -> pl.DataFrame:
    """`frontier_smallest_model` for one benchmark, optionally one threshold and/or one basis
    (`total` | `active`); None means all. Plus `model_page`, a link to the Model page."""
    t = None if threshold is None else float(threshold)
    return _query(_FRONTIER_SQL, (benchmark, t, t, basis, basis))


_SNAPSHOT_SCHEMA = {
    "source": pl.String,
    "title": pl.String,
    "file": pl.String,
    "upstream_date": pl.Date,
    "retrieved_date": pl.Date,
    "rows": pl.Int64,
    "homepage": pl.String,
    "licence": pl.String,
}


def _date(value: object) -> dt.date | None:
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value))
    except ValueError:
        return None


@st.cache_data(ttl=CACHE_TTL_SECONDS, show_spinner=False)
def _read_manifests(manifests: tuple[tuple[str, tuple | None], ...]) -> pl.DataFrame:
    """Parse the MANIFEST.yaml files named in `manifests` ((path, version) pairs: the versions
    make an edited MANIFEST a cache miss)."""
    rows = []
    for path_text, _ in manifests:
        path = Path(path_text)
        if path.stat().st_size > MANIFEST_MAX_BYTES:
            continue
        try:
            doc = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        except yaml.YAMLError:
            continue
        if not isinstance(doc, dict):
            continue
        for entry in doc.get("files") or []:
            if not isinstance(entry, dict):
                continue
            rows.append(
                {
                    "source": str(doc.get("source") or path.parent.name),
                    "title": str(doc.get("title") or ""),
                    "file": str(entry.get("path") or ""),
                    "upstream_date": _date(entry.get("upstream_date")),
                    "retrieved_date": _date(entry.get("retrieved_date")),
                    "rows": entry.get("rows") if isinstance(entry.get("rows"), int) else None,
                    "homepage": str(doc.get("homepage") or "") or None,
                    "licence": str(doc.get("licence") or "") or None,
                }
            )
    return pl.DataFrame(rows, schema=_SNAPSHOT_SCHEMA).sort(
        "source", "upstream_date", descending=[False, True], nulls_last=True
    )


def load_upstream_snapshots() -> pl.DataFrame:
    """One row per upstream file from `<ATLAS_RAW_DIR>/upstream/*/MANIFEST.yaml`: source, title,
    file, upstream_date (the snapshot's own date), retrieved_date, rows, homepage, licence."""
    manifests = sorted((raw_dir() / "upstream").glob("*/MANIFEST.yaml"))
    return _read_manifests(tuple((str(p), _version(p)) for p in manifests))


_CHANGE_COUNTS_SQL = load_query("overview_change_counts")


_CHANGES_SQL = load_query("overview_changes")


_BUILD_SQL = load_query("overview_build")


def load_change_counts() -> dict[str, int]:
    """added, removed, changed (values) and changed_models in the last build's `changelog`."""
    return _query(_CHANGE_COUNTS_SQL).row(0, named=True)


def load_changes(change: str, limit: int = 500) -> pl.DataFrame:
    """`changelog` rows of one kind (`added` | `removed` | `changed`), by model name, with a
    link to the model's page when it is still in the warehouse."""
    return _query(_CHANGES_SQL, (change, int(limit)))


def load_build() -> dict | None:
    """The last build from `build_manifest`: built_at (UTC), git_commit, run_id, inputs and
    tables counted; None when the manifest is empty."""
    row = _query(_BUILD_SQL).row(0, named=True)
    return row if row["built_at"] is not None else None
