"""Reads for the Model page: one release, its resolved values and every claim about them."""

from __future__ import annotations

import re

import polars as pl

from dashboard.queries.base import _query, load_query
from pipelines.lib.staging.claims import never_resolved
from pipelines.lib.staging.tolerances import AGREES, TOLERANCE_TEXT, verdict  # noqa: F401

# A claim of a measurer's own (Epoch's hub, a leaderboard it gathers, a maker's self-reported
# score): a `benchmark_scores` row of its own, never judged against the value used.
SEPARATE = "separate measurement"

_MODEL_CHOICES_SQL = load_query("model_choices")


_MODEL_SQL = load_query("model")


# Every non-null value of one model, long form, each with the citation that backs it, in the
# reading order of `fields` (the second parameter).
_MODEL_VALUES_SQL = load_query("model_values")


# Every claim about one model; `used`: the claim `models` (or `benchmark_scores`) took. Whether
# another claim agrees is decided in Python by `pipelines.lib.staging.tolerances.verdict`, the rule
# that also fills `conflicts`.
_MODEL_CLAIMS_SQL = load_query("model_claims")


_MODEL_BENCHMARKS_SQL = load_query("model_benchmarks")


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
