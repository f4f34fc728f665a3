"""Reads for the Explorer page: the filtered `models` table and its downloads."""

from __future__ import annotations

import polars as pl

from dashboard.downloads import to_csv, to_parquet, with_sources
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


_SOURCES_SQL = f"""
WITH {_FILTERED_MODELS_CTE}
SELECT s.model_id, s.field, s.citation FROM sources AS s
JOIN filtered AS f USING (model_id)
ORDER BY s.model_id, s.field
"""


def load_model_sources(filters: ModelFilters = NO_FILTERS) -> pl.DataFrame:
    """model_id, field, citation: the `sources` rows of the models `filters` keep."""
    return _query(_SOURCES_SQL, filters.params())


_EMPTY_SOURCES = pl.DataFrame(
    schema={"model_id": pl.String, "field": pl.String, "citation": pl.String}
)


def download_frame(frame: pl.DataFrame, sources: pl.DataFrame | None = None) -> pl.DataFrame:
    """The public columns of a `load_models` frame, each cited value column followed by its
    citation (`<column>_source`, from `sources` rows: model_id, field, citation)."""
    cited = _EMPTY_SOURCES if sources is None else sources
    return with_sources(frame.select(MODEL_COLUMNS), cited)


def models_csv(frame: pl.DataFrame, sources: pl.DataFrame | None = None) -> bytes:
    """`download_frame` as CSV: formula-looking text defused, plain decimals, no float noise
    (`dashboard.downloads.to_csv`)."""
    return to_csv(download_frame(frame, sources))


def models_parquet(
    frame: pl.DataFrame, sources: pl.DataFrame | None = None, citation: str = ""
) -> bytes:
    """`download_frame` as Parquet, types kept, the data set's citation in its metadata
    (`dashboard.downloads.to_parquet`)."""
    return to_parquet(download_frame(frame, sources), citation)
