"""The `models` step reads the upstream tables on demand (`TablesOnDemand`), in batches copied
out of DuckDB's Arrow memory: every frame must equal what `read_table` gives (values, dtypes,
order), on real pinned upstream files in a real DuckDB file."""

import duckdb
import polars as pl
import pytest

from pipelines.lib.publish.warehouse import read_table, write_table
from pipelines.lib.staging.resolution import TablesOnDemand, read_upstream
from pipelines.lib.staging.resolution.inputs import owned
from pipelines.lib.upstream.duplicates import without_repeats

from ..conftest import RAW_DIR

# Wide Epoch exports (strings, numbers, dates), a JSON price file, a scores file.
NAMES = (
    "raw_epoch_models_2024_10",
    "raw_epoch_notable_2026_08",
    "raw_litellm_2026_08",
    "raw_llm_stats_scores",
)


@pytest.fixture(scope="module")
def con(tmp_path_factory):
    path = tmp_path_factory.mktemp("on_demand") / "atlas.duckdb"
    with duckdb.connect(str(path)) as con:
        for name in NAMES:
            write_table(con, name, read_upstream(name, RAW_DIR))
        # the first 40 rows twice over: word-for-word repeats for `prepare`
        con.execute(
            "CREATE TABLE repeated AS SELECT * FROM (SELECT * FROM raw_llm_stats_scores LIMIT 40)"
            " UNION ALL SELECT * FROM (SELECT * FROM raw_llm_stats_scores LIMIT 40)"
        )
        con.execute("CREATE TABLE empty AS SELECT * FROM raw_litellm_2026_08 LIMIT 0")
    with duckdb.connect(str(path), read_only=True) as con:
        yield con


@pytest.mark.parametrize("batch_rows", [7, 1000, 50_000])
def test_same_frames_as_read_table(con, batch_rows):
    tables = TablesOnDemand(con, [*NAMES, "empty"], batch_rows=batch_rows)
    for name in [*NAMES, "empty"]:
        expected = read_table(con, name)
        got = tables[name]
        assert got.schema == expected.schema, name
        assert got.equals(expected, null_equal=True), name
    assert tables["raw_epoch_models_2024_10"].height > 1000  # several batches at 7 and 1000
    assert tables["empty"].height == 0


def test_prepare_applies_to_the_whole_table(con):
    tables = TablesOnDemand(con, ["repeated"], prepare=without_repeats, batch_rows=7)
    frame = tables["repeated"]
    assert read_table(con, "repeated").height == 80
    assert frame.height == 40
    assert frame.equals(without_repeats(read_table(con, "repeated")), null_equal=True)


def test_only_the_names_given(con):
    tables = TablesOnDemand(con, NAMES[:2])
    assert list(tables) == list(NAMES[:2])
    assert len(tables) == 2
    assert "raw_litellm_2026_08" not in tables
    with pytest.raises(KeyError):
        tables["raw_litellm_2026_08"]


def test_owned_keeps_every_dtype(con):
    frame = read_table(con, "raw_litellm_2026_08")
    assert {pl.Float64, pl.String} <= set(frame.schema.values())
    copy = owned(frame)
    assert copy.schema == frame.schema
    assert copy.equals(frame, null_equal=True)
