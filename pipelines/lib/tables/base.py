"""The base of every public table's pandera (polars) schema, and what is derived from a schema.

Each `Field(description=...)` is the column's documentation (the catalogue, the Dagster column
schemas); the polars dtypes of a table are read off its schema, never listed beside it.
"""

from __future__ import annotations

from dataclasses import dataclass

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


LAYERS = ("ingest", "staging", "trends", "publish")


@dataclass(frozen=True)
class Table:
    """A public table: its name (= asset key = warehouse table), its pandera schema (the column
    documentation and the dtypes), the layer that writes it, what it is for and its grain."""

    name: str
    schema: type[Base]
    layer: str
    purpose: str
    grain: str

    @property
    def columns(self) -> dict[str, str]:
        """Column -> description, in order."""
        return columns_of(self.schema)

    @property
    def dtypes(self) -> dict[str, pl.DataType]:
        """Column -> polars dtype, in order (read off the schema)."""
        return dtypes_of(self.schema)

    @property
    def description(self) -> str:
        """The Dagster asset description: purpose, then grain."""
        return f"{self.purpose}\n\nGrain: {self.grain}."
