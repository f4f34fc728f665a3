"""Helpers the Dagster layer shares: materialization metadata from a frame and its schema."""

from __future__ import annotations

import dagster as dg
import polars as pl

from pipelines.lib.tables import is_public, table


def table_metadata(name: str, frame: pl.DataFrame, preview_rows: int = 10) -> dict:
    """`dagster/row_count`, `dagster/column_schema` (with the pandera descriptions) and a
    markdown preview, so the Dagster UI documents every table it shows."""
    docs = table(name).columns if is_public(name) else {}
    schema = dg.TableSchema(
        columns=[
            dg.TableColumn(col, str(dtype), description=docs.get(col))
            for col, dtype in frame.schema.items()
        ]
    )
    preview = frame.head(preview_rows)
    header = "| " + " | ".join(preview.columns) + " |"
    rule = "|" + "---|" * len(preview.columns)
    body = [
        "| " + " | ".join("" if v is None else str(v).replace("|", "\\|") for v in row) + " |"
        for row in preview.iter_rows()
    ]
    return {
        "dagster/row_count": dg.MetadataValue.int(frame.height),
        "dagster/column_schema": schema,
        "preview": dg.MetadataValue.md("\n".join([header, rule, *body])),
    }
