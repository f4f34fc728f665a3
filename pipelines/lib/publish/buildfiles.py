"""What a build writes beside the published warehouse, and how a build starts and fails cleanly.

- A build starts from a *verified* copy of the published file or from scratch, and says which:
  the published file is opened read-only and every table in it read to the end (DuckDB checks
  each block's checksum as it reads), before a byte is copied. A file that fails is never
  copied: the build starts empty (every asset writes its own tables anyway) and the reason is
  recorded beside the build file (`<build>.origin`), then shown in the run's metadata.
- A failed run removes what it wrote (its build file, WAL, partial `.copy`, `.origin`), at the
  first failed step, not six hours later, and leaves a zero-byte `<build>.failed` mark so the
  run's later steps do not start a new copy; the next build sweeps the marks.
- Files written beside the warehouse (CHANGELOG.md, report/) go through temporary names unique to
  each writer, so two builds at once never remove each other's work; the later publish wins.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path

import duckdb

BUILD_SUFFIXES = ("", ".wal", ".copy", ".copy.wal", ".origin")


def verify_published(published: Path) -> str:
    """Empty when `published` opens read-only and every table reads to the end; else why not."""
    try:
        con = duckdb.connect(str(published), read_only=True)
    except Exception as exc:  # noqa: BLE001 - any failure to open is the finding
        return f"does not open ({str(exc).splitlines()[0][:200]})"
    try:
        tables = [
            r[0]
            for r in con.execute(
                "SELECT table_name FROM information_schema.tables WHERE table_schema = 'main'"
            ).fetchall()
        ]
        for table in tables:
            if not table.replace("_", "").isalnum():
                return f"unexpected table name {table!r}"
            con.sql(f'SELECT * FROM "{table}"').pl()  # every block read: checksums checked
    except Exception as exc:  # noqa: BLE001
        return f"does not read ({str(exc).splitlines()[0][:200]})"
    finally:
        con.close()
    return ""


def origin_path(build: Path) -> Path:
    return build.with_name(build.name + ".origin")


def failed_mark(build: Path) -> Path:
    return build.with_name(build.name + ".failed")


def record_origin(build: Path, text: str) -> None:
    origin_path(build).write_text(text + "\n", encoding="utf-8")


def read_origin(build: Path) -> str:
    """How this run's build file started (see `record_origin`), or '' if unknown."""
    try:
        return origin_path(build).read_text(encoding="utf-8").strip()
    except OSError:
        return ""


def discard_build(build: Path) -> list[Path]:
    """Remove a failed run's build file and everything beside it; mark the run failed so its
    remaining steps do not start a new copy. Returns what was removed."""
    from pipelines.lib.publish.warehouse import release

    release(build)  # a held connection closed first, so nothing writes the files again
    removed = []
    for suffix in BUILD_SUFFIXES:
        path = build.with_name(build.name + suffix)
        with contextlib.suppress(FileNotFoundError):
            path.unlink()
            removed.append(path)
    with contextlib.suppress(OSError):  # a full disk still has room for an empty file's inode
        failed_mark(build).touch()
    return removed


def write_text_atomic(path: Path, text: str) -> None:
    """Write `path` whole or not at all, through a temporary name no other writer uses."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(text)
        os.chmod(name, 0o644)
        os.replace(name, path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(name)
        raise
