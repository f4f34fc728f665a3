"""The shared base of the dashboard's reads: where the published warehouse is, cached
read-only queries of it, the sidebar filters and the pieces several pages' SQL shares.

Every read opens a short-lived `read_only=True` connection and closes it before returning (DuckDB
reuses an open handle per path within a process, and an open reader would block the next publish).
Results are cached with `st.cache_data`, keyed on the file's path *and* its inode, mtime and size,
so a newly published warehouse (an `os.replace` over the path) is read on the next rerun.
Connections are never cached (`st.cache_resource` would pin the old file and lock out the refresh).

Values from the user (filters, a model id) reach SQL only as `?` parameters. Queries that several
filters narrow bind them all once, in a one-row `params` CTE, so every `?` appears once.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from pathlib import Path

import duckdb
import polars as pl
import streamlit as st

from pipelines.lib.settings import warehouse_path
from pipelines.lib.sql import load_sql
from pipelines.lib.tables import table, table_names
from pipelines.lib.trends import fits
from pipelines.lib.trends.defaults import SIZE_CLASSES as SIZE_CLASS_BOUNDS
from pipelines.lib.trends.defaults import size_class_range

CACHE_TTL_SECONDS = 600


# The public tables the dashboard reads: the registry's (names fixed in code, never from input).
TABLES = tuple(table_names())


# The public columns of `models`, in warehouse order (the registry's): what the downloads contain.
MODEL_COLUMNS = tuple(table("models").columns)


# Size classes by total parameters: name -> range, as the sidebar explains them.
SIZE_CLASSES = {name: size_class_range(lo, hi) for name, lo, hi in SIZE_CLASS_BOUNDS} | {
    "Unknown": "undisclosed"
}


OPEN_WEIGHTS = ("open", "closed", "unstated")


@dataclasses.dataclass(frozen=True)
class ModelFilters:
    """What the shared sidebar (and the Explorer's search box) narrow `models` to.
    Empty tuples and None mean "no restriction". `params()` are the values the `filtered_models`
    fragment binds, in its order (the size classes of `defaults.SIZE_CLASSES` last)."""

    search: str | None = None
    organizations: tuple[str, ...] = ()
    released_from: dt.date | None = None
    released_to: dt.date | None = None
    open_weights: str | None = None  # one of OPEN_WEIGHTS
    architectures: tuple[str, ...] = ()
    size_classes: tuple[str, ...] = ()

    def params(self) -> tuple:
        search = (self.search or "").strip() or None
        return (
            search,
            list(self.organizations),
            self.released_from,
            self.released_to,
            self.open_weights,
            list(self.architectures),
            list(self.size_classes),
            [name for name, _, _ in SIZE_CLASS_BOUNDS],  # what the size classes are
            [upper for _, _, upper in SIZE_CLASS_BOUNDS],
        )


NO_FILTERS = ModelFilters()


_PLACEHOLDER = re.compile(r"\{\{\s*(\w+)\s*\}\}")


def load_query(name: str, **values: str) -> str:
    """The query in `sql/<name>.sql`, each `{{ key }}` in it replaced by `values[key]` (a table
    name the code chooses, never user input) or else by the fragment `sql/fragments/<key>.sql`,
    itself composed the same way. User values reach SQL only as `?` parameters."""

    def fill(match: re.Match) -> str:
        key = match.group(1)
        return values[key] if key in values else load_query(f"fragments/{key}", **values)

    return _PLACEHOLDER.sub(fill, load_sql(__file__, name))


def search_key(text: str) -> str:
    """`text` lower-cased with everything but ASCII letters and digits removed."""
    return re.sub(r"[^a-z0-9]+", "", text.lower())


# How a model matched a search, best first (the `search_rank` column).
SEARCH_RANKS = {
    0: "the whole name or id",
    1: "the start of a name",
    2: "part of a name",
    3: "every word of the search in a name",
    4: "the organization",
}


_ORGANIZATIONS_SQL = load_sql(__file__, "base_organizations")


_RELEASE_RANGE_SQL = "SELECT min(release_date) AS first, max(release_date) AS last FROM models"


_LATEST_RELEASE_SQL = "SELECT max(release_date) FROM models"


def published_path() -> Path:
    """The warehouse file readers open (`ATLAS_WAREHOUSE`, default `warehouse/atlas.duckdb`)."""
    return warehouse_path()


def _version(path: Path) -> tuple[int, int, int] | None:
    """Part of every cache key: a publish `os.replace`s the file, so its inode, modification
    time and size change. None when there is no file."""
    try:
        stat = path.stat()
    except FileNotFoundError:
        return None
    return stat.st_ino, stat.st_mtime_ns, stat.st_size


@st.cache_data(ttl=CACHE_TTL_SECONDS, show_spinner=False, max_entries=500)
def _read(path: str, version: tuple | None, sql: str, params: tuple) -> pl.DataFrame:
    """Run one parameterised query on a fresh read-only connection. `version` is unused in the
    body: it is there so a newly published file is a cache miss."""
    del version
    con = duckdb.connect(path, read_only=True)
    try:
        return con.sql(sql, params=list(params) if params else None).pl()
    finally:
        con.close()


def _query(sql: str, params: tuple = ()) -> pl.DataFrame:
    path = published_path()
    return _read(str(path), _version(path), sql, params)


@st.cache_data(ttl=CACHE_TTL_SECONDS, show_spinner=False)
def _problem(path: str, version: tuple | None) -> str | None:
    del version
    if not Path(path).is_file():
        return "missing"
    try:
        con = duckdb.connect(path, read_only=True)
    except duckdb.Error as exc:
        return f"cannot be opened read-only ({type(exc).__name__}: {exc})"
    try:
        have = {
            row[0]
            for row in con.sql(
                "SELECT table_name FROM information_schema.tables WHERE table_schema = 'main'"
            ).fetchall()
        }
    finally:
        con.close()
    missing = [t for t in TABLES if t not in have]
    return f"has no table {', '.join(missing)}" if missing else None


def warehouse_problem() -> str | None:
    """None when the published warehouse opens and holds the tables the dashboard reads;
    otherwise `"missing"` or a sentence saying what is wrong."""
    path = published_path()
    return _problem(str(path), _version(path))


def warehouse_built_at() -> dt.datetime | None:
    """When the published file was last written (its mtime, UTC): the last successful build."""
    try:
        mtime = published_path().stat().st_mtime
    except FileNotFoundError:
        return None
    return dt.datetime.fromtimestamp(mtime, tz=dt.UTC)


def warehouse_bytes() -> bytes:
    """The whole published DuckDB file, for the download button (called only on click)."""
    return published_path().read_bytes()


def load_organizations() -> pl.DataFrame:
    """Every organisation named in `models` (multi-organisation rows split), most models first."""
    return _query(_ORGANIZATIONS_SQL)


def load_release_range() -> tuple[dt.date | None, dt.date | None]:
    """(oldest, newest) `release_date` in `models`."""
    first, last = _query(_RELEASE_RANGE_SQL).row(0)
    return first, last


def load_latest_release_date() -> dt.date | None:
    """The newest `release_date` in `models`: the date the data speaks for."""
    frame = _query(_LATEST_RELEASE_SQL)
    return frame.item() if frame.height else None


@dataclasses.dataclass(frozen=True)
class Trend:
    """An exponential trend through record-holders (or any dated series), as drawn and told.

    `line` has release_date, value (the trend line), value_low and value_high (its 95 % band from
    the bootstrap lines). `published` says whether the numbers are the warehouse's
    (`frontier_trend`, `cost_trend`, `growth_rates`) or fitted here with the same function."""

    n_points: int
    fitted: bool
    published: bool
    fold_change_per_year: float | None = None
    fold_ci_low: float | None = None
    fold_ci_high: float | None = None
    halving_time_months: float | None = None
    doubling_time_months: float | None = None
    time_ci_low_months: float | None = None
    time_ci_high_months: float | None = None
    target: float | None = None
    forecast_date: dt.date | None = None
    forecast_low: dt.date | None = None
    forecast_high: dt.date | None = None
    line: pl.DataFrame | None = None
    min_points: int = fits.MIN_POINTS_TREND


_COVERAGE_SQL = load_sql(__file__, "base_coverage")


def load_data_span() -> dict:
    """What the warehouse speaks for: releases_from / releases_to (oldest and newest
    `models.release_date`), the newest upstream snapshot (snapshot_date: the latest
    `claims.as_of_date` of an upstream source, the day its data speaks for; snapshot_source:
    which) and built_at (the
    last build, `build_manifest`, UTC)."""
    return _query(_COVERAGE_SQL).row(0, named=True)
