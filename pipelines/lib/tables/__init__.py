"""Public warehouse tables: the registry (`registry.py`) and their pandera schemas, one module
per layer that writes them. Import from here: `from pipelines.lib.tables import ModelsSchema`."""

from pipelines.lib.tables.base import Base, columns_of, dtypes_of  # noqa: F401
from pipelines.lib.tables.ingest import *  # noqa: F403
from pipelines.lib.tables.publish import *  # noqa: F403
from pipelines.lib.tables.registry import (  # noqa: F401
    LAYERS,
    PUBLIC_SCHEMAS,
    TABLES,
    Table,
    is_public,
    table,
    table_names,
)
from pipelines.lib.tables.staging import *  # noqa: F403
from pipelines.lib.tables.trends import *  # noqa: F403
