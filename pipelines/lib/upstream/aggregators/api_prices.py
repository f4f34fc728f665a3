"""Current API prices: LiteLLM's price table and Epoch AI's dated API prices."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pandera.polars as pa
import polars as pl

from pipelines.lib.ingest.aliases import attach_ids, key_expr
from pipelines.lib.staging.claims import AGGREGATOR, claims_frame
from pipelines.lib.upstream.aggregators.hf import LITELLM_URL
from pipelines.lib.upstream.epoch import INSTRUCT_PATTERN
from pipelines.lib.upstream.prices import moving_alias
from pipelines.lib.upstream.published import PublishedCsvSchema


class LiteLLMSchema(pa.DataFrameModel):
    """LiteLLM `model_prices_and_context_window.json`, flattened to one row per key."""

    key: str = pa.Field(nullable=False, unique=True)
    mode: str = pa.Field(nullable=True)
    max_input_tokens: float = pa.Field(nullable=True, ge=0)
    input_cost_per_token: float = pa.Field(nullable=True, ge=0)
    output_cost_per_token: float = pa.Field(nullable=True, ge=0)


def _json_number(x: object) -> float | None:
    return float(x) if isinstance(x, (int, float)) and not isinstance(x, bool) else None


def read_litellm(path: Path) -> pl.DataFrame:
    data = json.loads(path.read_bytes())
    if not isinstance(data, dict):
        raise ValueError(f"{path}: expected a JSON object of model keys")
    rows = []
    for k, v in data.items():
        if k in ("sample_spec", "last_updated") or not isinstance(v, dict):
            continue
        rows.append(
            (
                k,
                v.get("mode"),
                _json_number(v.get("max_input_tokens")),
                _json_number(v.get("input_cost_per_token")),
                _json_number(v.get("output_cost_per_token")),
            )
        )
    frame = pl.DataFrame(
        rows,
        schema={
            "key": pl.String,
            "mode": pl.String,
            "max_input_tokens": pl.Float64,
            "input_cost_per_token": pl.Float64,
            "output_cost_per_token": pl.Float64,
        },
        orient="row",
    )
    return LiteLLMSchema.validate(frame, lazy=True)


def litellm_claims(
    lite: pl.DataFrame,
    aliases: pl.DataFrame,
    known_ids: pl.DataFrame,
    as_of: dt.date,
    retrieved: dt.date,
    source: str = "litellm",
    citation: str = LITELLM_URL,
) -> pl.DataFrame:
    """Claims only for keys the alias map names, or keys equal to a known model_id; never for
    a moving alias (`deepseek/deepseek-chat`, `*-latest`: whatever the vendor serves now).
    `source` and `citation` name the dated snapshot (several are read, each with its as-of)."""
    chat = lite.filter((pl.col("mode") == "chat") & ~moving_alias("key"))
    rule = known_ids.select(pl.col("model_id").alias("name_key"), "model_id")
    ided = attach_ids(chat, "key", "litellm", aliases, fallback=rule).filter(
        pl.col("model_id").is_not_null()
    )
    rows = [
        ided.select(
            "model_id",
            "key",
            pl.lit("price_usd_per_1m_input_tokens").alias("field"),
            (pl.col("input_cost_per_token") * 1e6).alias("value"),
        ),
        ided.select(
            "model_id",
            "key",
            pl.lit("price_usd_per_1m_output_tokens").alias("field"),
            (pl.col("output_cost_per_token") * 1e6).alias("value"),
        ),
        ided.select(
            "model_id",
            "key",
            pl.lit("context_window").alias("field"),
            pl.col("max_input_tokens").alias("value"),
        ),
    ]
    return claims_frame(
        pl.concat(rows).rename({"key": "source_record"}),
        source=source,
        citation=citation,
        method="reported",
        precedence=AGGREGATOR,
        retrieved_date=retrieved,
        as_of_date=as_of,
    )


class EpochPricesSchema(PublishedCsvSchema):
    """Epoch llm-benchmark-efficiency `API prices - full view.csv`, as published."""

    price: str = pa.Field(alias="Price", nullable=True, str_matches=r"^\$[0-9]+(\.[0-9]+)?$")
    unit: str = pa.Field(alias="Price Unit", nullable=True)
    model: str = pa.Field(alias="Model", nullable=True)
    date: str = pa.Field(
        alias="Price date", nullable=True, str_matches=r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$"
    )
    link: str = pa.Field(alias="Archived price link", nullable=True)
    version: str = pa.Field(alias="Model Version", nullable=True)
    fine_tuned: str = pa.Field(alias="Fine Tuned Model", nullable=True)
    context: str = pa.Field(alias="Context Window Tokens", nullable=True)


def read_epoch_prices(path: Path) -> pl.DataFrame:
    return EpochPricesSchema.read(path)


def epoch_price_claims(
    prices: pl.DataFrame, aliases: pl.DataFrame, epoch_ids: pl.DataFrame, retrieved: dt.date
) -> pl.DataFrame:
    rule = epoch_ids.select(key_expr("Model").alias("name_key"), "model_id")
    ided = attach_ids(prices, "Model", "epoch_prices", aliases, fallback=rule)
    # A price for a chat/instruct version ("Model Version") is not the base model's price, and
    # fine-tuning prices are not list prices: only an explicit alias attaches the former.
    instruct = pl.col("Model Version").fill_null("").str.contains(INSTRUCT_PATTERN)
    ided = ided.filter(
        pl.col("model_id").is_not_null()
        & pl.col("Fine Tuned Model").is_null()
        & ~(instruct & (pl.col("matched_by") == "exact name"))
    )
    unit = pl.col("Price Unit").fill_null("")
    value = pl.col("Price").str.strip_prefix("$").cast(pl.Float64, strict=False)
    both = unit == "$/1M tokens (input or output)"
    rows = []
    for field, pattern in (
        ("price_usd_per_1m_input_tokens", "$/1M input tokens"),
        ("price_usd_per_1m_output_tokens", "$/1M output tokens"),
    ):
        rows.append(
            ided.filter((unit == pattern) | both).select(
                "model_id",
                pl.lit(field).alias("field"),
                value.alias("value"),
                pl.col("Archived price link").str.strip_chars().alias("citation"),
                pl.col("Price date").str.to_date().alias("as_of_date"),
                pl.col("Model").alias("source_record"),
            )
        )
    latest = (
        pl.concat(rows)
        .filter(pl.col("citation").is_not_null())
        .sort("as_of_date", "value", descending=[True, False])
        .unique(["model_id", "field"], keep="first", maintain_order=True)
    )
    return claims_frame(
        latest,
        source="epoch_api_prices",
        method="reported",
        precedence=AGGREGATOR,
        retrieved_date=retrieved,
    )
