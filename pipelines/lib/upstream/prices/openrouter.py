"""OpenRouter's model list (prices and context windows): schema, reader and claims."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pandera.polars as pa
import polars as pl

from pipelines.lib.ingest.aliases import attach_ids
from pipelines.lib.staging.claims import AGGREGATOR, claims_frame
from pipelines.lib.upstream.prices.base import (
    NUMBER,
    OPENROUTER_AS_OF,
    OPENROUTER_URL,
    _unmatched,
    moving_alias,
)


class OpenRouterModelsSchema(pa.DataFrameModel):
    """OpenRouter `/api/v1/models` (`{"data": [...]}`), one row per model; `created` is unix
    seconds (the day added to OpenRouter), `pricing_*` strings in USD per token."""

    id: str = pa.Field(nullable=False, unique=True, description="OpenRouter model id.")
    hugging_face_id: str = pa.Field(nullable=True, description="Hugging Face repo id, if any.")
    name: str = pa.Field(nullable=False, description="Display name.")
    created: int = pa.Field(nullable=False, ge=0, description="Added to OpenRouter (unix s).")
    context_length: int = pa.Field(nullable=False, gt=0, description="Context window (tokens).")
    pricing_prompt: str = pa.Field(
        nullable=True, str_matches=NUMBER, description="USD per input token."
    )
    pricing_completion: str = pa.Field(
        nullable=True, str_matches=NUMBER, description="USD per output token."
    )


def _int(x: object) -> int | None:
    return x if isinstance(x, int) and not isinstance(x, bool) else None


def _text(x: object) -> str | None:
    return x.strip() if isinstance(x, str) and x.strip() else None


def read_openrouter(path: Path) -> pl.DataFrame:
    data = json.loads(path.read_bytes())
    if not isinstance(data, dict) or not isinstance(data.get("data"), list):
        raise ValueError(f"{path}: expected an object with a `data` list (OpenRouter API)")
    rows = []
    for item in data["data"]:
        if not isinstance(item, dict):
            raise ValueError(f"{path}: `data` holds a non-object item")
        pricing = item.get("pricing") if isinstance(item.get("pricing"), dict) else {}
        rows.append(
            (
                _text(item.get("id")),
                _text(item.get("hugging_face_id")),
                _text(item.get("name")),
                _int(item.get("created")),
                _int(item.get("context_length")),
                pricing.get("prompt") if isinstance(pricing.get("prompt"), str) else None,
                pricing.get("completion") if isinstance(pricing.get("completion"), str) else None,
            )
        )
    frame = pl.DataFrame(
        rows,
        schema={
            "id": pl.String,
            "hugging_face_id": pl.String,
            "name": pl.String,
            "created": pl.Int64,
            "context_length": pl.Int64,
            "pricing_prompt": pl.String,
            "pricing_completion": pl.String,
        },
        orient="row",
    )
    return OpenRouterModelsSchema.validate(frame, lazy=True)


def openrouter_claims(
    models: pl.DataFrame,
    aliases: pl.DataFrame,
    hf_place,
    retrieved: dt.date,
) -> tuple[pl.DataFrame, pl.DataFrame]:
    """Context-window claims for models the alias map (namespace `openrouter`, by OpenRouter id)
    or their `hugging_face_id` places (`hf_place(frame, column)`: the alias map `hf`, then the
    exact repo rules), as (claims, unmatched). No prices (a reseller's route), no dates."""
    by_id = attach_ids(models, "id", "openrouter", aliases).rename({"model_id": "_by_id"})
    by_hf = hf_place(
        by_id.drop("matched_by", "name_key").with_columns(pl.col("hugging_face_id").fill_null("")),
        "hugging_face_id",
    )
    refused = moving_alias("id")
    ided = by_hf.with_columns(
        pl.when(refused)
        .then(None)
        .otherwise(
            pl.coalesce(
                "_by_id",
                pl.when(pl.col("hugging_face_id") != "").then(pl.col("model_id")),
            )
        )
        .alias("model_id"),
        refused.alias("_moving"),
    )
    claims = claims_frame(
        ided.select(
            "model_id",
            pl.lit("context_window").alias("field"),
            pl.col("context_length").cast(pl.Float64).alias("value"),
            pl.col("id").alias("source_record"),
        ),
        source="openrouter_2026_08",
        citation=OPENROUTER_URL,
        method="reported",
        precedence=AGGREGATOR,
        retrieved_date=retrieved,
        as_of_date=OPENROUTER_AS_OF,
    )
    reason = (
        pl.when(pl.col("hugging_face_id") == "")
        .then(pl.lit("no hugging_face_id and no alias (openrouter)"))
        .otherwise(
            pl.concat_str(
                [
                    pl.lit("hugging_face_id "),
                    pl.col("hugging_face_id"),
                    pl.lit(" matches no model (alias hf or exact repo rule)"),
                ]
            )
        )
    )
    return claims, _unmatched(ided, "openrouter_2026_08", pl.col("id"), reason)
