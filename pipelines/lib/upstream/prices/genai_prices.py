"""pydantic's genai-prices feed: schema, reader, the prices in force and claims."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pandera.polars as pa
import polars as pl

from pipelines.lib.staging.claims import AGGREGATOR, claims_frame
from pipelines.lib.upstream.prices.base import (
    DATE,
    GENAI_FIRST_PARTY,
    GENAI_PRICES_AS_OF,
    GENAI_PRICES_COMMIT,
    GENAI_PRICES_REPO,
    _place,
    _unmatched,
)


class GenaiPricesSchema(pa.DataFrameModel):
    """genai-prices v2 `data.json`, one row per (provider, model, price entry); prices in USD
    per 1M tokens (`*_shape`: a number, a tiered object whose base is taken, or absent)."""

    provider: str = pa.Field(nullable=False, description="Provider id.")
    model_id: str = pa.Field(nullable=False, description="Model id at the provider.")
    key: str = pa.Field(nullable=False, description="provider/model_id.")
    entry: int = pa.Field(nullable=False, ge=0, description="Index among the model's prices.")
    start_date: str = pa.Field(nullable=True, str_matches=DATE, description="Price from this day.")
    start_time: str = pa.Field(nullable=True, description="Time-of-day window start.")
    input_mtok: float = pa.Field(nullable=True, ge=0, description="USD per 1M input tokens.")
    output_mtok: float = pa.Field(nullable=True, ge=0, description="USD per 1M output tokens.")
    price_comments: str = pa.Field(nullable=True, description="The feed's note on the price.")
    tracks_latest: bool = pa.Field(
        nullable=False, description="The match rule names `<id>-latest` (a moving alias)."
    )
    input_shape: str = pa.Field(
        nullable=False, isin=["number", "tiered", "absent"], description="Input price shape."
    )
    output_shape: str = pa.Field(
        nullable=False, isin=["number", "tiered", "absent"], description="Output price shape."
    )

    class Config:
        unique = ["provider", "model_id", "entry"]


def _price(value: object) -> tuple[float | None, str]:
    if value is None:
        return None, "absent"
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return float(value), "number"
    if isinstance(value, dict) and isinstance(value.get("base"), (int, float)):
        return float(value["base"]), "tiered"
    return None, f"unknown: {json.dumps(value)[:80]}"


def _equals_names(rule: object) -> list[str]:
    """Every `equals` name in a genai-prices match rule (nested `or`/`and` included)."""
    if isinstance(rule, dict):
        return [n for k, v in rule.items() for n in ([v] if k == "equals" else _equals_names(v))]
    if isinstance(rule, list):
        return [n for v in rule for n in _equals_names(v)]
    return []


def read_genai_prices(path: Path) -> pl.DataFrame:
    data = json.loads(path.read_bytes())
    if not isinstance(data, list):
        raise ValueError(f"{path}: expected a JSON list of providers (genai-prices v2)")
    rows = []
    for provider in data:
        if not isinstance(provider, dict) or not isinstance(provider.get("models"), list):
            raise ValueError(f"{path}: a provider without a `models` list")
        for model in provider["models"]:
            if not isinstance(model, dict):
                raise ValueError(f"{path}: {provider.get('id')}: a non-object model")
            tracks_latest = f"{model.get('id')}-latest" in _equals_names(model.get("match"))
            comments = model.get("price_comments")
            prices = model.get("prices")
            entries = prices if isinstance(prices, list) else [{"prices": prices}]
            for i, entry in enumerate(entries):
                entry = entry if isinstance(entry, dict) else {}
                constraint = entry.get("constraint") or {}
                values = entry.get("prices") if isinstance(entry.get("prices"), dict) else {}
                inp, in_shape = _price(values.get("input_mtok"))
                out, out_shape = _price(values.get("output_mtok"))
                rows.append(
                    (
                        provider.get("id"),
                        model.get("id"),
                        f"{provider.get('id')}/{model.get('id')}",
                        i,
                        constraint.get("start_date"),
                        constraint.get("start_time"),
                        comments if isinstance(comments, str) else None,
                        tracks_latest,
                        inp,
                        out,
                        in_shape,
                        out_shape,
                    )
                )
    frame = pl.DataFrame(
        rows,
        schema={
            "provider": pl.String,
            "model_id": pl.String,
            "key": pl.String,
            "entry": pl.Int64,
            "start_date": pl.String,
            "start_time": pl.String,
            "price_comments": pl.String,
            "tracks_latest": pl.Boolean,
            "input_mtok": pl.Float64,
            "output_mtok": pl.Float64,
            "input_shape": pl.String,
            "output_shape": pl.String,
        },
        orient="row",
    )
    return GenaiPricesSchema.validate(frame, lazy=True)


def genai_in_force(prices: pl.DataFrame, on: dt.date = GENAI_PRICES_AS_OF) -> pl.DataFrame:
    """Each model's price in force on `on`, with its as-of date: the entry with the latest
    `start_date` not after `on` (none: the undated entry, as of `on`); time-of-day windows are
    not the list price."""
    start = pl.col("start_date").str.to_date("%Y-%m-%d")
    return (
        prices.filter(pl.col("start_time").is_null())
        .with_columns(start.alias("_start"))
        .filter(pl.col("_start").is_null() | (pl.col("_start") <= on))
        .sort(["key", "_start"], descending=[False, True], nulls_last=True)
        .unique("key", keep="first", maintain_order=True)
        .with_columns(pl.coalesce("_start", pl.lit(on)).alias("as_of_date"))
        .drop("_start")
    )


def genai_prices_claims(
    prices: pl.DataFrame, aliases: pl.DataFrame, known_ids: pl.DataFrame, retrieved: dt.date
) -> tuple[pl.DataFrame, pl.DataFrame]:
    """The developer's own prices in force on the feed date, for models the alias map (namespace
    `genai_prices`, by id) or the exact rule places, as (claims, unmatched)."""
    resold = pl.col("price_comments").fill_null("").str.contains(r"(?i)open ?router")
    own = genai_in_force(prices.filter(pl.col("provider").is_in(GENAI_FIRST_PARTY) & ~resold))
    ided = _place(own, "model_id", "genai_prices", aliases, known_ids)
    # An undated id whose entry also prices `<id>-latest` (Mistral's `mistral-large`,
    # `codestral`) is the family's moving name: only the alias map may place it.
    ided = ided.with_columns(
        pl.when(pl.col("tracks_latest") & (pl.col("matched_by") == "exact name"))
        .then(None)
        .otherwise(pl.col("model_id"))
        .alias("model_id"),
        (pl.col("_moving") | pl.col("tracks_latest")).alias("_moving"),
    )
    cite = pl.concat_str(
        [
            pl.lit(f"{GENAI_PRICES_REPO}/blob/{GENAI_PRICES_COMMIT}/prices/providers/"),
            pl.col("provider"),
            pl.lit(".yml"),
        ]
    )
    rows = [
        ided.select(
            "model_id",
            pl.lit(field).alias("field"),
            pl.col(column).alias("value"),
            cite.alias("citation"),
            "as_of_date",
            pl.col("key").alias("source_record"),
        )
        for field, column in (
            ("price_usd_per_1m_input_tokens", "input_mtok"),
            ("price_usd_per_1m_output_tokens", "output_mtok"),
        )
    ]
    claims = claims_frame(
        pl.concat(rows)
        .filter(pl.col("model_id").is_not_null() & (pl.col("value") > 0))
        .sort("model_id", "field", "source_record")
        .unique(["model_id", "field"], keep="first", maintain_order=True),
        source="genai_prices_2026_08",
        method="reported",
        precedence=AGGREGATOR,
        retrieved_date=retrieved,
    )
    unmatched = _unmatched(
        ided,
        "genai_prices_2026_08",
        pl.col("key"),
        pl.lit("no alias (genai_prices) and no model_id equal to the id"),
    )
    return claims, unmatched
