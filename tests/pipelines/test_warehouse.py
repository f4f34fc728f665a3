"""Build files, publishing and crash leftovers on a real DuckDB file."""

import os
import time

import duckdb
import polars as pl
import pytest

from pipelines.lib.publish import warehouse as wh


def _publish_table(published, run_id, rows):
    with wh.connect(wh.start_build(published, run_id)) as con:
        wh.write_table(con, "t", pl.DataFrame({"x": list(range(rows))}))
    return wh.publish(published, run_id)


def test_each_run_builds_privately_and_publish_swaps_atomically(tmp_path):
    published = tmp_path / "atlas.duckdb"
    _publish_table(published, "run-a", 3)
    reader = duckdb.connect(str(published), read_only=True)  # held open across the next publish
    try:
        build = wh.start_build(published, "run-b")
        assert build != published and build.exists()  # starts as a copy of the published file
        with wh.connect(build) as con:
            assert con.execute("SELECT count(*) FROM t").fetchall() == [(3,)]
            wh.write_table(con, "t", pl.DataFrame({"x": list(range(5))}))
        wh.publish(published, "run-b")
        assert reader.execute("SELECT count(*) FROM t").fetchone()[0] == 3  # old snapshot
    finally:
        reader.close()
    with wh.connect(published, read_only=True) as con:
        assert con.execute("SELECT count(*) FROM t").fetchone()[0] == 5
    assert not wh.build_path(published, "run-b").exists()


def test_stale_build_files_of_dead_runs_are_swept(tmp_path):
    published = tmp_path / "atlas.duckdb"
    _publish_table(published, "run-a", 1)
    dead = wh.build_path(published, "dead-run")
    dead.write_bytes(b"half-written")
    old = time.time() - wh.STALE_BUILD_SECONDS - 60
    os.utime(dead, (old, old))
    recent = wh.build_path(published, "running")
    recent.write_bytes(b"another run in progress")
    wh.start_build(published, "run-b")
    assert not dead.exists()
    assert recent.exists(), "a build file in use by a live run must not be touched"


def test_publish_without_a_build_is_a_clear_error(tmp_path):
    with pytest.raises(FileNotFoundError, match="materialize the tables first"):
        wh.publish(tmp_path / "atlas.duckdb", "nothing-built")


def test_table_and_run_names_are_validated(tmp_path):
    with pytest.raises(ValueError, match="bad run id"):
        wh.build_path(tmp_path / "a.duckdb", "../../etc")
    with wh.connect(tmp_path / "x.duckdb") as con, pytest.raises(ValueError, match="table"):
        wh.write_table(con, "t; DROP TABLE x", pl.DataFrame({"a": [1]}))


def test_table_swap_publish_is_transactional_for_remote_style_targets(tmp_path):
    """The MotherDuck publish path (`md:` targets cannot be renamed into), exercised against a
    local DuckDB file as the target."""
    target = tmp_path / "served.duckdb"
    with wh.connect(target) as con:
        wh.write_table(con, "t", pl.DataFrame({"x": [1, 2, 3]}))
        wh.write_table(con, "u", pl.DataFrame({"y": ["old"]}))
    build = tmp_path / "build.duckdb"
    with wh.connect(build) as con:
        wh.write_table(con, "t", pl.DataFrame({"x": list(range(10))}))
        wh.write_table(con, "u", pl.DataFrame({"y": ["new"]}))
    assert wh.publish_swap(build, str(target)) == ["t", "u"]
    with wh.connect(target, read_only=True) as con:
        assert con.execute("SELECT count(*) FROM t").fetchall() == [(10,)]
        assert con.execute("SELECT y FROM u").fetchall() == [("new",)]
    assert not build.exists()
    assert wh.is_remote("md:atlas") and not wh.is_remote(str(target))


def test_table_swap_rolls_back_entirely_on_failure(tmp_path):
    target = tmp_path / "served.duckdb"
    with wh.connect(target) as con:
        wh.write_table(con, "t", pl.DataFrame({"x": [1]}))
    build = tmp_path / "build.duckdb"
    with wh.connect(build) as con:
        wh.write_table(con, "t", pl.DataFrame({"x": [1, 2]}))
        con.execute('CREATE TABLE "zz bad" AS SELECT 1 AS z')  # swapped after t
    with pytest.raises(ValueError, match="bad table name"):
        wh.publish_swap(build, str(target))
    with wh.connect(target, read_only=True) as con:
        assert con.execute("SELECT count(*) FROM t").fetchall() == [(1,)]  # unchanged


def test_motherduck_target_keeps_build_files_local_and_publishes_by_swap(monkeypatch):
    from pipelines.defs.resources import Warehouse
    from pipelines.lib.settings import REPO_ROOT, warehouse_target

    monkeypatch.setenv("ATLAS_WAREHOUSE", "md:atlas")
    assert warehouse_target() == "md:atlas"  # not resolved as a relative path
    resource = Warehouse(path=warehouse_target())
    assert resource.remote
    assert resource.published == REPO_ROOT / ".dagster" / "motherduck" / "atlas.duckdb"
    assert resource.build("run-1").name == "atlas.duckdb.build-run-1"
    monkeypatch.setenv("ATLAS_WAREHOUSE", "warehouse/atlas.duckdb")
    assert warehouse_target() == str(REPO_ROOT / "warehouse" / "atlas.duckdb")


def test_a_held_build_file_is_released_before_it_is_published_or_discarded(tmp_path):
    """A run holds its build file open (`wh.hold`, so ~300 opens reuse one DuckDB instance);
    publishing and discarding let go of it first, so the published file is whole and closed
    (another process opens it read-only) and a discarded build leaves no file behind."""
    import subprocess
    import sys

    from pipelines.lib.publish.buildfiles import discard_build

    published = tmp_path / "atlas.duckdb"
    _publish_table(published, "run-a", 1)
    build = wh.start_build(published, "run-b")
    wh.hold(build)
    assert wh.is_held(build)
    with wh.connect(build) as con:
        wh.write_table(con, "t", pl.DataFrame({"x": list(range(7))}))
    with wh.connect(build, read_only=True) as con:  # checks read through the held instance
        assert con.execute("SELECT count(*) FROM t").fetchone()[0] == 7
    wh.publish(published, "run-b")
    assert not wh.is_held(build)
    assert not build.exists() and not build.with_name(build.name + ".wal").exists()
    count = subprocess.run(
        [
            sys.executable,
            "-c",
            "import duckdb, sys; c = duckdb.connect(sys.argv[1], read_only=True); "
            "print(c.execute('SELECT count(*) FROM t').fetchone()[0])",
            str(published),
        ],
        capture_output=True,
        text=True,
        check=True,
    )
    assert count.stdout.strip() == "7"

    failed = wh.start_build(published, "run-c")
    wh.hold(failed)
    with wh.connect(failed) as con:
        wh.write_table(con, "t", pl.DataFrame({"x": [1]}))
    discard_build(failed)
    assert not wh.is_held(failed)
    left = sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(failed.name))
    assert left == [failed.name + ".failed"]  # only the empty mark the next build sweeps
