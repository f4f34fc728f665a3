"""Model sizes: how many models per year fall in each size class (`size_classes`) and the
memory it takes to serve each model's weights (`serving_memory`).
"""

from __future__ import annotations

import polars as pl

from pipelines.lib.trends.defaults import (
    SIZE_CLASSES,
)

BYTES_PER_PARAM = {"fp16": 2.0, "int8": 1.0, "int4": 0.5}


def size_classes(models: pl.DataFrame) -> pl.DataFrame:
    """Models per release year and size class (Tiny < 1B ... Massive >= 200B total params)."""
    cls = pl.lit(None, dtype=pl.String)
    for name, low, high in reversed(SIZE_CLASSES):
        cls = (
            pl.when((pl.col("params_total") >= low) & (pl.col("params_total") < high))
            .then(pl.lit(name))
            .otherwise(cls)
        )
    order = pl.DataFrame(
        {"size_class": [c[0] for c in SIZE_CLASSES], "class_order": list(range(len(SIZE_CLASSES)))}
    )
    return (
        models.filter(pl.col("params_total").is_not_null(), pl.col("release_date").is_not_null())
        .select(
            pl.col("release_date").dt.year().cast(pl.Int64).alias("year"), cls.alias("size_class")
        )
        .group_by("year", "size_class")
        .len("models")
        .join(order, on="size_class")
        .sort("year", "class_order")
        .with_columns(pl.col("models").cast(pl.Int64))
    )


def serving_memory(models: pl.DataFrame) -> pl.DataFrame:
    """Weights-only serving memory per model (GB = 1e9 bytes) at FP16, INT8 and INT4 (all
    parameters must be resident, also for MoE); excludes KV cache and activations."""
    return (
        models.filter(pl.col("params_total").is_not_null())
        .select(
            "model_id",
            "name",
            "params_total",
            *[
                (pl.col("params_total") * b / 1e9).alias(f"memory_gb_{k}")
                for k, b in BYTES_PER_PARAM.items()
            ],
        )
        .sort("params_total")
    )
