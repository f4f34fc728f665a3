"""Registry entry of the table the ingest layer writes (`rejects`); `registry.py` assembles
every layer's entries in catalogue order."""

from __future__ import annotations

from pipelines.lib.tables.base import Table
from pipelines.lib.tables.ingest import RejectsSchema

INGEST_TABLES: tuple[Table, ...] = (
    Table(
        "rejects",
        RejectsSchema,
        "ingest",
        purpose=(
            "Why record files were kept out of `models` (file, line, field, reason). Empty when "
            "the data is clean."
        ),
        grain=("one row per problem; a rejected file can have several"),
    ),
)
