"""The price in force at a date: what a trend over time must compare.

`models` holds each release's newest cited list price (GPT-4o at its 2024-08 price cut, not at
its launch price), which is right for "what does it cost now" but wrong for a trend over
release dates: a 2023 model at its 2023 price against a 2024 model at its 2026 price compares
unlike things. `prices_at_release` takes from the dated price claims (`claims.as_of_date`) the
price in force when each model was released:

- the newest observation on or before the release date (a launch price announced with it);
- else, when every observation is later, the earliest one (the nearest to the launch we hold).

Input and output prices are taken from one observation date (the newest or earliest date that
has both), so the 3:1 blend never mixes dates. Among several claims of that date: the lowest
precedence (curated first), then the value closest to their median, then the source name.
"""

from __future__ import annotations

import polars as pl

PRICE_FIELDS = ("price_usd_per_1m_input_tokens", "price_usd_per_1m_output_tokens")
INPUT, OUTPUT = PRICE_FIELDS


def prices_at_release(models: pl.DataFrame, claims: pl.DataFrame) -> pl.DataFrame:
    """`models` with its two price columns and `price_as_of_date` replaced by the price in force
    at the release date (see the module). A model with no dated claim of both prices keeps its
    resolved price and date; a model without a release date keeps them too; a model without a
    price (none cited, or one set aside as suspicious) stays without."""
    dated = claims.filter(
        pl.col("field").is_in(PRICE_FIELDS)
        & pl.col("as_of_date").is_not_null()
        & pl.col("value").is_not_null()
        & (pl.col("value") >= 0)
    ).join(
        models.filter(pl.col("release_date").is_not_null()).select("model_id", "release_date"),
        on="model_id",
    )
    # Observation dates with both prices.
    both = (
        dated.group_by("model_id", "release_date", "as_of_date")
        .agg(pl.col("field").n_unique().alias("_fields"))
        .filter(pl.col("_fields") == len(PRICE_FIELDS))
    )
    target = both.group_by("model_id").agg(
        pl.col("as_of_date")
        .filter(pl.col("as_of_date") <= pl.col("release_date"))
        .max()
        .alias("_before"),
        pl.col("as_of_date")
        .filter(pl.col("as_of_date") > pl.col("release_date"))
        .min()
        .alias("_after"),
    )
    target = target.select("model_id", pl.coalesce("_before", "_after").alias("_as_of"))
    picked = (
        dated.join(target, on="model_id")
        .filter(pl.col("as_of_date") == pl.col("_as_of"))
        .with_columns(
            (pl.col("value") - pl.col("value").median().over("model_id", "field", "precedence"))
            .abs()
            .alias("_from_median")
        )
        .sort("model_id", "field", "precedence", "_from_median", "source", "value")
        .unique(["model_id", "field"], keep="first", maintain_order=True)
    )
    if picked.is_empty():
        return models
    wide = picked.pivot(on="field", index=["model_id", "_as_of"], values="value")
    wide = wide.select(
        "model_id",
        pl.col(INPUT).alias("_in"),
        pl.col(OUTPUT).alias("_out"),
        pl.col("_as_of"),
    )
    out = models.join(wide, on="model_id", how="left", maintain_order="left")
    # Only where `models` has a price: one `suspicious_values` removed stays removed.
    found = pl.col("_as_of").is_not_null() & pl.col(INPUT).is_not_null()
    return out.with_columns(
        pl.when(found).then(pl.col("_in")).otherwise(pl.col(INPUT)).alias(INPUT),
        pl.when(found).then(pl.col("_out")).otherwise(pl.col(OUTPUT)).alias(OUTPUT),
        pl.when(found)
        .then(pl.col("_as_of"))
        .otherwise(pl.col("price_as_of_date"))
        .alias("price_as_of_date"),
    ).drop("_in", "_out", "_as_of")
