"""Reads for the Model page: one release, its resolved values and every claim about them."""

from __future__ import annotations

import re

import polars as pl

from dashboard.queries.base import _query
from pipelines.lib.staging.claims import never_resolved
from pipelines.lib.staging.tolerances import AGREES, TOLERANCE_TEXT, verdict  # noqa: F401

# A claim of a measurer's own (Epoch's hub, a leaderboard it gathers, a maker's self-reported
# score): a `benchmark_scores` row of its own, never judged against the value used.
SEPARATE = "separate measurement"

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


# Every claim about one model; `used`: the claim `models` (or `benchmark_scores`) took. Whether
# another claim agrees is decided in Python by `pipelines.lib.staging.tolerances.verdict`, the rule
# that also fills `conflicts`.
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
SELECT c.field, c.value, c.unit, c.source, c.citation, c.method, c.confidence, c.as_of_date,
       c.retrieved_date, c.precedence, c.source_record,
       CASE WHEN s.source = c.source AND s.citation = c.citation AND EXISTS (
                SELECT 1 FROM used_values AS u WHERE u.field = c.field AND u.value = c.value
            ) THEN true
            -- scores kept side by side (Epoch's Benchmarking Hub): no `sources` row; used when
            -- `benchmark_scores` shows this very score and citation
            WHEN s.model_id IS NULL AND EXISTS (
                SELECT 1 FROM benchmark_scores AS b WHERE b.model_id = c.model_id
                AND b.benchmark = c.field AND b.source = c.citation AND b.score = c.value
            ) THEN true
            ELSE false END AS used
FROM claims AS c
JOIN params AS p ON c.model_id = p.id
LEFT JOIN sources AS s ON s.model_id = c.model_id AND s.field = c.field
ORDER BY coalesce(list_position(p.fields, c.field), 1000), c.field, c.precedence, c.source,
         c.citation, c.value
"""


_MODEL_BENCHMARKS_SQL = """
SELECT benchmark, score, shots, source, measured_by, protocol FROM benchmark_scores
WHERE model_id = ? ORDER BY benchmark, shots, measured_by, protocol
"""


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
    """Every claim about one release with its status: `used` (the value the warehouse took),
    else the verdict of `pipelines.lib.staging.tolerances.verdict` against the value used (`agrees`,
    `disagrees`, or `other date` for a price observed on another date; `separate measurement`
    for a claim that is never resolved: `claims.never_resolved`), with `difference` and
    `difference_kind`: the rule `conflicts` is built with, so a claim `disagrees` here exactly
    when `conflicts` lists it."""
    claims = _query(_MODEL_CLAIMS_SQL, (model_id, list(fields)))
    chosen = (
        claims.filter(pl.col("used"))
        .group_by("field", maintain_order=True)
        .agg(
            pl.col("value").first().alias("value_chosen"),
            pl.col("as_of_date").first().alias("as_of_chosen"),
        )
    )
    judged = verdict(claims.join(chosen, on="field", how="left", maintain_order="left"))
    separate = never_resolved(pl.col("source"))
    compared = pl.col("value_chosen").is_not_null() & ~pl.col("used") & ~separate
    return judged.with_columns(
        pl.when(pl.col("used"))
        .then(pl.lit("used"))
        .when(separate)
        .then(pl.lit(SEPARATE))
        .when(compared)
        .then(pl.col("verdict"))
        .otherwise(pl.lit(AGREES))
        .alias("status"),
        pl.when(compared).then(pl.col("difference")).alias("difference"),
        pl.when(compared).then(pl.col("difference_kind")).alias("difference_kind"),
    ).drop("used", "value_chosen", "as_of_chosen", "verdict")


def load_model_benchmarks(model_id: str) -> pl.DataFrame:
    return _query(_MODEL_BENCHMARKS_SQL, (model_id,))


def suggest_models(text: str, limit: int = 5) -> pl.DataFrame:
    """Models a mistyped or unknown name or id probably meant: the search (`load_models`) for
    `text`, then for its words with the last one dropped, and so on ("gpt-5-ultra" -> "gpt 5"),
    until something matches. Columns model_id and name, best match first."""
    from dashboard.queries.base import ModelFilters
    from dashboard.queries.explorer import load_models

    words = [w for w in re.split(r"[^a-z0-9]+", text.lower()) if w]
    for k in range(len(words), 0, -1):
        found = load_models(ModelFilters(search=" ".join(words[:k])))
        if found.height:
            return found.select("model_id", "name").head(limit)
    return pl.DataFrame(schema={"model_id": pl.String, "name": pl.String})
