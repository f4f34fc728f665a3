"""Token Tariff's price timeline: schema, reader and claims."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pandera.polars as pa
import polars as pl

from pipelines.lib.staging.claims import AGGREGATOR, claims_frame
from pipelines.lib.upstream.prices.base import DATE, _place, _unmatched
from pipelines.lib.upstream.published import PublishedCsvSchema, number


class TokenTariffTimelineSchema(PublishedCsvSchema):
    """Token Tariff `timeline.csv` as published (prices in USD per 1M tokens)."""

    model: str = pa.Field(alias="model", nullable=False, unique=True, description="Model name.")
    vendor: str = pa.Field(alias="vendor", nullable=False, description="Developer.")
    release_date: str = pa.Field(
        alias="release_date", nullable=False, str_matches=DATE, description="Launch day."
    )
    launch_in: str = number("launch_price_in", description="USD per 1M in.")
    launch_out: str = number("launch_price_out", description="USD per 1M out.")
    source_url: str = pa.Field(
        alias="source_url", nullable=False, str_matches=r"^https?://", description="Row source."
    )


def read_timeline(path: Path) -> pl.DataFrame:
    return TokenTariffTimelineSchema.read(path)


def timeline_claims(
    timeline: pl.DataFrame, aliases: pl.DataFrame, known_ids: pl.DataFrame, retrieved: dt.date
) -> tuple[pl.DataFrame, pl.DataFrame]:
    """Launch-price claims (as of the row's release date, citing its source_url) for the rows
    the alias map (namespace `token_tariff`) or the exact rule places, as (claims, unmatched)."""
    ided = _place(timeline, "model", "token_tariff", aliases, known_ids)
    rows = [
        ided.select(
            "model_id",
            pl.lit(field).alias("field"),
            pl.col(column).cast(pl.Float64).alias("value"),
            pl.col("source_url").str.strip_chars().alias("citation"),
            pl.col("release_date").str.to_date("%Y-%m-%d").alias("as_of_date"),
            pl.col("model").alias("source_record"),
        )
        for field, column in (
            ("price_usd_per_1m_input_tokens", "launch_price_in"),
            ("price_usd_per_1m_output_tokens", "launch_price_out"),
        )
    ]
    claims = claims_frame(
        pl.concat(rows).filter(pl.col("value") > 0),
        source="token_tariff_timeline",
        method="reported",
        precedence=AGGREGATOR,
        retrieved_date=retrieved,
    )
    unmatched = _unmatched(
        ided,
        "token_tariff_timeline",
        pl.col("model"),
        pl.lit("no alias (token_tariff) and no model_id equal to the name"),
    )
    return claims, unmatched
