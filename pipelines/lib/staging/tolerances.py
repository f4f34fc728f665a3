"""When two claims about one value agree: the one rule `conflicts` and the Model page share.

Each field is compared the way it is used:

- counts (parameters, tokens, context window) and compute are read on log axes and quoted
  rounded ("70B", "128K"), so they are compared relative to the larger value;
- prices are compared relative to the larger price;
- whatever the field, two claims observed on different dates (a price's `as_of_date`, an
  upstream snapshot's date) are compared only when their dates match: a value from another
  date is history (a price cut, a revised estimate in `upstream_revisions`), neither
  agreement nor conflict (`other date`);
- benchmark scores are percent and are read in points (thresholds, gaps between models), so
  they are compared in absolute points.

`verdict` gives one claim's status against the value used; `TOLERANCE_TEXT` is the rule in
words for the catalogue (`make docs`) and the Model page.
"""

from __future__ import annotations

import polars as pl

# field -> (how the difference is measured, tolerance): a claim further away than the
# tolerance disagrees. Benchmark scores not named here use SCORE.
RELATIVE, POINTS = "relative", "absolute"
FIELD_TOLERANCES: dict[str, tuple[str, float]] = {
    "params_total": (RELATIVE, 0.05),
    "params_active": (RELATIVE, 0.05),
    "training_tokens": (RELATIVE, 0.10),
    "training_compute_flop": (RELATIVE, 0.25),
    "context_window": (RELATIVE, 0.05),
    "training_cost_usd": (RELATIVE, 0.25),
    "price_usd_per_1m_input_tokens": (RELATIVE, 0.01),
    "price_usd_per_1m_output_tokens": (RELATIVE, 0.01),
}
SCORE = (POINTS, 1.0)  # MMLU and every other benchmark score, percent

# Statuses of a claim that is not the value used.
AGREES, DISAGREES, OTHER_DATE = "agrees", "disagrees", "other date"

TOLERANCE_TEXT = (
    "parameters 5 %, context window 5 %, tokens 10 %, compute 25 %, training cost 25 % "
    "and prices 1 % (relative to the larger value); MMLU and every other benchmark score "
    "1 point (absolute, in percentage points), a difference of exactly the tolerance agreeing; "
    "dated claims (prices, upstream snapshots) are compared only with a value of the same "
    "date: one from another date is history (`other date`), not a conflict"
)


def tolerance(field: str) -> tuple[str, float]:
    """(how, tolerance) of a field: `relative` (a fraction of the larger value) or `absolute`
    (percentage points)."""
    return FIELD_TOLERANCES.get(field, SCORE)


def _table() -> pl.DataFrame:
    return pl.DataFrame(
        {
            "field": list(FIELD_TOLERANCES),
            "_kind": [k for k, _ in FIELD_TOLERANCES.values()],
            "_tol": [t for _, t in FIELD_TOLERANCES.values()],
        }
    )


def verdict(frame: pl.DataFrame) -> pl.DataFrame:
    """`frame` (columns field, value, value_chosen, as_of_date, as_of_chosen) with
    `difference`, `difference_kind` and `verdict` (`agrees` | `disagrees` | `other date`)
    added: the one rule for whether a claim agrees with the value used.

    The difference is |value - value_chosen|, relative to the larger of the two for the
    relative fields, in points for scores; it is rounded to 9 decimals before the comparison,
    so a difference of exactly the tolerance (86.4 against 87.4) agrees despite float noise.
    A claim observed on another date than the value used (both dated) is `other date`: a
    price's history, or an upstream snapshot's earlier value (`upstream_revisions`)."""
    kinds = _table()
    out = (
        frame.join(kinds, on="field", how="left")
        .with_columns(
            pl.col("_kind").fill_null(SCORE[0]),
            pl.col("_tol").fill_null(SCORE[1]),
        )
        .with_columns(
            pl.when(pl.col("_kind") == POINTS)
            .then((pl.col("value") - pl.col("value_chosen")).abs())
            .otherwise(
                (pl.col("value") - pl.col("value_chosen")).abs()
                / pl.max_horizontal(pl.col("value").abs(), pl.col("value_chosen").abs())
            )
            .fill_nan(0.0)  # 0 against 0
            .alias("difference")
        )
    )
    other_date = (
        pl.col("as_of_date").is_not_null()
        & pl.col("as_of_chosen").is_not_null()
        & (pl.col("as_of_date") != pl.col("as_of_chosen"))
    )
    return out.with_columns(
        pl.col("_kind").alias("difference_kind"),
        pl.when(other_date)
        .then(pl.lit(OTHER_DATE))
        .when(pl.col("difference").round(9) > pl.col("_tol"))
        .then(pl.lit(DISAGREES))
        .otherwise(pl.lit(AGREES))
        .alias("verdict"),
    ).drop("_kind", "_tol")
