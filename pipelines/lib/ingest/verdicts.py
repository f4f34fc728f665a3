"""Verdicts of the per-file rules, kept on disk under the hash of what decides them.

A record's per-record verdict (`records.py`: parse, pydantic, cross-field rules, the file name)
depends only on its bytes, the name it is shown under, the code and the date (a release date or
price date in the future). So an *accepted* verdict is stored under sha256(code, shown name,
bytes) with the day it was reached, and reused on any later day (a date that was not in the
future then is not now); a rejected file is always read again, so its messages are always
fresh. A reference file (`aliases.yaml`, ...) is stored only when it passed its loader's
checks, under sha256(code, loader, path, bytes). The table-level rules (pandera over all
records, `base_model` references) always run on the assembled table.

Storage: one SQLite file (`.dagster/cache/verdicts.sqlite`, git-ignored), shared by processes
(WAL, busy timeout); a verdict not used for 30 days is dropped. The cache only ever saves work:
when it cannot be opened, read or written, every file is checked in full.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import importlib.util
import sqlite3
import sys
from collections.abc import Iterable
from functools import cache
from pathlib import Path

from pipelines.lib.settings import RESULT_CACHE_DIR

CACHE_FILE = RESULT_CACHE_DIR / "verdicts.sqlite"
KEEP_DAYS = 30
SCHEMA_VERSION = 1  # of the `verdicts` table; a file with another is emptied
# The modules whose source decides a verdict (any edit to them invalidates every verdict).
RECORD_MODULES = (
    "pipelines.lib.ingest.records",
    "pipelines.lib.ingest.units",
    "pipelines.lib.ingest.dataset",
    "pipelines.lib.ingest.record_files",
    "pipelines.lib.ingest.verdicts",
)
REFERENCE_MODULES = (
    "pipelines.lib.ingest.records",
    "pipelines.lib.ingest.aliases",
    "pipelines.lib.staging.plausibility.resolutions",
    "pipelines.lib.staging.claims",
    "pipelines.lib.upstream.manifest",
    "pipelines.lib.ingest.verdicts",
)


@cache
def code_version(modules: tuple[str, ...]) -> bytes:
    """sha256 of the modules' source and the parsing libraries' versions."""
    import pydantic
    import yaml

    digest = hashlib.sha256(f"{sys.version}|{pydantic.VERSION}|{yaml.__version__}".encode())
    for name in modules:  # found, not imported: a helper process need not import the table code
        digest.update(Path(importlib.util.find_spec(name).origin).read_bytes())
    return digest.digest()


def record_key(shown: str, data: bytes) -> str:
    digest = hashlib.sha256(code_version(RECORD_MODULES))
    digest.update(shown.encode("utf-8", "surrogateescape") + b"\0")
    digest.update(data)
    return "r" + digest.hexdigest()


def reference_key(check: str, path: Path, data: bytes) -> str:
    digest = hashlib.sha256(code_version(REFERENCE_MODULES))
    digest.update(f"{check}\0{path}\0".encode("utf-8", "surrogateescape"))
    digest.update(data)
    return "f" + digest.hexdigest()


class VerdictCache:
    """Look up many verdicts at once, then store the new ones (`close` writes)."""

    def __init__(self, path: Path = CACHE_FILE, today: dt.date | None = None):
        self.today = (today or dt.date.today()).isoformat()
        self.new: dict[str, tuple[str, str]] = {}
        self.used: list[str] = []
        self.con: sqlite3.Connection | None = None
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            con = sqlite3.connect(path, timeout=30, isolation_level=None)
            con.execute("PRAGMA journal_mode=WAL")
            con.execute("PRAGMA synchronous=NORMAL")
            if con.execute("PRAGMA user_version").fetchall() != [(SCHEMA_VERSION,)]:
                con.execute("DROP TABLE IF EXISTS verdicts")  # a file an older layout wrote
                con.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
            con.execute(
                "CREATE TABLE IF NOT EXISTS verdicts "
                "(key TEXT PRIMARY KEY, checked TEXT, used TEXT, value TEXT, extra TEXT)"
            )
            self.con = con
        except (sqlite3.Error, OSError):
            self.con = None

    def get_many(self, keys: Iterable[str], extra: bool = True) -> dict[str, tuple[str, str]]:
        """{key: (value, extra)} for the keys known and reached on or before today (`extra`
        False: the extra part is not read, and is given as "")."""
        if self.con is None:
            return {}
        more = "v.extra" if extra else "''"
        try:
            self.con.execute("CREATE TEMP TABLE IF NOT EXISTS want (key TEXT PRIMARY KEY)")
            self.con.execute("DELETE FROM want")
            self.con.executemany("INSERT OR IGNORE INTO want VALUES (?)", ((k,) for k in keys))
            rows = self.con.execute(
                f"SELECT v.key, v.value, {more} "
                "FROM verdicts v JOIN want w ON v.key = w.key WHERE v.checked <= ?",
                (self.today,),
            ).fetchall()
            found = {key: (value, more) for key, value, more in rows}
        except sqlite3.Error:
            return {}
        self.used.extend(found)
        return found

    def put(self, key: str, value: str, extra: str = "") -> None:
        self.new[key] = (value, extra)

    def _insert_new(self) -> None:
        self.con.executemany(
            "INSERT OR REPLACE INTO verdicts VALUES (?, ?, ?, ?, ?)",
            ((k, self.today, self.today, v, x) for k, (v, x) in self.new.items()),
        )

    def flush(self) -> None:
        """Store the new verdicts so far, in one short transaction (a failed write leaves the
        cache as it was: it only ever saves work)."""
        if self.con is None or not self.new:
            return
        try:
            self.con.execute("BEGIN IMMEDIATE")
            self._insert_new()
            self.con.execute("COMMIT")
        except sqlite3.Error:
            with contextlib.suppress(sqlite3.Error):
                self.con.execute("ROLLBACK")
        self.new.clear()

    def close(self) -> None:
        """Store the new verdicts, mark the used ones, drop the long-unused ones."""
        if self.con is None:
            return
        cutoff = (dt.date.fromisoformat(self.today) - dt.timedelta(days=KEEP_DAYS)).isoformat()
        try:
            self.con.execute("BEGIN IMMEDIATE")
            self._insert_new()
            if self.used:  # the keys looked up are still in the temporary table `want`
                self.con.execute(
                    "UPDATE verdicts SET used = ? WHERE used < ? AND key IN (SELECT key FROM want)",
                    (self.today, self.today),
                )
            self.con.execute("DELETE FROM verdicts WHERE used < ?", (cutoff,))
            self.con.execute("COMMIT")
        except sqlite3.Error:
            pass  # closing rolls the unfinished transaction back: the verdicts stay as they were
        finally:
            self.con.close()
            self.con = None
