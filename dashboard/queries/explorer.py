"""Reads for the Explorer page: the filtered `models` table and its downloads."""

from __future__ import annotations

import io

import polars as pl

from dashboard.queries.base import (
    _FILTERED_MODELS_CTE,
    _MODEL_PAGE,
    MODEL_COLUMNS,
    NO_FILTERS,
    ModelFilters,
    _query,
)

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
ORDER BY search_rank, search_gap, release_date DESC NULLS LAST, name
"""


_FILTERED_COUNT_SQL = f"WITH {_FILTERED_MODELS_CTE} SELECT count(*) AS n FROM filtered"


def load_models(filters: ModelFilters = NO_FILTERS) -> pl.DataFrame:
    """`models` narrowed by `filters`, newest first, plus display helpers: `training_compute_zflop`
    (compute in ZFLOP = 1e21 FLOP: Streamlit's number columns refuse integer-valued numbers above
    2^53, and every float64 above 2^53 is an integer), `size_class`, `weights_label`,
    `organization_label` (joint developers comma-spaced) and `model_page` (a relative link to the
    Model page)."""
    return _query(_MODELS_SQL, filters.params())


def count_models(filters: ModelFilters = NO_FILTERS) -> int:
    return _query(_FILTERED_COUNT_SQL, filters.params()).item()


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
