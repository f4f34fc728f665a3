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
from pipelines.lib.tables import table_names
from pipelines.lib.trends import fits
from pipelines.lib.trends.defaults import SIZE_CLASSES as SIZE_CLASS_BOUNDS
from pipelines.lib.trends.defaults import size_class_range

CACHE_TTL_SECONDS = 600


# The public tables the dashboard reads: the registry's (names fixed in code, never from input).
TABLES = tuple(table_names())


# The public columns of `models`, in warehouse order: what the downloads contain.
MODEL_COLUMNS = (
    "model_id",
    "name",
    "organization",
    "release_date",
    "architecture",
    "params_total",
    "params_active",
    "params_active_method",
    "training_tokens",
    "training_compute_flop",
    "compute_method",
    "context_window",
    "open_weights",
    "mmlu",
    "price_usd_per_1m_input_tokens",
    "price_usd_per_1m_output_tokens",
    "price_as_of_date",
    "training_cost_usd",
    "base_model_id",
    "source_file",
)


# Size classes by total parameters: name -> range, as the sidebar explains them.
SIZE_CLASSES = {name: size_class_range(lo, hi) for name, lo, hi in SIZE_CLASS_BOUNDS} | {
    "Unknown": "undisclosed"
}


OPEN_WEIGHTS = ("open", "closed", "unstated")


@dataclasses.dataclass(frozen=True)
class ModelFilters:
    """What the shared sidebar (and the Explorer's search box) narrow `models` to.
    Empty tuples and None mean "no restriction"."""

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
        )


NO_FILTERS = ModelFilters()


# Size classes from `defaults.SIZE_CLASSES` (upper bounds exclusive), as `size_classes` draws them.
_SIZE_CASES = "\n                ".join(
    [f"WHEN params_total < {upper!r} THEN '{name}'" for name, _, upper in SIZE_CLASS_BOUNDS[:-1]]
    + [f"ELSE '{SIZE_CLASS_BOUNDS[-1][0]}'"]
)


# A name's search key: lower case, letters and digits only, so spaces, hyphens, dots and case
# don't count ("DeepSeek-V3", "deepseek v3" -> "deepseekv3"). `search_key` is the same in Python.
_KEY = "regexp_replace(lower({}), '[^a-z0-9]+', '', 'g')"


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


# `models` with display helpers, narrowed by the filters bound in `params`. Size classes by total
# parameters; organisations are comma-separated lists ("Google,Stanford"), matched one by one.
_FILTERED_MODELS_CTE = f"""
params AS (
    SELECT CAST(? AS VARCHAR) AS search, CAST(? AS VARCHAR[]) AS orgs,
           CAST(? AS DATE) AS released_from, CAST(? AS DATE) AS released_to,
           CAST(? AS VARCHAR) AS weights, CAST(? AS VARCHAR[]) AS archs,
           CAST(? AS VARCHAR[]) AS sizes
),
labelled AS (
    SELECT m.*,
           CASE WHEN params_total IS NULL THEN 'Unknown'
                {_SIZE_CASES} END AS size_class,
           CASE open_weights WHEN true THEN 'Open weights' WHEN false THEN 'Closed weights'
                ELSE 'Not stated' END AS weights_label,
           replace(organization, ',', ', ') AS organization_label,
           list_transform(string_split(organization, ','), lambda o: trim(o)) AS organizations
    FROM models AS m
),
search_query AS (  -- the search as a key (`search_key`) and as key tokens
    SELECT {_KEY.format("search")} AS key,
           list_filter(regexp_split_to_array(lower(search), '[^a-z0-9]+'), lambda t: t <> '')
               AS tokens
    FROM params WHERE search IS NOT NULL
),
search_names AS (  -- every name a model goes by: its name, its id, each source's name for it
    SELECT model_id, {_KEY.format("name")} AS key FROM models
    UNION SELECT model_id, {_KEY.format("model_id")} FROM models
    UNION SELECT model_id, {_KEY.format("source_record")} FROM claims
        WHERE source_record IS NOT NULL AND EXISTS (FROM search_query)
),
search_ranked AS (
    SELECT n.model_id, len(n.key) - len(q.key) AS gap,
           CASE WHEN n.key = q.key THEN 0
                    WHEN starts_with(n.key, q.key) THEN 1
                    WHEN contains(n.key, q.key) THEN 2
                    WHEN len(q.tokens) > 0
                         AND list_bool_and(list_transform(q.tokens, lambda t: contains(n.key, t)))
                        THEN 3 END AS search_rank
    FROM search_names AS n, search_query AS q
    WHERE q.key <> ''
),
search_matches AS (  -- each model's best match: its rank (`SEARCH_RANKS`), then the closest name
    SELECT model_id, min(search_rank) AS search_rank,
           arg_min(gap, [search_rank, gap]) AS search_gap
    FROM search_ranked WHERE search_rank IS NOT NULL
    GROUP BY model_id
),
filtered AS (
    SELECT l.* EXCLUDE (organizations),
           coalesce(s.search_rank,
                    CASE WHEN contains(lower(l.name), lower(p.search)) THEN 2  -- "_", "+"
                         WHEN contains(lower(l.organization), lower(p.search)) THEN 4 END)
               AS search_rank,
           s.search_gap
    FROM labelled AS l CROSS JOIN params AS p LEFT JOIN search_matches AS s USING (model_id)
    WHERE (p.search IS NULL
           OR s.search_rank IS NOT NULL
           OR contains(lower(l.name), lower(p.search))
           OR contains(lower(l.organization), lower(p.search)))
      AND (len(p.orgs) = 0 OR list_has_any(l.organizations, p.orgs))
      AND (p.released_from IS NULL OR l.release_date >= p.released_from)
      AND (p.released_to IS NULL OR l.release_date <= p.released_to)
      AND (p.weights IS NULL
           OR (p.weights = 'open' AND l.open_weights IS TRUE)
           OR (p.weights = 'closed' AND l.open_weights IS FALSE)
           OR (p.weights = 'unstated' AND l.open_weights IS NULL))
      AND (len(p.archs) = 0 OR list_contains(p.archs, l.architecture))
      AND (len(p.sizes) = 0 OR list_contains(p.sizes, l.size_class))
)
"""


_MODEL_PAGE = "'./model?model=' || url_encode(model_id)"


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


# Scores a frontier is computed from: for MMLU the resolved 5-shot score of `models` (what
# `frontier_smallest_model` uses), for any other benchmark `benchmark_scores`. Parameter counts
# the source labels Speculative cannot set a record (as in `trends.mmlu_frontier_inputs`).
# One protocol per chart: a benchmark's scores at its most common shot count (curated scores
# at other counts are left out, and the pages say how many).
def _protocol_cte(table: str) -> str:
    """`protocol`: per benchmark of `table`, the stated shot count with the most scores (ties:
    the fewest shots; an unstated count only when no score states one: it is no protocol to
    compare like with like) and how many scores sit at other counts."""
    return f"""protocol AS (
    SELECT benchmark, shots, n, sum(n) OVER (PARTITION BY benchmark) - n AS other_shots_scores
    FROM (SELECT benchmark, shots, count(*) AS n FROM {table} GROUP BY ALL)
    QUALIFY row_number() OVER (PARTITION BY benchmark ORDER BY shots IS NULL, n DESC, shots) = 1
)"""


_PROTOCOL_CTE = _protocol_cte("benchmark_scores")


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
