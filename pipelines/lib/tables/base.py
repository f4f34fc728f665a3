"""The base of every public table's pandera (polars) schema, and what is derived from a schema.

Each `Field(description=...)` is the column's documentation (the catalogue, the Dagster column
schemas); the polars dtypes of a table are read off its schema, never listed beside it.
"""

from __future__ import annotations

import pandera.polars as pa
import polars as pl


class Base(pa.DataFrameModel):
    class Config:
        strict = True  # no undocumented columns
        coerce = False


def columns_of(schema: type[Base]) -> dict[str, str]:
    """Column name -> description, in declaration order."""
    return {name: (field.description or "") for name, field in schema.to_schema().columns.items()}


def dtypes_of(schema: type[Base]) -> dict[str, pl.DataType]:
    """Column name -> polars dtype, in declaration order: the frame schema of an empty or
    row-built table (`pl.DataFrame(rows, schema=dtypes_of(ModelsSchema), orient="row")`)."""
    return {name: column.dtype.type for name, column in schema.to_schema().columns.items()}
