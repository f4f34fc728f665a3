"""Reads for the Explorer page: the filtered `models` table and its downloads."""

from __future__ import annotations

import polars as pl

from dashboard.downloads import to_csv, to_parquet, with_sources
from dashboard.queries.base import MODEL_COLUMNS, NO_FILTERS, ModelFilters, _query, load_query

_MODELS_SQL = load_query("explorer_models")


_FILTERED_COUNT_SQL = load_query("explorer_count")


def load_models(filters: ModelFilters = NO_FILTERS) -> pl.DataFrame:
    """`models` narrowed by `filters`, newest first, plus display helpers: `training_compute_zflop`
    (compute in ZFLOP = 1e21 FLOP: Streamlit's number columns refuse integer-valued numbers above
    2^53, and every float64 above 2^53 is an integer), `size_class`, `weights_label`,
    `organization_label` (joint developers comma-spaced) and `model_page` (a relative link to the
    Model page)."""
    return _query(_MODELS_SQL, filters.params())


def count_models(filters: ModelFilters = NO_FILTERS) -> int:
    return _query(_FILTERED_COUNT_SQL, filters.params()).item()


_SOURCES_SQL = load_query("explorer_sources")


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
