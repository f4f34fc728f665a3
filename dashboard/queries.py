"""Cached reads of the published warehouse: the only place the dashboard talks to DuckDB.

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
import io
from pathlib import Path
from urllib.parse import quote

import duckdb
import numpy as np
import polars as pl
import streamlit as st
import yaml

from pipelines.lib.settings import raw_dir, warehouse_path
from pipelines.lib.trends import fits, scaling
from pipelines.lib.trends import trend_lines as trends

CACHE_TTL_SECONDS = 600
MANIFEST_MAX_BYTES = 1_000_000  # a MANIFEST is a few kB; refuse anything absurd

# The public tables the dashboard reads (names are fixed here, never taken from input).
TABLES = (
    "models",
    "frontier_smallest_model",
    "sources",
    "claims",
    "conflicts",
    "unmatched_names",
    "upstream_errata",
    "upstream_revisions",
    "suspicious_values",
    "coverage",
    "rejects",
    "benchmark_scores",
    "compute_optimal",
    "compute_optimal_allocation",
    "compute_optimal_by_fit",
    "scaling_law_fits",
    "capability_fits",
    "capability_curves",
    "growth_rates",
    "frontier_trend",
    "cost_frontier",
    "cost_trend",
    "size_classes",
    "serving_memory",
    "emergence_points",
    "changelog",
    "build_manifest",
)

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
SIZE_CLASSES = {
    "Tiny": "< 1B",
    "Small": "1–10B",
    "Medium": "10–70B",
    "Large": "70–200B",
    "Massive": "≥ 200B",
    "Unknown": "undisclosed",
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

# `models` with display helpers, narrowed by the filters bound in `params`. Size classes by total
# parameters; organisations are comma-separated lists ("Google,Stanford"), matched one by one.
_FILTERED_MODELS_CTE = """
params AS (
    SELECT CAST(? AS VARCHAR) AS search, CAST(? AS VARCHAR[]) AS orgs,
           CAST(? AS DATE) AS released_from, CAST(? AS DATE) AS released_to,
           CAST(? AS VARCHAR) AS weights, CAST(? AS VARCHAR[]) AS archs,
           CAST(? AS VARCHAR[]) AS sizes
),
labelled AS (
    SELECT m.*,
           CASE WHEN params_total IS NULL THEN 'Unknown'
                WHEN params_total < 1e9 THEN 'Tiny'
                WHEN params_total < 1e10 THEN 'Small'
                WHEN params_total < 7e10 THEN 'Medium'
                WHEN params_total < 2e11 THEN 'Large'
                ELSE 'Massive' END AS size_class,
           CASE open_weights WHEN true THEN 'Open weights' WHEN false THEN 'Closed weights'
                ELSE 'Not stated' END AS weights_label,
           replace(organization, ',', ', ') AS organization_label,
           list_transform(string_split(organization, ','), lambda o: trim(o)) AS organizations
    FROM models AS m
),
filtered AS (
    SELECT l.* EXCLUDE (organizations)
    FROM labelled AS l, params AS p
    WHERE (p.search IS NULL
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

_MODELS_SQL = f"""
WITH {_FILTERED_MODELS_CTE}
SELECT model_id, name, organization, release_date, architecture, params_total, params_active,
       params_active_method, training_tokens, training_compute_flop, compute_method,
       context_window, open_weights, mmlu,
       price_usd_per_1m_input_tokens, price_usd_per_1m_output_tokens, price_as_of_date,
       training_cost_usd, base_model_id, source_file,
       training_compute_flop / 1e21 AS training_compute_zflop,
       size_class, weights_label, organization_label, {_MODEL_PAGE} AS model_page
FROM filtered
ORDER BY release_date DESC NULLS LAST, name
"""

_NEWEST_SQL = f"""
WITH {_FILTERED_MODELS_CTE}
SELECT model_id, name, organization_label AS organization, release_date, params_total,
       training_compute_flop / 1e21
       AS training_compute_zflop, mmlu, open_weights, {_MODEL_PAGE} AS model_page
FROM filtered
ORDER BY release_date DESC NULLS LAST, name
LIMIT ?
"""

_COUNTS_SQL = f"""
WITH {_FILTERED_MODELS_CTE}
SELECT count(*) AS models,
       count(mmlu) AS with_mmlu,
       count(*) FILTER (WHERE open_weights) AS open_weights,
       count(training_compute_flop) AS with_compute,
       (SELECT count(DISTINCT trim(o)) FROM filtered, unnest(string_split(organization, ','))
        AS t(o)) AS organizations,
       (SELECT count(*) FROM models) AS all_models
FROM filtered
"""

_COMPUTE_SQL = f"""
WITH {_FILTERED_MODELS_CTE}
SELECT f.model_id, f.name, f.organization_label AS organization, f.release_date,
       f.training_compute_flop,
       f.compute_method, f.weights_label, f.params_total, s.citation AS source,
       s.source AS source_dataset, s.confidence
FROM filtered AS f
LEFT JOIN sources AS s ON s.model_id = f.model_id AND s.field = 'training_compute_flop'
WHERE f.training_compute_flop IS NOT NULL
ORDER BY f.release_date, f.name
"""

_TOKENS_PER_PARAM_SQL = f"""
WITH {_FILTERED_MODELS_CTE}
SELECT f.model_id, f.name, f.organization_label AS organization, f.release_date, f.size_class,
       c.params_active, c.training_tokens, c.tokens_per_param, c.chinchilla_ratio,
       s.citation AS source, f.base_model_id
FROM filtered AS f
JOIN compute_optimal AS c USING (model_id)
LEFT JOIN sources AS s ON s.model_id = f.model_id AND s.field = 'training_tokens'
WHERE c.tokens_per_param IS NOT NULL
ORDER BY f.release_date, f.name
"""

_FILTERED_COUNT_SQL = f"WITH {_FILTERED_MODELS_CTE} SELECT count(*) AS n FROM filtered"

_ORGANIZATIONS_SQL = """
SELECT trim(o) AS organization, count(*) AS models
FROM models, unnest(string_split(organization, ',')) AS t(o)
GROUP BY 1
ORDER BY models DESC, organization
"""

_RELEASE_RANGE_SQL = "SELECT min(release_date) AS first, max(release_date) AS last FROM models"

_FRONTIER_SQL = f"""
SELECT benchmark, threshold, basis, model_id, name, organization, release_date, params, score,
       source, params_source, {_MODEL_PAGE} AS model_page
FROM frontier_smallest_model
WHERE benchmark = ?
  AND (CAST(? AS DOUBLE) IS NULL OR threshold = CAST(? AS DOUBLE))
  AND (CAST(? AS VARCHAR) IS NULL OR basis = CAST(? AS VARCHAR))
ORDER BY basis, threshold, release_date, params
"""

_FRONTIER_THRESHOLDS_SQL = """
SELECT DISTINCT threshold FROM frontier_smallest_model WHERE benchmark = ? ORDER BY threshold
"""

_LATEST_RELEASE_SQL = "SELECT max(release_date) FROM models"

# ----------------------------------------------------------------------------- one model

_MODEL_CHOICES_SQL = """
SELECT m.model_id, m.name, replace(m.organization, ',', ', ') AS organization, m.release_date,
       (SELECT count(*) FROM claims AS c WHERE c.model_id = m.model_id) AS claims
FROM models AS m
ORDER BY m.name, m.model_id
"""

_MODEL_SQL = """
SELECT model_id, name, organization, release_date, architecture, params_total, params_active,
       params_active_method, training_tokens, training_compute_flop, compute_method,
       context_window, open_weights, mmlu,
       price_usd_per_1m_input_tokens, price_usd_per_1m_output_tokens, price_as_of_date,
       training_cost_usd, base_model_id, source_file
FROM models WHERE model_id = ?
"""

# Every non-null value of one model, long form, each with the citation that backs it, in the
# reading order of `fields` (the second parameter).
_MODEL_VALUES_SQL = """
WITH params AS (SELECT CAST(? AS VARCHAR) AS id, CAST(? AS VARCHAR[]) AS fields),
m AS (SELECT models.* FROM models, params WHERE model_id = params.id),
numbers AS (
    UNPIVOT (
        SELECT model_id, params_total, params_active, training_tokens, training_compute_flop,
               CAST(context_window AS DOUBLE) AS context_window, mmlu,
               price_usd_per_1m_input_tokens, price_usd_per_1m_output_tokens, training_cost_usd
        FROM m)
    ON COLUMNS(* EXCLUDE (model_id)) INTO NAME field VALUE value
),
texts AS (
    UNPIVOT (
        SELECT model_id, replace(organization, ',', ', ') AS organization,
               CAST(release_date AS VARCHAR) AS release_date,
               architecture,
               CASE open_weights WHEN true THEN 'yes' WHEN false THEN 'no' END AS open_weights,
               params_active_method, compute_method,
               CAST(price_as_of_date AS VARCHAR) AS price_as_of_date, base_model_id, source_file
        FROM m)
    ON COLUMNS(* EXCLUDE (model_id)) INTO NAME field VALUE text
),
vals AS (
    SELECT model_id, field, value, CAST(NULL AS VARCHAR) AS text FROM numbers
    UNION ALL
    SELECT model_id, field, CAST(NULL AS DOUBLE), text FROM texts
)
SELECT v.field, v.value, v.text, s.citation, s.source, s.method, s.confidence,
       (SELECT count(*) FROM claims AS c WHERE c.model_id = v.model_id AND c.field = v.field)
           AS claims,
       (SELECT count(*) FROM conflicts AS k WHERE k.model_id = v.model_id AND k.field = v.field)
           AS conflicts
FROM vals AS v, params AS p
LEFT JOIN sources AS s ON s.model_id = v.model_id AND s.field = v.field
ORDER BY coalesce(list_position(p.fields, v.field), 1000), v.field
"""

# Every claim about one model. status: `used` (the claim `models` took), `disagrees` (listed in
# `conflicts`), `agrees` (within tolerance of the value used).
_MODEL_CLAIMS_SQL = """
WITH params AS (SELECT CAST(? AS VARCHAR) AS id, CAST(? AS VARCHAR[]) AS fields),
-- The values the warehouse used: a claim is `used` only when its source, citation AND value
-- are the resolved ones (one source can make several claims with one citation: two runs of a
-- repo on a leaderboard).
used_values AS (
    UNPIVOT (
        SELECT model_id, params_total, params_active, training_tokens, training_compute_flop,
               CAST(context_window AS DOUBLE) AS context_window, mmlu,
               price_usd_per_1m_input_tokens, price_usd_per_1m_output_tokens, training_cost_usd
        FROM models, params WHERE model_id = params.id)
    ON COLUMNS(* EXCLUDE (model_id)) INTO NAME field VALUE value
    UNION ALL
    SELECT b.model_id, b.benchmark, b.score FROM benchmark_scores AS b, params
    WHERE b.model_id = params.id
),
disagreeing AS (
    SELECT DISTINCT model_id, field, source_other, citation_other, value_other, difference,
           difference_kind
    FROM conflicts, params WHERE model_id = params.id
)
SELECT c.field, c.value, c.unit, c.source, c.citation, c.method, c.confidence, c.as_of_date,
       c.retrieved_date, c.precedence, c.source_record,
       CASE WHEN d.model_id IS NOT NULL THEN 'disagrees'
            WHEN s.source = c.source AND s.citation = c.citation AND EXISTS (
                SELECT 1 FROM used_values AS u WHERE u.field = c.field AND u.value = c.value
            ) THEN 'used'
            -- scores kept side by side (Epoch's Benchmarking Hub): no `sources` row; used when
            -- `benchmark_scores` shows this very score and citation
            WHEN s.model_id IS NULL AND EXISTS (
                SELECT 1 FROM benchmark_scores AS b WHERE b.model_id = c.model_id
                AND b.benchmark = c.field AND b.source = c.citation AND b.score = c.value
            ) THEN 'used'
            ELSE 'agrees' END AS status,
       d.difference, d.difference_kind
FROM claims AS c
JOIN params AS p ON c.model_id = p.id
LEFT JOIN sources AS s ON s.model_id = c.model_id AND s.field = c.field
LEFT JOIN disagreeing AS d
    ON d.model_id = c.model_id AND d.field = c.field AND d.source_other = c.source
   AND d.citation_other = c.citation AND d.value_other = c.value
ORDER BY coalesce(list_position(p.fields, c.field), 1000), c.field, c.precedence, c.source,
         c.citation, c.value
"""

_MODEL_BENCHMARKS_SQL = """
SELECT benchmark, score, shots, source, measured_by, protocol FROM benchmark_scores
WHERE model_id = ? ORDER BY benchmark, shots, measured_by, protocol
"""

# ----------------------------------------------------------------------------- data quality

_REJECTS_SQL = """
SELECT source_file, source_line, model_id, field, reason, "check"
FROM rejects ORDER BY source_file, source_line, field
"""

_CONFLICTS_SQL = """
SELECT k.model_id, m.name, k.field, k.value_chosen, k.source_chosen, k.citation_chosen,
       k.value_other, k.source_other, k.citation_other, k.difference, k.difference_kind,
       './model?model=' || url_encode(k.model_id) AS model_page
FROM conflicts AS k
LEFT JOIN models AS m USING (model_id)
WHERE len(CAST(? AS VARCHAR[])) = 0 OR list_contains(CAST(? AS VARCHAR[]), k.field)
ORDER BY k.field, k.difference DESC, k.model_id
"""

_CONFLICT_FIELDS_SQL = """
SELECT field, count(*) AS conflicts, count(DISTINCT model_id) AS models
FROM conflicts GROUP BY field ORDER BY conflicts DESC, field
"""

_UNMATCHED_SQL = """
SELECT source, name, detail FROM unmatched_names
WHERE len(CAST(? AS VARCHAR[])) = 0 OR list_contains(CAST(? AS VARCHAR[]), source)
ORDER BY source, name
"""

_UNMATCHED_COUNTS_SQL = """
SELECT source, count(*) AS names FROM unmatched_names GROUP BY source ORDER BY names DESC, source
"""

_COVERAGE_SQL = """
SELECT field, year, models, with_value, share, target FROM coverage
ORDER BY field, year NULLS FIRST
"""


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


# ----------------------------------------------------------------------------- models


def load_models(filters: ModelFilters = NO_FILTERS) -> pl.DataFrame:
    """`models` narrowed by `filters`, newest first, plus display helpers: `training_compute_zflop`
    (compute in ZFLOP = 1e21 FLOP: Streamlit's number columns refuse integer-valued numbers above
    2^53, and every float64 above 2^53 is an integer), `size_class`, `weights_label`,
    `organization_label` (joint developers comma-spaced) and `model_page` (a relative link to the
    Model page)."""
    return _query(_MODELS_SQL, filters.params())


def count_models(filters: ModelFilters = NO_FILTERS) -> int:
    return _query(_FILTERED_COUNT_SQL, filters.params()).item()


def load_newest_releases(filters: ModelFilters = NO_FILTERS, limit: int = 10) -> pl.DataFrame:
    """The `limit` most recent releases (after `filters`), newest first."""
    return _query(_NEWEST_SQL, (*filters.params(), int(limit)))


def load_model_counts(filters: ModelFilters = NO_FILTERS) -> dict[str, int]:
    """Headline counts over the filtered models: models, with_mmlu, open_weights, with_compute,
    organizations (each listed organisation counted once), and all_models (unfiltered)."""
    return _query(_COUNTS_SQL, filters.params()).row(0, named=True)


def load_compute_points(filters: ModelFilters = NO_FILTERS) -> pl.DataFrame:
    """Models with a training compute value, each with the citation of that value."""
    return _query(_COMPUTE_SQL, filters.params())


def load_tokens_per_param(filters: ModelFilters = NO_FILTERS) -> pl.DataFrame:
    """`compute_optimal` rows with a tokens-per-parameter ratio, with the citation of the tokens
    and `base_model_id` (set for fine-tunes, whose tokens are fine-tuning data)."""
    return _query(_TOKENS_PER_PARAM_SQL, filters.params())


def load_organizations() -> pl.DataFrame:
    """Every organisation named in `models` (multi-organisation rows split), most models first."""
    return _query(_ORGANIZATIONS_SQL)


def load_release_range() -> tuple[dt.date | None, dt.date | None]:
    """(oldest, newest) `release_date` in `models`."""
    first, last = _query(_RELEASE_RANGE_SQL).row(0)
    return first, last


# A spreadsheet reads a cell starting with one of these as a formula (OWASP, CSV injection).
_FORMULA_START = r"^[=+\-@\t\r]"


def defuse_formulas(frame: pl.DataFrame) -> pl.DataFrame:
    """`frame` with every text cell that starts with `= + - @`, tab or carriage return prefixed
    by a single quote, as OWASP recommends against CSV injection. Numbers, dates and booleans
    are left alone (a negative number is not text)."""
    return frame.with_columns(
        pl.when(pl.col(c).str.contains(_FORMULA_START))
        .then(pl.lit("'") + pl.col(c))
        .otherwise(pl.col(c))
        .alias(c)
        for c, dtype in frame.schema.items()
        if dtype == pl.String
    )


def models_csv(frame: pl.DataFrame) -> bytes:
    """The public columns of a `load_models` frame as CSV, formula-looking text defused
    (`defuse_formulas`); quoting is polars' (RFC 4180). Floats are written as the shortest
    text that reads back to the same float64, so any `...0000001` is in the value itself."""
    return defuse_formulas(frame.select(MODEL_COLUMNS)).write_csv().encode()


def models_parquet(frame: pl.DataFrame) -> bytes:
    """The public columns of a `load_models` frame as Parquet, values exactly as published.
    Text is not defused here: Parquet keeps column types, and the tools that read it (polars,
    pandas, DuckDB, a spreadsheet's data import) take a string cell as text, never as a formula;
    a quote prefix would only corrupt names for the analysts this format is for."""
    buffer = io.BytesIO()
    frame.select(MODEL_COLUMNS).write_parquet(buffer)
    return buffer.getvalue()


# ----------------------------------------------------------------------------- frontier


def load_frontier_smallest_model(
    benchmark: str = "mmlu", threshold: float | None = None, basis: str | None = None
) -> pl.DataFrame:
    """`frontier_smallest_model` for one benchmark, optionally one threshold and/or one basis
    (`total` | `active`); None means all. Plus `model_page`, a link to the Model page."""
    t = None if threshold is None else float(threshold)
    return _query(_FRONTIER_SQL, (benchmark, t, t, basis, basis))


def load_frontier_thresholds(benchmark: str = "mmlu") -> list[float]:
    """The thresholds present in `frontier_smallest_model` for a benchmark, ascending."""
    return _query(_FRONTIER_THRESHOLDS_SQL, (benchmark,))["threshold"].to_list()


def load_latest_release_date() -> dt.date | None:
    """The newest `release_date` in `models`: the date the data speaks for."""
    frame = _query(_LATEST_RELEASE_SQL)
    return frame.item() if frame.height else None


# ----------------------------------------------------------------------------- one model


def load_model_choices() -> pl.DataFrame:
    """Every model for a picker: model_id, name, organization, release_date, claims (count)."""
    return _query(_MODEL_CHOICES_SQL)


def load_model(model_id: str) -> dict | None:
    """The `models` row of one release as a dict, or None."""
    frame = _query(_MODEL_SQL, (model_id,))
    return frame.row(0, named=True) if frame.height else None


def load_model_values(model_id: str, fields: tuple[str, ...] = ()) -> pl.DataFrame:
    """Every known value of one release, long form (field, value | text), each with its citation,
    source, method, confidence and how many claims and conflicts the field has. Ordered as
    `fields` lists them (others after)."""
    return _query(_MODEL_VALUES_SQL, (model_id, list(fields)))


def load_model_claims(model_id: str, fields: tuple[str, ...] = ()) -> pl.DataFrame:
    """Every claim about one release with its status (`used` | `agrees` | `disagrees`)."""
    return _query(_MODEL_CLAIMS_SQL, (model_id, list(fields)))


def load_model_benchmarks(model_id: str) -> pl.DataFrame:
    return _query(_MODEL_BENCHMARKS_SQL, (model_id,))


# ----------------------------------------------------------------------------- data quality


def load_rejects() -> pl.DataFrame:
    return _query(_REJECTS_SQL)


def load_conflicts(fields: tuple[str, ...] = ()) -> pl.DataFrame:
    """`conflicts` (all, or only `fields`), largest difference first within a field, with the
    model's name and a link to its page."""
    return _query(_CONFLICTS_SQL, (list(fields), list(fields)))


def load_conflict_fields() -> pl.DataFrame:
    """field, conflicts, models: how many disagreements each field has."""
    return _query(_CONFLICT_FIELDS_SQL)


def load_unmatched_names(sources: tuple[str, ...] = ()) -> pl.DataFrame:
    return _query(_UNMATCHED_SQL, (list(sources), list(sources)))


def load_upstream_revisions() -> pl.DataFrame:
    """What an upstream revised between its dated snapshots, newest first, with model names."""
    return _query(
        """SELECT r.model_id, m.name, r.field, r.value_before, r.source_before, r.as_of_before,
                  r.value_after, r.source_after, r.as_of_after, r.relative_change
           FROM upstream_revisions AS r JOIN models AS m USING (model_id)
           ORDER BY r.as_of_after DESC, abs(r.relative_change) DESC, r.model_id, r.field"""
    )


def load_upstream_errata() -> pl.DataFrame:
    """source, name, field, reason: upstream values known to be wrong and left out."""
    return _query("SELECT source, name, field, reason FROM upstream_errata ORDER BY ALL")


def load_suspicious_values(statuses: tuple[str, ...] = ()) -> pl.DataFrame:
    """`suspicious_values` joined to the model's name: every flagged value with its rule,
    evidence and review status (all statuses when `statuses` is empty), unresolved first."""
    return _query(
        """SELECT s.model_id, m.name, s.field, s.value, s.rule, s.evidence, s.status, s.reason
           FROM suspicious_values s LEFT JOIN models m USING (model_id)
           WHERE len(CAST(? AS VARCHAR[])) = 0 OR list_contains(CAST(? AS VARCHAR[]), s.status)
           ORDER BY s.status = 'acknowledged', s.status = 'erratum', s.rule, s.model_id,
                    s.field""",
        (list(statuses), list(statuses)),
    )


def load_unmatched_counts() -> pl.DataFrame:
    return _query(_UNMATCHED_COUNTS_SQL)


def load_coverage() -> pl.DataFrame:
    """`coverage`: every field overall (year null, first) and per release year."""
    return _query(_COVERAGE_SQL)


# ----------------------------------------------------------------------------- upstream snapshots

_SNAPSHOT_SCHEMA = {
    "source": pl.String,
    "title": pl.String,
    "file": pl.String,
    "upstream_date": pl.Date,
    "retrieved_date": pl.Date,
    "rows": pl.Int64,
    "homepage": pl.String,
    "licence": pl.String,
}


def _date(value: object) -> dt.date | None:
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value))
    except ValueError:
        return None


@st.cache_data(ttl=CACHE_TTL_SECONDS, show_spinner=False)
def _read_manifests(manifests: tuple[tuple[str, tuple | None], ...]) -> pl.DataFrame:
    """Parse the MANIFEST.yaml files named in `manifests` ((path, version) pairs: the versions
    make an edited MANIFEST a cache miss)."""
    rows = []
    for path_text, _ in manifests:
        path = Path(path_text)
        if path.stat().st_size > MANIFEST_MAX_BYTES:
            continue
        try:
            doc = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        except yaml.YAMLError:
            continue
        if not isinstance(doc, dict):
            continue
        for entry in doc.get("files") or []:
            if not isinstance(entry, dict):
                continue
            rows.append(
                {
                    "source": str(doc.get("source") or path.parent.name),
                    "title": str(doc.get("title") or ""),
                    "file": str(entry.get("path") or ""),
                    "upstream_date": _date(entry.get("upstream_date")),
                    "retrieved_date": _date(entry.get("retrieved_date")),
                    "rows": entry.get("rows") if isinstance(entry.get("rows"), int) else None,
                    "homepage": str(doc.get("homepage") or "") or None,
                    "licence": str(doc.get("licence") or "") or None,
                }
            )
    return pl.DataFrame(rows, schema=_SNAPSHOT_SCHEMA).sort(
        "source", "upstream_date", descending=[False, True], nulls_last=True
    )


def load_upstream_snapshots() -> pl.DataFrame:
    """One row per upstream file from `<ATLAS_RAW_DIR>/upstream/*/MANIFEST.yaml`: source, title,
    file, upstream_date (the snapshot's own date), retrieved_date, rows, homepage, licence."""
    manifests = sorted((raw_dir() / "upstream").glob("*/MANIFEST.yaml"))
    return _read_manifests(tuple((str(p), _version(p)) for p in manifests))


# ----------------------------------------------------------------------------- any benchmark


# Scores a frontier is computed from: for MMLU the resolved 5-shot score of `models` (what
# `frontier_smallest_model` uses), for any other benchmark `benchmark_scores`. Parameter counts
# the source labels Speculative cannot set a record (as in `trends.mmlu_frontier_inputs`).
# One protocol per chart: a benchmark's scores at its most common shot count (curated scores
# at other counts are left out, and the pages say how many).
def _protocol_cte(table: str) -> str:
    """`protocol`: per benchmark of `table`, the shot count with the most scores (ties: the
    fewest shots) and how many scores sit at other counts."""
    return f"""protocol AS (
    SELECT benchmark, shots, n, sum(n) OVER (PARTITION BY benchmark) - n AS other_shots_scores
    FROM (SELECT benchmark, shots, count(*) AS n FROM {table} GROUP BY ALL)
    QUALIFY row_number() OVER (PARTITION BY benchmark ORDER BY n DESC, shots) = 1
)"""


_PROTOCOL_CTE = _protocol_cte("benchmark_scores")

_FRONTIER_INPUTS_SQL = f"""
WITH {_FILTERED_MODELS_CTE},
{_PROTOCOL_CTE},
p AS (SELECT CAST(? AS VARCHAR) AS benchmark, CAST(? AS VARCHAR[]) AS excluded),
scores AS (
    SELECT m.model_id, m.mmlu AS score, s.citation AS source
    FROM models AS m
    CROSS JOIN p
    LEFT JOIN sources AS s ON s.model_id = m.model_id AND s.field = 'mmlu'
    WHERE p.benchmark = 'mmlu' AND m.mmlu IS NOT NULL
    UNION ALL
    -- several parties or effort variants may score one release (`measured_by`, `protocol`):
    -- a release reaches a threshold when any of its scores does, so its best score is used
    SELECT b.model_id, max(b.score) AS score, arg_max(b.source, b.score) AS source
    FROM benchmark_scores AS b
    CROSS JOIN p
    JOIN protocol AS pr ON pr.benchmark = b.benchmark AND pr.shots = b.shots
    WHERE b.benchmark = p.benchmark AND p.benchmark <> 'mmlu'
    GROUP BY b.model_id
)
SELECT m.model_id, m.name, replace(m.organization, ',', ', ') AS organization, m.release_date,
       m.params_total, m.params_active, sc.score, sc.source, ps.citation AS params_source
FROM scores AS sc
JOIN filtered AS m USING (model_id)
CROSS JOIN p
LEFT JOIN sources AS ps ON ps.model_id = m.model_id AND ps.field = 'params_total'
WHERE NOT list_contains(p.excluded, coalesce(ps.confidence, ''))
ORDER BY m.release_date, m.model_id
"""

_BENCHMARKS_SQL = f"""
WITH {_PROTOCOL_CTE}
SELECT b.benchmark, pr.shots, count(DISTINCT b.model_id) AS models, min(b.score) AS min_score,
       max(b.score) AS max_score, any_value(pr.other_shots_scores) AS other_shots_scores
FROM benchmark_scores AS b JOIN protocol AS pr USING (benchmark, shots)
GROUP BY b.benchmark, pr.shots ORDER BY models DESC, b.benchmark
"""

_FRONTIER_TREND_SQL = """
SELECT * FROM frontier_trend
WHERE benchmark = ? AND threshold = CAST(? AS DOUBLE) AND basis = ? AND target_params = ?
"""

TREND_BOOTSTRAP = 1000  # the pipeline's default (`FitConfig.trend_bootstrap`): same numbers
TREND_SEED = 42
FORECAST_TARGET_PARAMS = 1e9  # `frontier_trend` forecasts the crossing of 1B parameters
FORECAST_HORIZON_YEARS = 4  # trend lines are drawn at most this far past the newest release


def load_benchmarks() -> pl.DataFrame:
    """benchmark, shots, models, min_score, max_score, other_shots_scores: every benchmark in
    `benchmark_scores` at the one protocol its charts use (its most common shot count), and how
    many of its scores are at other counts."""
    return _query(_BENCHMARKS_SQL)


@st.cache_data(ttl=CACHE_TTL_SECONDS, show_spinner=False, max_entries=200)
def _frontier(
    path: str,
    version: tuple | None,
    benchmark: str,
    threshold: float,
    basis: str,
    filter_params: tuple,
):
    inputs = _read(
        path,
        version,
        _FRONTIER_INPUTS_SQL,
        (*filter_params, benchmark, list(trends.EXCLUDED_PARAM_CONFIDENCE)),
    )
    records = trends.smallest_model_frontier(inputs, benchmark, threshold, basis)
    return records.with_columns(
        (
            "./model?model=" + pl.col("model_id").map_elements(_url_quote, return_dtype=pl.String)
        ).alias("model_page")
    )


def _url_quote(text: str) -> str:
    return quote(text, safe="")


def load_frontier(
    benchmark: str, threshold: float, basis: str, filters: ModelFilters = NO_FILTERS
) -> pl.DataFrame:
    """Record-holders for any benchmark, threshold (percent) and basis (`total` | `active`) among
    the models `filters` keep, computed on the fly with `trends.smallest_model_frontier`: the
    columns of `frontier_smallest_model` plus `model_page`. For MMLU at 50/60/70/80 % without
    filters it equals the table."""
    path = published_path()
    return _frontier(
        str(path), _version(path), benchmark, float(threshold), basis, filters.params()
    )


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


def _finite(value) -> float | None:
    if value is None:
        return None
    value = float(value)
    return value if np.isfinite(value) else None


def _trend_line(fit: fits.ExponentialTrendFit, start: dt.date, end: dt.date, n: int = 60):
    """The fitted line and its 95 % band (percentiles of the bootstrap lines) on a date grid."""
    span = max((end - start).days, 1)
    dates = sorted({start + dt.timedelta(days=round(d)) for d in np.linspace(0, span, n)})
    t = fits.decimal_years(pl.Series(dates, dtype=pl.Date)) - fit.reference_year
    middle = fit.intercept_log10 + fit.slope_log10_per_year * t
    lines = fit.bootstrap_intercepts[:, None] + fit.bootstrap_slopes[:, None] * t[None, :]
    low, high = np.percentile(lines, [2.5, 97.5], axis=0)
    return pl.DataFrame(
        {
            "release_date": dates,
            "value": 10.0**middle,
            "value_low": 10.0**low,
            "value_high": 10.0**high,
        },
        schema={
            "release_date": pl.Date,
            "value": pl.Float64,
            "value_low": pl.Float64,
            "value_high": pl.Float64,
        },
    )


def _fit_trend(dates: pl.Series, values: pl.Series):
    try:
        return fits.fit_exponential_trend(
            dates, values, n_bootstrap=TREND_BOOTSTRAP, seed=TREND_SEED
        )
    except ValueError:
        return None


def _fitted_trend(fit: fits.ExponentialTrendFit, target: float | None = None) -> dict:
    """The numbers of a fit, named as the warehouse's trend tables name them."""
    falling = fit.slope_log10_per_year < 0
    times = fit.halving_time_ci if falling else fit.doubling_time_ci
    out = {
        "fold_change_per_year": fit.fold_change_per_year,
        "fold_ci_low": fit.fold_change_ci[0],
        "fold_ci_high": fit.fold_change_ci[1],
        "halving_time_months": _finite(fit.halving_time_months),
        "doubling_time_months": _finite(fit.doubling_time_months),
        "time_ci_low_months": _finite(min(times)),
        "time_ci_high_months": _finite(max(times)),
    }
    if target is not None and falling:
        crossing = fits.forecast_crossing(fit, target)
        out |= {
            "forecast_date": crossing.crossing_date,
            "forecast_low": crossing.lower_date,
            "forecast_high": crossing.upper_date,
        }
    return out


_TREND_FIELDS = (
    "fold_change_per_year",
    "fold_ci_low",
    "fold_ci_high",
    "halving_time_months",
    "doubling_time_months",
    "time_ci_low_months",
    "time_ci_high_months",
    "forecast_date",
    "forecast_low",
    "forecast_high",
)


def _line_end(latest: dt.date | None, last: dt.date, numbers: dict) -> dt.date:
    """Draw the line to the newest release, or on to the forecast interval's far end, but no
    further than `FORECAST_HORIZON_YEARS` past the newest release."""
    latest = max(latest or last, last)
    horizon = latest.replace(year=latest.year + FORECAST_HORIZON_YEARS)
    wanted = [d for d in (numbers.get("forecast_high"), numbers.get("forecast_date")) if d]
    return min(max([latest, *wanted]), horizon)


@st.cache_data(ttl=CACHE_TTL_SECONDS, show_spinner=False, max_entries=200)
def _frontier_trend(
    path: str, version: tuple | None, benchmark: str, threshold: float, basis: str
) -> Trend:
    # The trend is the warehouse's (`frontier_trend`, fitted on all models): no filters here.
    records = _frontier(path, version, benchmark, threshold, basis, NO_FILTERS.params())
    row = _read(
        path, version, _FRONTIER_TREND_SQL, (benchmark, threshold, basis, FORECAST_TARGET_PARAMS)
    )
    published = row.height > 0
    if published and row["status"][0] != "fitted":
        return Trend(n_points=int(row["n_points"][0]), fitted=False, published=True)
    fit = _fit_trend(records["release_date"], records["params"]) if records.height else None
    if fit is None:
        return Trend(n_points=records.height, fitted=False, published=published)
    numbers = _fitted_trend(fit, FORECAST_TARGET_PARAMS)
    if published:  # the warehouse's numbers are the ones quoted (they are the same fit)
        numbers = {k: row[k][0] for k in _TREND_FIELDS if k in row.columns} | {
            "doubling_time_months": None
        }
    latest = _read(path, version, _LATEST_RELEASE_SQL, ()).item()
    line = _trend_line(
        fit,
        records["release_date"].min(),
        _line_end(latest, records["release_date"].max(), numbers),
    )
    return Trend(
        n_points=fit.n_points,
        fitted=True,
        published=published,
        target=FORECAST_TARGET_PARAMS,
        line=line,
        **{k: numbers.get(k) for k in _TREND_FIELDS},
    )


def load_frontier_trend(benchmark: str, threshold: float, basis: str) -> Trend:
    """The frontier's exponential decline: halving time, the 1B-parameter crossing (with 95 %
    intervals) and the line with its band. From `frontier_trend` where the warehouse has a row
    for (benchmark, threshold, basis); otherwise fitted here with the same function
    (`fits.fit_exponential_trend`, same bootstrap and seed) when there are enough records."""
    path = published_path()
    return _frontier_trend(str(path), _version(path), benchmark, float(threshold), basis)


# ----------------------------------------------------------------------------- compute-optimal

_OPTIMUM_RANGES_SQL = """
SELECT fit, min(tokens_per_param) AS low, max(tokens_per_param) AS high,
       min(budget_flop) AS budget_low, max(budget_flop) AS budget_high
FROM compute_optimal_allocation
WHERE budget_flop BETWEEN ? AND ?
GROUP BY fit
"""

_ALLOCATION_SQL = """
SELECT fit, budget_flop, params_opt, tokens_opt, tokens_per_param, loss_opt, citation
FROM compute_optimal_allocation ORDER BY fit, budget_flop
"""

_FITS_SQL = "SELECT DISTINCT fit FROM compute_optimal_by_fit ORDER BY fit"

# Each pre-trained model (no `base_model_id`: a fine-tune's tokens are fine-tuning data) against
# one fit, most over-trained (`?` = true) or most under-trained first.
_TRAINING_FACTORS_SQL = f"""
WITH {_FILTERED_MODELS_CTE},
p AS (SELECT CAST(? AS VARCHAR) AS fit, CAST(? AS BOOLEAN) AS over, CAST(? AS INTEGER) AS n)
SELECT f.model_id, f.name, replace(m.organization, ',', ', ') AS organization, f.release_date,
       c.params_active, c.training_tokens, c.tokens_per_param, f.budget_flop, f.params_opt,
       f.tokens_opt, f.tokens_opt / f.params_opt AS tokens_per_param_opt,
       f.over_training_factor, s.citation AS tokens_source,
       './model?model=' || url_encode(f.model_id) AS model_page
FROM compute_optimal_by_fit AS f
CROSS JOIN p
JOIN filtered AS m USING (model_id)
JOIN compute_optimal AS c USING (model_id)
LEFT JOIN sources AS s ON s.model_id = f.model_id AND s.field = 'training_tokens'
WHERE f.fit = p.fit AND m.base_model_id IS NULL
ORDER BY CASE WHEN p.over THEN -f.over_training_factor ELSE f.over_training_factor END,
         f.model_id
LIMIT (SELECT n FROM p)
"""

_PRETRAINED_COUNT_SQL = f"""
WITH {_FILTERED_MODELS_CTE}
SELECT count(*) FROM compute_optimal_by_fit AS f JOIN filtered AS m USING (model_id)
WHERE f.fit = ? AND m.base_model_id IS NULL
"""

_SCALING_LAW_FITS_SQL = """
SELECT fit, parameter, estimate, ci_low, ci_high, n_points, n_excluded, n_bootstrap,
       published_estimate, published_ci_low, published_ci_high, citation
FROM scaling_law_fits
ORDER BY fit, list_position(['E', 'A', 'B', 'alpha', 'beta', 'params_exponent'], parameter)
"""

_MODELS_NEAR_BUDGET_SQL = f"""
WITH {_FILTERED_MODELS_CTE}
SELECT c.model_id, c.name, replace(m.organization, ',', ', ') AS organization, c.release_date,
       c.params_active, c.training_tokens, c.tokens_per_param, c.compute_6nd_flop,
       s.citation AS tokens_source, './model?model=' || url_encode(c.model_id) AS model_page
FROM compute_optimal AS c
JOIN filtered AS m USING (model_id)
LEFT JOIN sources AS s ON s.model_id = c.model_id AND s.field = 'training_tokens'
WHERE m.base_model_id IS NULL AND c.compute_6nd_flop BETWEEN ? AND ?
ORDER BY abs(log10(c.compute_6nd_flop) - log10(?)), c.release_date DESC
LIMIT ?
"""


_BUDGET_POINTS_SQL = f"""
WITH {_FILTERED_MODELS_CTE}
SELECT c.model_id, c.name, replace(m.organization, ',', ', ') AS organization, c.release_date,
       c.params_active, c.training_tokens, c.tokens_per_param, c.compute_6nd_flop,
       s.citation AS tokens_source
FROM compute_optimal AS c
JOIN filtered AS m USING (model_id)
LEFT JOIN sources AS s ON s.model_id = c.model_id AND s.field = 'training_tokens'
WHERE m.base_model_id IS NULL AND c.compute_6nd_flop > 0
ORDER BY c.compute_6nd_flop
"""


def load_budget_points(filters: ModelFilters = NO_FILTERS) -> pl.DataFrame:
    """Pre-trained models (narrowed by `filters`) with N and D: their 6·N·D budget, N (active),
    D and tokens/param, with the citation of the token count."""
    return _query(_BUDGET_POINTS_SQL, filters.params())


def load_optimum_ranges(budget_low: float = 1e21, budget_high: float = 1e25) -> pl.DataFrame:
    """fit, low, high: the compute-optimal tokens per parameter each fit gives over budgets
    in [budget_low, budget_high] FLOP (from `compute_optimal_allocation`)."""
    return _query(_OPTIMUM_RANGES_SQL, (float(budget_low), float(budget_high)))


def load_allocation() -> pl.DataFrame:
    """`compute_optimal_allocation`: params_opt and tokens_opt per (fit, budget)."""
    return _query(_ALLOCATION_SQL)


def load_training_fits() -> list[str]:
    """The fits `compute_optimal_by_fit` compares models with."""
    return _query(_FITS_SQL)["fit"].to_list()


def load_training_factors(
    fit: str, *, over: bool, limit: int = 10, filters: ModelFilters = NO_FILTERS
) -> pl.DataFrame:
    """The `limit` pre-trained models (among those `filters` keep) most over-trained (`over`) or
    under-trained against `fit`, with N, D, the optimum of the same budget and the citation of
    the token count."""
    return _query(_TRAINING_FACTORS_SQL, (*filters.params(), fit, bool(over), int(limit)))


def count_training_factors(fit: str, filters: ModelFilters = NO_FILTERS) -> int:
    return _query(_PRETRAINED_COUNT_SQL, (*filters.params(), fit)).item()


def load_scaling_law_fits() -> pl.DataFrame:
    """`scaling_law_fits`: our refit's parameters with intervals next to the published ones."""
    return _query(_SCALING_LAW_FITS_SQL)


def load_refit() -> scaling.ParametricFit | None:
    """The warehouse's own Chinchilla refit as a `scaling.ParametricFit`, or None."""
    table = load_scaling_law_fits()
    point = dict(zip(table["parameter"], table["estimate"], strict=True))
    if not {"E", "A", "B", "alpha", "beta"} <= point.keys():
        return None
    return scaling.ParametricFit(
        fit_id=table["fit"][0],
        E=point["E"],
        A=point["A"],
        B=point["B"],
        alpha=point["alpha"],
        beta=point["beta"],
        citation=table["citation"][0],
    )


_ALLOCATION_SCHEMA = {
    "fit": pl.String,
    "budget_flop": pl.Float64,
    "params_opt": pl.Float64,
    "tokens_opt": pl.Float64,
    "tokens_per_param": pl.Float64,
    "loss_opt": pl.Float64,
    "citation": pl.String,
}


def allocation_for_budget(budget_flop: float) -> pl.DataFrame:
    """The calculator: compute-optimal parameters and tokens for one budget (FLOP) under every
    published rule (`scaling.ALLOCATION_RULES`) and the warehouse's refit, with
    `scaling.optimal_allocation` (and each fit's predicted loss). Rows in display order."""
    rules = list(scaling.ALLOCATION_RULES)
    refit = load_refit()
    if refit is not None:
        rules.append(refit)
    rows = []
    for rule in rules:
        params_opt, tokens_opt = scaling.optimal_allocation(rule, float(budget_flop))
        loss = (
            rule.loss(params_opt, tokens_opt) if isinstance(rule, scaling.ParametricFit) else None
        )
        rows.append(
            {
                "fit": rule.fit_id,
                "budget_flop": float(budget_flop),
                "params_opt": params_opt,
                "tokens_opt": tokens_opt,
                "tokens_per_param": tokens_opt / params_opt,
                "loss_opt": loss,
                "citation": rule.citation,
            }
        )
    return pl.DataFrame(rows, schema=_ALLOCATION_SCHEMA)


def load_models_near_budget(
    budget_flop: float,
    decades: float = 0.25,
    limit: int = 8,
    filters: ModelFilters = NO_FILTERS,
):
    """Pre-trained models (among those `filters` keep) whose 6·N·D lies within `decades` orders
    of magnitude of a budget, closest first: what people actually trained with that compute."""
    factor = 10.0**decades
    budget = float(budget_flop)
    return _query(
        _MODELS_NEAR_BUDGET_SQL,
        (*filters.params(), budget / factor, budget * factor, budget, int(limit)),
    )


# ----------------------------------------------------------------------------- scaling

_WEIGHTS_LABEL = """CASE m.open_weights WHEN true THEN 'Open weights'
       WHEN false THEN 'Closed weights' ELSE 'Not stated' END"""

# Every model with an MMLU score, with its size and compute and the citation of each.
_CAPABILITY_POINTS_SQL = f"""
WITH {_FILTERED_MODELS_CTE}
SELECT m.model_id, m.name, replace(m.organization, ',', ', ') AS organization, m.release_date,
       m.params_total, m.training_compute_flop, m.mmlu, {_WEIGHTS_LABEL} AS weights_label,
       sm.citation AS mmlu_source, sp.citation AS params_source, sc.citation AS compute_source,
       sc.confidence AS compute_confidence, './model?model=' || url_encode(m.model_id) AS model_page
FROM filtered AS m
LEFT JOIN sources AS sm ON sm.model_id = m.model_id AND sm.field = 'mmlu'
LEFT JOIN sources AS sp ON sp.model_id = m.model_id AND sp.field = 'params_total'
LEFT JOIN sources AS sc ON sc.model_id = m.model_id AND sc.field = 'training_compute_flop'
WHERE m.mmlu IS NOT NULL
ORDER BY m.release_date, m.model_id
"""

_CAPABILITY_CURVE_SQL = """
SELECT pow(10, x) AS x_value, x, score_pct, score_pct_lower, score_pct_upper
FROM capability_curves
WHERE x_variable = ? AND "group" = ? AND confidence_filter = ?
ORDER BY x
"""

_CAPABILITY_FIT_SQL = """
SELECT * FROM capability_fits WHERE x_variable = ? AND "group" = ? AND confidence_filter = ?
"""

_EMERGENCE_PROTOCOL_CTE = _protocol_cte("emergence_points")

_EMERGENCE_BENCHMARKS_SQL = f"""
WITH {_EMERGENCE_PROTOCOL_CTE}
SELECT e.benchmark, pr.shots, count(*) AS models, any_value(e.chance_pct) AS chance_pct,
       any_value(pr.other_shots_scores) AS other_shots_scores
FROM emergence_points AS e JOIN protocol AS pr USING (benchmark, shots)
GROUP BY e.benchmark, pr.shots ORDER BY models DESC, e.benchmark
"""

_EMERGENCE_POINTS_SQL = f"""
WITH {_FILTERED_MODELS_CTE},
{_EMERGENCE_PROTOCOL_CTE}
SELECT e.benchmark, e.model_id, e.name, replace(e.organization, ',', ', ') AS organization,
       e.release_date, e.training_compute_flop, e.params_total, e.score, e.shots, e.chance_pct,
       e.source, sc.citation AS compute_source,
       './model?model=' || url_encode(e.model_id) AS model_page
FROM emergence_points AS e
JOIN filtered AS m USING (model_id)
JOIN protocol AS pr ON pr.benchmark = e.benchmark AND pr.shots = e.shots
LEFT JOIN sources AS sc ON sc.model_id = e.model_id AND sc.field = 'training_compute_flop'
WHERE e.benchmark = ?
ORDER BY e.training_compute_flop
"""

_SIZE_CLASSES_SQL = "SELECT year, size_class, models, class_order FROM size_classes ORDER BY year"

_SERVING_MEMORY_SQL = """
SELECT s.model_id, s.name, replace(m.organization, ',', ', ') AS organization, m.release_date,
       m.architecture, s.params_total, s.memory_gb_fp16, s.memory_gb_int8, s.memory_gb_int4,
       './model?model=' || url_encode(s.model_id) AS model_page
FROM serving_memory AS s
JOIN models AS m USING (model_id)
WHERE CAST(? AS VARCHAR) IS NULL
   OR contains(lower(s.name), lower(CAST(? AS VARCHAR)))
   OR contains(lower(m.organization), lower(CAST(? AS VARCHAR)))
ORDER BY s.params_total DESC, s.name
"""


def load_capability_points(filters: ModelFilters = NO_FILTERS) -> pl.DataFrame:
    """Models (narrowed by `filters`) with an MMLU score: size, compute, weights, organisation
    and the citations of the score, the parameter count and the compute (with the compute's
    confidence label)."""
    return _query(_CAPABILITY_POINTS_SQL, filters.params())


def load_capability_curve(
    x_variable: str, group: str = "all", confidence_filter: str = "all"
) -> pl.DataFrame:
    """One `capability_curves` fit on its grid: x (log10), x_value (10^x, the axis unit),
    score_pct and its 95 % band."""
    return _query(_CAPABILITY_CURVE_SQL, (x_variable, group, confidence_filter))


def load_capability_fit(
    x_variable: str, group: str = "all", confidence_filter: str = "all"
) -> dict | None:
    """The `capability_fits` row (status, n_points, k, x0 and their intervals), or None."""
    frame = _query(_CAPABILITY_FIT_SQL, (x_variable, group, confidence_filter))
    return frame.row(0, named=True) if frame.height else None


def load_emergence_benchmarks() -> pl.DataFrame:
    """benchmark, shots, models, chance_pct, other_shots_scores: the benchmarks of
    `emergence_points` at the one protocol the chart shows (the most common shot count)."""
    return _query(_EMERGENCE_BENCHMARKS_SQL)


def load_emergence_points(benchmark: str, filters: ModelFilters = NO_FILTERS) -> pl.DataFrame:
    """`emergence_points` of one benchmark at its chart's protocol (models `filters` keep), with
    the compute's citation and a model link."""
    return _query(_EMERGENCE_POINTS_SQL, (*filters.params(), benchmark))


def load_size_classes() -> pl.DataFrame:
    return _query(_SIZE_CLASSES_SQL)


def load_serving_memory(search: str | None = None) -> pl.DataFrame:
    """`serving_memory`, largest first, narrowed to names or organisations containing `search`."""
    text = (search or "").strip() or None
    return _query(_SERVING_MEMORY_SQL, (text, text, text))


# ----------------------------------------------------------------------------- cost

# Rounded to a millionth of a dollar, so equal prices compare equal (0.42 + 0.28 vs 0.3 + 0.4).
_BLENDED = "round((3 * m.price_usd_per_1m_input_tokens + m.price_usd_per_1m_output_tokens) / 4, 6)"

# Models with an MMLU score and both list prices; `on_frontier`: no model scoring at least as
# much is as cheap (the cheapest at or above its score). Ties in score: the cheaper one wins.
_PRICE_POINTS_SQL = f"""
WITH {_FILTERED_MODELS_CTE},
priced AS (
    SELECT m.model_id, m.name, replace(m.organization, ',', ', ') AS organization,
           m.release_date, m.mmlu, m.price_usd_per_1m_input_tokens AS price_input,
           m.price_usd_per_1m_output_tokens AS price_output, {_BLENDED} AS price_blended,
           m.price_as_of_date, {_WEIGHTS_LABEL} AS weights_label,
           sp.citation AS price_source, sm.citation AS mmlu_source,
           './model?model=' || url_encode(m.model_id) AS model_page
    FROM filtered AS m
    LEFT JOIN sources AS sp
        ON sp.model_id = m.model_id AND sp.field = 'price_usd_per_1m_input_tokens'
    LEFT JOIN sources AS sm ON sm.model_id = m.model_id AND sm.field = 'mmlu'
    WHERE m.mmlu IS NOT NULL AND m.price_usd_per_1m_input_tokens IS NOT NULL
      AND m.price_usd_per_1m_output_tokens IS NOT NULL AND {_BLENDED} > 0
),
ranked AS (
    SELECT *, min(price_blended) OVER (
               ORDER BY mmlu DESC, price_blended, model_id
               ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING) AS cheapest_above
    FROM priced
)
SELECT * EXCLUDE (cheapest_above),
       cheapest_above IS NULL OR price_blended < cheapest_above AS on_frontier
FROM ranked
ORDER BY mmlu, price_blended
"""

_COST_THRESHOLDS_SQL = "SELECT DISTINCT threshold FROM cost_frontier ORDER BY threshold"

_COST_FRONTIER_SQL = """
SELECT f.threshold, f.model_id, f.name, replace(f.organization, ',', ', ') AS organization,
       f.release_date, f.price_usd_per_1m_blended, f.score, m.price_as_of_date,
       sp.citation AS price_source, sm.citation AS mmlu_source,
       './model?model=' || url_encode(f.model_id) AS model_page
FROM cost_frontier AS f
JOIN models AS m USING (model_id)
LEFT JOIN sources AS sp
    ON sp.model_id = f.model_id AND sp.field = 'price_usd_per_1m_input_tokens'
LEFT JOIN sources AS sm ON sm.model_id = f.model_id AND sm.field = 'mmlu'
WHERE f.threshold = CAST(? AS DOUBLE)
ORDER BY f.release_date, f.price_usd_per_1m_blended
"""

# `cost_trend.series` names the threshold as the pipeline writes it (`analysis.cost_frontier`).
_COST_TREND_SQL = "SELECT * FROM cost_trend WHERE series = ?"

_TRAINING_COST_SQL = f"""
WITH {_FILTERED_MODELS_CTE}
SELECT m.model_id, m.name, replace(m.organization, ',', ', ') AS organization, m.release_date,
       m.training_cost_usd, m.training_compute_flop, {_WEIGHTS_LABEL} AS weights_label,
       s.citation AS source, s.source AS source_dataset,
       './model?model=' || url_encode(m.model_id) AS model_page
FROM filtered AS m
LEFT JOIN sources AS s ON s.model_id = m.model_id AND s.field = 'training_cost_usd'
WHERE m.training_cost_usd IS NOT NULL AND m.training_cost_usd > 0
  -- as the growth fit sees it: a cost or date `suspicious_values` keeps out is left out here
  AND NOT EXISTS (
      SELECT 1 FROM suspicious_values AS v
      WHERE v.model_id = m.model_id AND v.field IN ('training_cost_usd', 'release_date')
        AND v.status IN ('unresolved', 'erratum'))
ORDER BY m.release_date, m.model_id
"""

_GROWTH_RATES_SQL = """
SELECT * FROM growth_rates
ORDER BY list_position(['training_compute_flop', 'params_total', 'training_tokens',
                        'context_window', 'training_cost_usd'], metric), series
"""


def load_price_points(filters: ModelFilters = NO_FILTERS) -> pl.DataFrame:
    """Models (narrowed by `filters`) with MMLU and both API prices: the 3:1 blended price, the
    citations of price and score, and `on_frontier` (the cheapest among them at or above its
    score)."""
    return _query(_PRICE_POINTS_SQL, filters.params())


def load_cost_thresholds() -> list[float]:
    return _query(_COST_THRESHOLDS_SQL)["threshold"].to_list()


def load_cost_frontier(threshold: float) -> pl.DataFrame:
    """`cost_frontier` record-holders for one MMLU threshold, oldest first, with citations."""
    return _query(_COST_FRONTIER_SQL, (float(threshold),))


def cost_trend_series(threshold: float) -> str:
    return f"cheapest at MMLU >= {threshold:.0f}%"


def load_cost_trend(threshold: float) -> dict | None:
    """The `cost_trend` row of one threshold (fold change per year, intervals, status)."""
    frame = _query(_COST_TREND_SQL, (cost_trend_series(threshold),))
    return frame.row(0, named=True) if frame.height else None


def load_training_costs(filters: ModelFilters = NO_FILTERS) -> pl.DataFrame:
    """Models (narrowed by `filters`) with a training cost (USD), each with the citation of the
    cost."""
    return _query(_TRAINING_COST_SQL, filters.params())


def load_growth_rates() -> pl.DataFrame:
    """`growth_rates`: fold change per year of each metric, with intervals."""
    return _query(_GROWTH_RATES_SQL)


def load_growth_rate(metric: str, series: str = "all models") -> dict | None:
    """One `growth_rates` row (status, n_points, fold change, doubling time, intervals)."""
    frame = load_growth_rates()
    frame = frame.filter((pl.col("metric") == metric) & (pl.col("series") == series))
    return frame.row(0, named=True) if frame.height else None


@st.cache_data(ttl=CACHE_TTL_SECONDS, show_spinner=False, max_entries=50)
def _series_trend(
    path: str, version: tuple | None, sql: str, params: tuple, date: str, value: str, since: int
) -> Trend | None:
    frame = _read(path, version, sql, params)
    frame = frame.filter(pl.col("release_date").dt.year() >= since, pl.col(value) > 0)
    if frame.is_empty():
        return None
    fit = _fit_trend(frame[date], frame[value].cast(pl.Float64))
    if fit is None:
        return Trend(n_points=frame.height, fitted=False, published=False)
    line = _trend_line(fit, frame[date].min(), frame[date].max())
    return Trend(
        n_points=fit.n_points, fitted=True, published=False, line=line, **_fitted_trend(fit)
    )


def load_cost_trend_line(threshold: float) -> Trend | None:
    """The cost frontier's trend line and band (refitted here as the pipeline fits
    `cost_trend`: same function, bootstrap and seed), or None without records."""
    path = published_path()
    return _series_trend(
        str(path),
        _version(path),
        _COST_FRONTIER_SQL,
        (float(threshold),),
        "release_date",
        "price_usd_per_1m_blended",
        0,
    )


GROWTH_SINCE = 2018  # `growth_rates` fits models released since this year


def load_training_cost_trend() -> Trend | None:
    """Training cost's growth line and band, as `growth_rates` fits it (models since 2018)."""
    path = published_path()
    return _series_trend(
        str(path),
        _version(path),
        _TRAINING_COST_SQL,
        NO_FILTERS.params(),  # the growth rate is fitted on all models
        "release_date",
        "training_cost_usd",
        GROWTH_SINCE,
    )


# ----------------------------------------------------------------------------- build and changes

_CHANGE_COUNTS_SQL = """
SELECT count(*) FILTER (WHERE change = 'added') AS added,
       count(*) FILTER (WHERE change = 'removed') AS removed,
       count(*) FILTER (WHERE change = 'changed') AS changed,
       count(DISTINCT model_id) FILTER (WHERE change = 'changed') AS changed_models
FROM changelog
"""

_CHANGES_SQL = """
SELECT c.change, c.model_id, c.name, c.field, c.old_value, c.new_value, c.source,
       CASE WHEN m.model_id IS NOT NULL THEN './model?model=' || url_encode(c.model_id) END
           AS model_page
FROM changelog AS c
LEFT JOIN models AS m USING (model_id)
WHERE c.change = ?
ORDER BY c.name, c.model_id, c.field
LIMIT ?
"""

_BUILD_SQL = """
SELECT max(built_at) AS built_at, any_value(git_commit) AS git_commit, any_value(run_id) AS run_id,
       count(*) FILTER (WHERE kind = 'input') AS inputs,
       count(*) FILTER (WHERE kind = 'table') AS tables
FROM build_manifest
"""


def load_change_counts() -> dict[str, int]:
    """added, removed, changed (values) and changed_models in the last build's `changelog`."""
    return _query(_CHANGE_COUNTS_SQL).row(0, named=True)


def load_changes(change: str, limit: int = 500) -> pl.DataFrame:
    """`changelog` rows of one kind (`added` | `removed` | `changed`), by model name, with a
    link to the model's page when it is still in the warehouse."""
    return _query(_CHANGES_SQL, (change, int(limit)))


def load_build() -> dict | None:
    """The last build from `build_manifest`: built_at (UTC), git_commit, run_id, inputs and
    tables counted; None when the manifest is empty."""
    row = _query(_BUILD_SQL).row(0, named=True)
    return row if row["built_at"] is not None else None
