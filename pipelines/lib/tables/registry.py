"""The registry of public warehouse tables: one entry per table (name, pandera schema, layer,
purpose, grain), kept by layer in `registry_<layer>.py` and assembled here in catalogue order.
Everything that lists tables derives from it: the catalogue (`warehouse/README.md`,
`make docs`), the Dagster asset descriptions and column schemas, the publish step's table list,
the tests' table lists and the dashboard's list of tables it needs.
"""

from __future__ import annotations

from pipelines.lib.tables.base import LAYERS, Base, Table
from pipelines.lib.tables.registry_ingest import INGEST_TABLES
from pipelines.lib.tables.registry_publish import PUBLISH_TABLES
from pipelines.lib.tables.registry_staging import STAGING_TABLES
from pipelines.lib.tables.registry_trends import TRENDS_TABLES

# Catalogue order: staging, then ingest's `rejects`, then trends, then publish.
TABLES: tuple[Table, ...] = STAGING_TABLES + INGEST_TABLES + TRENDS_TABLES + PUBLISH_TABLES
_BY_NAME = {t.name: t for t in TABLES}
assert len(_BY_NAME) == len(TABLES), "a table is registered twice"
assert all(t.layer in LAYERS for t in TABLES)

# name -> pandera schema, in catalogue order (the publish step and checks use it).
PUBLIC_SCHEMAS: dict[str, type[Base]] = {t.name: t.schema for t in TABLES}


def table(name: str) -> Table:
    """The registry entry of a public table (KeyError for anything else)."""
    return _BY_NAME[name]


def table_names(layer: str | None = None) -> list[str]:
    """Names of the public tables, in catalogue order; only those `layer` writes when given.
    The dashboard's list of tables it requires is `table_names()`."""
    return [t.name for t in TABLES if layer is None or t.layer == layer]


def is_public(name: str) -> bool:
    return name in _BY_NAME
