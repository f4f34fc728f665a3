"""The repo's event log storage (`pipelines/dagster_instance.py`): Dagster's questions about
the schema are answered right, and a "yes" is not asked of the database again."""

from __future__ import annotations

import sqlalchemy
from dagster._core.storage.event_log.schema import AssetCheckExecutionsTable, AssetKeyTable

from pipelines.dagster_instance import KeptOpenSqliteEventLogStorage


def _connections_opened(action) -> int:
    """How many new database connections `action()` opens (any SQLAlchemy engine)."""
    opened = []

    def count(*_args) -> None:
        opened.append(1)

    sqlalchemy.event.listen(sqlalchemy.engine.Engine, "connect", count)
    try:
        action()
    finally:
        sqlalchemy.event.remove(sqlalchemy.engine.Engine, "connect", count)
    return len(opened)


def test_schema_answers_are_right_and_a_yes_is_asked_once(tmp_path):
    storage = KeptOpenSqliteEventLogStorage(str(tmp_path / "runs"))
    try:
        # Dagster's own storage opens a connection for every `has_table` (~500 per build).
        assert _connections_opened(lambda: storage.has_table(AssetCheckExecutionsTable.name)) == 1
        assert storage.has_table(AssetCheckExecutionsTable.name) is True
        assert (
            _connections_opened(
                lambda: [storage.has_table(AssetCheckExecutionsTable.name) for _ in range(100)]
            )
            == 0
        )
        assert storage.supports_asset_checks is True
        assert storage.has_asset_key_col("last_materialization_timestamp") is True
        assert storage.has_asset_key_col("no_such_column") is False

        # A "no" is asked again each time: a table made later is then seen.
        assert storage.has_table("made_later") is False
        with storage.index_connection() as conn:
            conn.execute(sqlalchemy.text("CREATE TABLE made_later (x INTEGER)"))
        assert storage.has_table("made_later") is True

        # So is a column added later to the asset index.
        assert storage.has_asset_key_col("added_later") is False
        with storage.index_connection() as conn:
            conn.execute(
                sqlalchemy.text(f"ALTER TABLE {AssetKeyTable.name} ADD COLUMN added_later TEXT")
            )
        assert storage.has_asset_key_col("added_later") is True

        # A finished index migration is a "yes" once recorded.
        assert storage.has_secondary_index("an_index_migration") is False
        storage.enable_secondary_index("an_index_migration")
        assert storage.has_secondary_index("an_index_migration") is True

        # `wipe` empties the index's tables but keeps them and the finished migrations: the
        # answers still match the database.
        storage.wipe()
        assert storage.has_table(AssetCheckExecutionsTable.name) is True
        assert storage.has_table("made_later") is True
        assert storage.has_secondary_index("an_index_migration") is True
    finally:
        storage.dispose()
