"""Pandera schemas of the public tables the ingest layer writes (`rejects`)."""

from __future__ import annotations

import pandera.polars as pa

from pipelines.lib.tables.base import Base


class RejectsSchema(Base):
    """`rejects`: one row per problem that kept a record out of `models`."""

    source_file: str = pa.Field(
        description="Record file, relative to the repo root when inside it."
    )
    source_line: int = pa.Field(nullable=True, description="1-based line in the file, when known.")
    model_id: str = pa.Field(nullable=True, description="The record's `id`, when readable.")
    field: str = pa.Field(description="Field path (`benchmarks.mmlu.score`) or `(file)`.")
    reason: str = pa.Field(description="What is wrong, in words a contributor can act on.")
    check: str = pa.Field(description="`record` (per-file rules) or the table-level check.")
