"""Registry entries of the tables the publish layer writes (the build manifest, the
changelog); `registry.py` assembles every layer's entries in catalogue order."""

from __future__ import annotations

from pipelines.lib.tables.base import Table
from pipelines.lib.tables.publish import BuildManifestSchema, ChangelogSchema

PUBLISH_TABLES: tuple[Table, ...] = (
    Table(
        "build_manifest",
        BuildManifestSchema,
        "publish",
        purpose=(
            "Traceability: when the build ran, the git commit, the content hash of every input "
            "file and the row count of every table."
        ),
        grain=("one row per input file and per table"),
    ),
    Table(
        "changelog",
        ChangelogSchema,
        "publish",
        purpose=(
            "What this build changed against the previously published one: models added or "
            "removed, values changed (field, old, new, source). Also written to "
            "`warehouse/CHANGELOG.md` on publish."
        ),
        grain=("one row per added or removed model, or changed value"),
    ),
)
