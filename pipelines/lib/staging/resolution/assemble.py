"""The public `models`, `sources` and `benchmark_scores` frames from the resolved claims."""

from __future__ import annotations

import polars as pl

from pipelines.lib.ingest.aliases import key_expr
from pipelines.lib.staging import claims as cl
from pipelines.lib.staging.resolution.inputs import CURATED_FIELDS
from pipelines.lib.tables import ModelsSchema, dtypes_of


def assemble_models(
    curated: pl.DataFrame,
    identity: pl.DataFrame,
    resolved: pl.DataFrame,
    moe_ids: pl.Series,
    unsure_ids: pl.Series | None = None,
    extra: pl.DataFrame | None = None,
) -> pl.DataFrame:
    """One row per model: identity from the curated record, else Epoch, else `extra` (models
    only another source defines: model_id, name, organization, release_date, open_weights,
    base_model_id, source_file); numbers from `resolved`."""
    access = pl.col("Model accessibility")
    epoch_rows = (
        identity.filter(~pl.col("model_id").is_in(curated["model_id"].implode()))
        .select(
            "model_id",
            pl.col("Model").alias("name"),
            pl.col("Organization").fill_null("Unknown").alias("organization"),
            pl.col("Publication date").str.to_date(strict=False).alias("release_date"),
            pl.when(access.is_null())
            .then(None)
            .otherwise(access.str.starts_with("Open weights"))
            .alias("open_weights"),
            pl.col("Base model").alias("_base_name"),
            pl.col("snapshot"),
        )
        .filter(pl.col("release_date").is_not_null())
    )
    base = identity.select(
        key_expr("Model").alias("_base_key"), pl.col("model_id").alias("base_model_id")
    )
    epoch_rows = (
        epoch_rows.with_columns(key_expr("_base_name").alias("_base_key"))
        .join(base, on="_base_key", how="left")
        .with_columns(
            pl.concat_str([pl.lit("data/raw/upstream/"), pl.col("snapshot")]).alias("source_file")
        )
        .drop("_base_name", "_base_key", "snapshot")
    )
    values = resolved.pivot(on="field", index="model_id", values="value")
    for column in cl.FIELDS:
        if column not in values.columns:
            values = values.with_columns(pl.lit(None, dtype=pl.Float64).alias(column))
    method = resolved.filter(pl.col("field") == "training_compute_flop").select(
        "model_id", pl.col("method").alias("compute_method")
    )
    active_method = resolved.filter(pl.col("field") == "params_active").select(
        "model_id", pl.col("method").alias("params_active_method")
    )
    as_of = resolved.filter(pl.col("field") == "price_usd_per_1m_input_tokens").select(
        "model_id", pl.col("as_of_date").alias("price_as_of_date")
    )
    identity_columns = [
        "model_id",
        "name",
        "organization",
        "release_date",
        "architecture",
        "open_weights",
        "base_model_id",
        "source_file",
    ]
    ident = pl.concat(
        [
            curated.select(identity_columns),
            epoch_rows.with_columns(pl.lit(None, dtype=pl.String).alias("architecture")).select(
                identity_columns
            ),
            *(
                []
                if extra is None
                else [
                    extra.with_columns(pl.lit(None, dtype=pl.String).alias("architecture"))
                    .select(identity_columns)
                    .cast({"release_date": pl.Date, "open_weights": pl.Boolean})
                ]
            ),
        ]
    ).unique("model_id", keep="first", maintain_order=True)
    out = (
        ident.join(values, on="model_id", how="left")
        .join(method, on="model_id", how="left")
        .join(active_method, on="model_id", how="left")
        .join(as_of, on="model_id", how="left")
    )
    is_moe = pl.col("model_id").is_in(moe_ids.implode()) | (
        pl.col("params_active") < 0.95 * pl.col("params_total")
    )
    arch = pl.coalesce(
        "architecture",
        pl.when(pl.col("params_total").is_null())
        .then(pl.lit("unknown"))
        .when(is_moe)
        .then(pl.lit("moe"))
        .when(
            pl.col("model_id").is_in(
                (unsure_ids if unsure_ids is not None else pl.Series([], dtype=pl.String)).implode()
            )
        )
        .then(pl.lit("unknown"))
        .otherwise(pl.lit("dense")),
    )
    out = out.with_columns(arch.alias("architecture")).with_columns(
        pl.when(pl.col("architecture") == "dense")
        .then(pl.col("params_total"))
        .when(pl.col("architecture") == "moe")
        .then(pl.col("params_active"))
        .otherwise(None)
        .alias("params_active"),
        pl.when(pl.col("architecture") == "moe")
        .then(pl.col("params_active_method"))
        .otherwise(None)
        .alias("params_active_method"),
        pl.col("context_window").round(0).cast(pl.Int64),
    )
    return out.select([pl.col(c).cast(t) for c, t in dtypes_of(ModelsSchema).items()]).sort(
        "release_date", "model_id", nulls_last=True
    )


def assemble_sources(record_sources: pl.DataFrame, resolved: pl.DataFrame) -> pl.DataFrame:
    """One citation per value in `models` (plus curated citations for non-numeric fields)."""
    numbers = resolved.select("model_id", "field", "citation", "source", "method", "confidence")
    numeric_fields = [*CURATED_FIELDS, "price", "benchmarks.mmlu"]
    curated_other = record_sources.filter(~pl.col("field").is_in(numeric_fields)).select(
        "model_id",
        "field",
        "citation",
        pl.when(pl.col("kind") == "copy")
        .then(pl.lit("curated_copy"))
        .otherwise(pl.lit("curated"))
        .alias("source"),
        pl.lit(None, dtype=pl.String).alias("method"),
        pl.lit(None, dtype=pl.String).alias("confidence"),
    )
    return pl.concat([numbers, curated_other]).sort("model_id", "field")


def without_outranked_copies(
    record_scores: pl.DataFrame, record_sources: pl.DataFrame, resolved: pl.DataFrame
) -> pl.DataFrame:
    """The curated scores less each 5-shot MMLU a record cites from a copy (`source_kinds`)
    whose claim lost to the maker's own figure quoted elsewhere: that resolved score is the
    row `assemble_scores` then gives, not the copy's."""
    copied = record_sources.filter(
        (pl.col("field") == "benchmarks.mmlu") & (pl.col("kind") == "copy")
    ).select("model_id")
    lost = (
        resolved.filter((pl.col("field") == "mmlu") & ~pl.col("source").is_in(cl.COPY_SOURCES))
        .join(copied, on="model_id", how="semi")
        .select("model_id", pl.lit("mmlu").alias("benchmark"), pl.lit(5, pl.Int64).alias("shots"))
    )
    return record_scores.join(lost, on=["model_id", "benchmark", "shots"], how="anti")


def assemble_scores(record_scores: pl.DataFrame, resolved: pl.DataFrame) -> pl.DataFrame:
    """Curated benchmark scores, plus every other model's resolved score per benchmark: 5-shot
    MMLU and the benchmarks of `claims.BENCHMARKS`, each with the shots of its one protocol.
    A curated score of the same benchmark and shots wins. `measured_by` follows the source of
    the resolved claim (`claims.MEASURED_BY`); curated scores are the maker's."""
    shots = pl.DataFrame(
        {
            "benchmark": ["mmlu", *cl.BENCHMARKS],
            "shots": [5, *(n for n, _ in cl.BENCHMARKS.values())],
            "protocol": ["MMLU, 5-shot", *(p for _, p in cl.BENCHMARKS.values())],
        },
        schema={"benchmark": pl.String, "shots": pl.Int64, "protocol": pl.String},
    )
    upstream = (
        resolved.join(shots, left_on="field", right_on="benchmark")
        .select(
            "model_id",
            pl.col("field").alias("benchmark"),
            pl.col("value").alias("score"),
            "shots",
            pl.col("citation").alias("source"),
            "protocol",
            pl.col("source")
            .replace_strict(cl.MEASURED_BY, default=None, return_dtype=pl.String)
            .fill_null(pl.concat_str([pl.lit("aggregator:"), pl.col("source")]))
            .alias("measured_by"),
            pl.lit("percent").alias("unit"),
        )
        .join(record_scores, on=["model_id", "benchmark", "shots"], how="anti")
    )
    if "measured_by" not in record_scores.columns:
        record_scores = record_scores.with_columns(pl.lit("maker").alias("measured_by"))
    if "unit" not in record_scores.columns:
        record_scores = record_scores.with_columns(pl.lit("percent").alias("unit"))
    return pl.concat([record_scores, upstream.select(record_scores.columns)]).sort(
        "model_id", "benchmark", "shots"
    )
