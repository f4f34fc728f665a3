"""The public tables a release ships and a diff compares, with their pandera schemas.

One small function so the release, the Data Package and the diff learn the table list from one
place; it reads today's `PUBLIC_SCHEMAS` and the catalogue's purpose and grain, and can be
re-pointed at a table registry without touching its callers.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandera.polars as pa


@dataclass(frozen=True)
class PublicTable:
    name: str
    schema: type[pa.DataFrameModel]
    purpose: str
    grain: str


def public_tables() -> list[PublicTable]:
    """Every public table, in catalogue order."""
    from pipelines.lib.catalog import GRAIN, PURPOSE
    from pipelines.lib.schemas import PUBLIC_SCHEMAS

    return [
        PublicTable(name, schema, PURPOSE[name], GRAIN[name])
        for name, schema in PUBLIC_SCHEMAS.items()
    ]
