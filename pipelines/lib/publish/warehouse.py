"""The DuckDB warehouse: build in a private file, publish with one atomic rename.

DuckDB allows one writing process, and while it writes even read-only opens from other processes
fail. So nothing ever writes the published file: each run's assets write into their own
`<warehouse>.build-<run id>`, the publish step checkpoints and closes it, then `os.replace`s it
over `ATLAS_WAREHOUSE`. A reader holding the old file keeps reading it; a reader opening
afterwards gets the new one whole. A run killed at any point leaves the published file untouched
and only a stale build file behind, which later runs sweep away.
"""

from __future__ import annotations

import atexit
import contextlib
import os
import shutil
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import duckdb
import polars as pl

from pipelines.lib.publish import buildfiles as bf
from pipelines.lib.sql import load_sql

STALE_BUILD_SECONDS = 6 * 3600  # a build file untouched this long belongs to a dead run


def build_path(published: Path, run_id: str) -> Path:
    """The private file one run writes into: same folder, so the final rename is atomic."""
    if not run_id.replace("-", "").isalnum():
        raise ValueError(f"bad run id {run_id!r}")
    return published.with_name(f"{published.name}.build-{run_id}")


def sweep_stale_builds(published: Path, keep: Path | None = None) -> list[Path]:
    """Remove build files (and their WALs) of runs that died long ago."""
    removed = []
    now = time.time()
    for path in published.parent.glob(f"{published.name}.build-*"):
        if keep is not None and path.name.startswith(keep.name):
            continue
        try:
            # a `.failed` mark is empty and its files are gone: swept at once
            if path.name.endswith(".failed") or now - path.stat().st_mtime > STALE_BUILD_SECONDS:
                path.unlink()
                removed.append(path)
        except FileNotFoundError:
            continue
    return removed


def start_build(published: Path, run_id: str) -> Path:
    """Prepare this run's build file: a missing one starts as a copy of the published warehouse
    once that file reads whole (`buildfiles.verify_published`), else from scratch, so a partial
    run keeps the other tables; every asset replaces its own tables. Which of the two it was is
    recorded beside the build file (`buildfiles.read_origin`)."""
    build = build_path(published, run_id)
    build.parent.mkdir(parents=True, exist_ok=True)
    if not build.exists() and not bf.origin_path(build).exists():
        if bf.failed_mark(build).exists():
            raise BuildFailedError(
                f"an earlier step of run {run_id} failed and its build file was removed; "
                "nothing of this run will be published"
            )
        sweep_stale_builds(published, keep=build)
        problem = bf.verify_published(published) if published.exists() else "does not exist"
        if problem:
            bf.record_origin(build, f"scratch: the published file {published.name} {problem}")
        else:
            tmp = build.with_name(build.name + ".copy")
            try:
                shutil.copyfile(published, tmp)
                os.replace(tmp, build)
            except BaseException:  # a full disk: no partial copy left behind
                tmp.unlink(missing_ok=True)
                raise
            bf.record_origin(build, f"copy of the published file {published.name} (verified)")
    return build


class BuildFailedError(RuntimeError):
    pass


# Opening a DuckDB database costs ~25 ms (the instance, its thread pool, the catalogue) and a
# build opens its build file ~300 times (every asset step and check). DuckDB keeps one instance
# per path while any connection to it is open, so a run holds one connection to its build file
# from its first write until it publishes, fails or ends: every later `connect` reuses the
# instance (~0.05 ms). Held connections are per process and released before the file is moved
# or removed, so nothing ever writes to a published or discarded file.
_HELD: dict[str, duckdb.DuckDBPyConnection] = {}
_HELD_LOCK = threading.Lock()


def hold(build: Path) -> None:
    """Keep a connection to this build file open until `release` (or the process ends)."""
    key = str(build)
    with _HELD_LOCK:
        if key not in _HELD:
            _HELD[key] = duckdb.connect(key)


def is_held(build: Path) -> bool:
    return str(build) in _HELD


def release(build: Path) -> None:
    """Close the held connection to this build file, if any: DuckDB checkpoints it on close. A
    failing close (a full disk) is left to the caller's next step, which discards the file."""
    with _HELD_LOCK:
        con = _HELD.pop(str(build), None)
    if con is not None:
        with contextlib.suppress(duckdb.Error):
            con.close()


@atexit.register
def release_all() -> None:
    for key in list(_HELD):
        release(Path(key))


@contextlib.contextmanager
def connect(path: Path, read_only: bool = False) -> Iterator[duckdb.DuckDBPyConnection]:
    """A short-lived connection, always closed (DuckDB reuses open handles per path). For a
    held build file (`hold`) the connection is read-write whatever `read_only` says: DuckDB
    opens a path with one configuration per process."""
    if read_only and is_held(path):
        read_only = False
    con = duckdb.connect(str(path), read_only=read_only)
    try:
        yield con
    finally:
        con.close()


@contextlib.contextmanager
def connect_target(target: str, read_only: bool = False) -> Iterator[duckdb.DuckDBPyConnection]:
    """Like `connect`, for a connection string (e.g. MotherDuck `md:atlas`). An error opening
    it never carries the string's credentials into a log (`settings.redact`)."""
    from pipelines.lib.settings import redact

    try:
        con = duckdb.connect(target, read_only=read_only)
    except duckdb.Error as exc:
        raise type(exc)(redact(str(exc))) from None
    try:
        yield con
    finally:
        con.close()


def write_table(con: duckdb.DuckDBPyConnection, name: str, frame: pl.DataFrame) -> int:
    """`CREATE OR REPLACE TABLE name` from a polars frame; returns the row count."""
    if not name.replace("_", "").isalnum():
        raise ValueError(f"bad table name {name!r}")
    con.register("_frame", frame.to_arrow())
    try:
        con.execute(f'CREATE OR REPLACE TABLE "{name}" AS SELECT * FROM _frame')
    finally:
        con.unregister("_frame")
    return frame.height


def read_table(con: duckdb.DuckDBPyConnection, name: str) -> pl.DataFrame:
    if not name.replace("_", "").isalnum():
        raise ValueError(f"bad table name {name!r}")
    return con.sql(f'SELECT * FROM "{name}"').pl()


def publish(published: Path, run_id: str) -> Path:
    """Checkpoint this run's build file and atomically move it onto the published path."""
    build = build_path(published, run_id)
    release(build)
    if not build.exists():
        raise FileNotFoundError(f"no build file at {build}: materialize the tables first")
    with connect(build) as con:
        con.execute("CHECKPOINT")
    wal = build.with_name(build.name + ".wal")
    if wal.exists():  # pragma: no cover - a clean close leaves no WAL
        raise RuntimeError(f"{wal} still exists after CHECKPOINT; refusing to publish")
    fd = os.open(build, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
    os.replace(build, published)
    bf.origin_path(build).unlink(missing_ok=True)
    dir_fd = os.open(published.parent, os.O_RDONLY)
    try:
        os.fsync(dir_fd)
    finally:
        os.close(dir_fd)
    return published


def is_remote(target: str) -> bool:
    """MotherDuck targets (`md:` / `motherduck:` connection strings) cannot be renamed into."""
    return target.startswith(("md:", "motherduck:"))


def publish_swap(build: Path, target: str) -> list[str]:
    """Publish by swapping tables inside one transaction on `target` (a MotherDuck connection
    string, or any DuckDB database path): readers see the old tables or the new ones, never a
    mix. Used where an atomic file rename is impossible. Returns the tables published."""
    release(build)
    with connect(build, read_only=True) as con:
        tables = [r[0] for r in con.execute(load_sql(__file__, "main_tables")).fetchall()]
    con = duckdb.connect(target)
    try:
        con.execute("ATTACH ? AS build (READ_ONLY)", [str(build)])
        con.execute("BEGIN TRANSACTION")
        try:
            for table in tables:
                if not table.replace("_", "").isalnum():
                    raise ValueError(f"bad table name {table!r}")
                con.execute(
                    f'CREATE OR REPLACE TABLE main."{table}" AS SELECT * FROM build.main."{table}"'
                )
            con.execute("COMMIT")
        except BaseException:
            con.execute("ROLLBACK")
            raise
        con.execute("DETACH build")
    finally:
        con.close()
    build.unlink(missing_ok=True)
    bf.origin_path(build).unlink(missing_ok=True)
    return tables
