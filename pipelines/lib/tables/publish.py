"""Pandera schemas of the public tables the publish layer writes (traceability)."""

from __future__ import annotations

import datetime as dt

import pandera.polars as pa

from pipelines.lib.tables.base import Base


class BuildManifestSchema(Base):
    """`build_manifest`: what this build was made of."""

    built_at: dt.datetime = pa.Field(description="When the build ran (UTC).")
    git_commit: str = pa.Field(description="Commit of the code and data (`-dirty` if modified).")
    run_id: str = pa.Field(description="Dagster run id of the build.")
    kind: str = pa.Field(isin=["input", "table"], description="`input` file or output `table`.")
    name: str = pa.Field(description="Input path relative to the raw folder, or table name.")
    sha256: str = pa.Field(nullable=True, description="Content hash of an input file.")
    bytes: int = pa.Field(nullable=True, ge=0, description="Size of an input file.")
    rows: int = pa.Field(nullable=True, ge=0, description="Row count of an output table.")


class ChangelogSchema(Base):
    """`changelog`: differences from the previously published build."""

    change: str = pa.Field(isin=["added", "removed", "changed"], description="Kind of change.")
    model_id: str = pa.Field(description="Release concerned.")
    name: str = pa.Field(nullable=True, description="Its display name.")
    field: str = pa.Field(nullable=True, description="`models` column that changed.")
    old_value: str = pa.Field(nullable=True, description="Previous value, as text.")
    new_value: str = pa.Field(nullable=True, description="New value, as text.")
    source: str = pa.Field(nullable=True, description="Citation of the new value.")
