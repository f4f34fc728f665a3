"""models.dev: its model and price tables, the first-party provider of each lab, claims."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pandera.polars as pa
import polars as pl

from pipelines.lib.staging.claims import AGGREGATOR, claims_frame
from pipelines.lib.upstream.prices.base import (
    BOOL,
    DAY_OR_MONTH,
    MODELS_DEV_AS_OF,
    MODELS_DEV_COMMIT,
    MODELS_DEV_PROVIDER_LAB,
    MODELS_DEV_REPO,
    _place,
    _unmatched,
)
from pipelines.lib.upstream.published import PublishedCsvSchema, number


class ModelsDevModelsSchema(PublishedCsvSchema):
    """models.dev `DERIVED_models_flat.csv` (one row per models/<lab>/<id>.toml)."""

    lab: str = pa.Field(alias="lab", nullable=False, description="Lab folder.")
    id: str = pa.Field(alias="id", nullable=False, description="Model id in the lab folder.")
    release_date: str = pa.Field(
        alias="release_date", nullable=True, str_matches=DAY_OR_MONTH, description="Released."
    )
    last_updated: str = pa.Field(
        alias="last_updated", nullable=True, str_matches=DAY_OR_MONTH, description="Changed."
    )
    open_weights: str = pa.Field(
        alias="open_weights", nullable=True, isin=BOOL, description="Weights published."
    )
    limit_context: str = number("limit_context", description="Context (tokens).")
    limit_input: str = number("limit_input", description="Input cap (tokens).")
    path: str = pa.Field(alias="_path", nullable=False, unique=True, description="Source TOML.")

    class Config:
        unique = ["lab", "id"]


class ModelsDevPricesSchema(PublishedCsvSchema):
    """models.dev `DERIVED_first_party_provider_prices_flat.csv` (one row per
    providers/<provider>/models/**.toml; costs in USD per 1M tokens, the base of a tier table)."""

    provider: str = pa.Field(alias="provider", nullable=False, description="Provider folder.")
    model_id: str = pa.Field(alias="model_id", nullable=False, description="Provider's id.")
    base_model: str = pa.Field(
        alias="base_model", nullable=True, str_matches=r"^[^/]+/.+$", description="<lab>/<id>."
    )
    cost_input: str = number("cost_input_usd_per_mtok", description="USD/1M.")
    cost_output: str = number("cost_output_usd_per_mtok", description="USD/1M.")
    has_tiers: str = pa.Field(
        alias="cost_has_tiers", nullable=False, isin=BOOL, description="Tiered cost table."
    )
    limit_context: str = number("limit_context", description="Context (tokens).")
    path: str = pa.Field(alias="_path", nullable=False, unique=True, description="Source TOML.")


def read_models_dev_models(path: Path) -> pl.DataFrame:
    return ModelsDevModelsSchema.read(path)


def read_models_dev_prices(path: Path) -> pl.DataFrame:
    return ModelsDevPricesSchema.read(path)


def _models_dev_cite(path_col: str = "_path") -> pl.Expr:
    return pl.concat_str([pl.lit(f"{MODELS_DEV_REPO}/blob/{MODELS_DEV_COMMIT}/"), pl.col(path_col)])


def models_dev_first_party(prices: pl.DataFrame) -> pl.DataFrame:
    """The provider rows that are the developer's own offer, with `match_name` (the model's id: the
    base model's when the file names one) and `lab`."""
    provider_lab = pl.col("provider").replace_strict(MODELS_DEV_PROVIDER_LAB, default=None)
    base = pl.col("base_model").fill_null("")
    lab = (
        pl.when(base != "")
        .then(base.str.split("/").list.first())
        .when(pl.col("model_id").str.contains("/"))  # NIM's `<org>/<model>` listings
        .then(pl.col("model_id").str.split("/").list.first())
        .otherwise(provider_lab)
    )
    name = pl.when(base != "").then(base).otherwise(pl.col("model_id")).str.split("/").list.last()
    return prices.with_columns(lab.alias("lab"), name.alias("match_name")).filter(
        pl.col("lab") == provider_lab
    )


def models_dev_claims(
    registry: pl.DataFrame,
    prices: pl.DataFrame,
    aliases: pl.DataFrame,
    known_ids: pl.DataFrame,
    retrieved: dt.date,
) -> tuple[pl.DataFrame, pl.DataFrame]:
    """First-party list prices and the registry's context windows of the models the alias map
    (namespace `models_dev`, by id) or the exact rule places, as of the pinned commit; as
    (claims, unmatched)."""
    own = _place(models_dev_first_party(prices), "match_name", "models_dev", aliases, known_ids)
    price_rows = [
        own.select(
            "model_id",
            pl.lit(field).alias("field"),
            pl.col(column).cast(pl.Float64).alias("value"),
            _models_dev_cite().alias("citation"),
            pl.col("_path").alias("source_record"),
        )
        for field, column in (
            ("price_usd_per_1m_input_tokens", "cost_input_usd_per_mtok"),
            ("price_usd_per_1m_output_tokens", "cost_output_usd_per_mtok"),
        )
    ]
    # One price per model and direction: a dated snapshot and its undated alias of one release
    # list one price; where two files differ, the lower path (stable) is kept.
    prices_out = (
        pl.concat(price_rows)
        .filter(pl.col("model_id").is_not_null() & (pl.col("value") > 0))
        .sort("model_id", "field", "source_record")
        .unique(["model_id", "field"], keep="first", maintain_order=True)
    )
    reg = _place(registry, "id", "models_dev", aliases, known_ids)
    window = pl.coalesce(
        pl.col("limit_input").cast(pl.Float64), pl.col("limit_context").cast(pl.Float64)
    )
    context = (
        reg.select(
            "model_id",
            pl.lit("context_window").alias("field"),
            window.alias("value"),
            _models_dev_cite().alias("citation"),
            pl.col("_path").alias("source_record"),
        )
        .filter(pl.col("model_id").is_not_null() & (pl.col("value") > 0))
        .sort("model_id", "source_record")
        .unique("model_id", keep="first", maintain_order=True)
    )
    claims = claims_frame(
        pl.concat([prices_out, context]),
        source="models_dev_2026_07",
        method="reported",
        precedence=AGGREGATOR,
        retrieved_date=retrieved,
        as_of_date=MODELS_DEV_AS_OF,
    )
    unmatched = _unmatched(
        reg,
        "models_dev_2026_07",
        pl.concat_str([pl.col("lab"), pl.lit("/"), pl.col("id")]),
        pl.lit("no alias (models_dev) and no model_id equal to the id"),
    )
    return claims, unmatched
