"""Epoch AI's MMLU file, benchmark table (active parameters) and model versions: their
schemas, readers and claims, and Epoch's model versions as models."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pandera.polars as pa
import polars as pl

from pipelines.lib.ingest.aliases import attach_ids, key_expr, slug_expr, with_organization
from pipelines.lib.staging.claims import AGGREGATOR, EPOCH, PRIMARY, claims_frame
from pipelines.lib.upstream.epoch.exports import EPOCH_DB_URL, INSTRUCT_PATTERN
from pipelines.lib.upstream.published import PublishedCsvSchema


class EpochMmluSchema(PublishedCsvSchema):
    """Epoch benchmark-stitching `external_benchmark_mmlu.csv`, as published."""

    name: str = pa.Field(alias="Name", nullable=True)
    em: str = pa.Field(alias="EM", nullable=False, str_matches=r"^[0-9]+(\.[0-9]+)?%$")
    version: str = pa.Field(alias="Model version", nullable=True)
    shots: str = pa.Field(alias="Shots", nullable=True, str_matches=r"^[0-9]+$")
    source: str = pa.Field(alias="Source", nullable=True)
    source_link: str = pa.Field(alias="Source link", nullable=True)


class EpochModelVersionsSchema(PublishedCsvSchema):
    """Epoch benchmark-stitching `model_versions.csv`: version id -> Epoch DB model name."""

    id: str = pa.Field(alias="id", nullable=False)
    model: str = pa.Field(alias="Model", nullable=True)
    released: str = pa.Field(
        alias="Version release date", nullable=True, str_matches=r"^[0-9]{4}-[0-9]{2}-[0-9]{2}"
    )
    hf_developer: str = pa.Field(alias="Hugging Face developer id", nullable=True)


def read_epoch_mmlu(path: Path) -> pl.DataFrame:
    return EpochMmluSchema.read(path).with_columns(
        pl.col("Name").str.strip_chars(), pl.col("Model version").str.strip_chars()
    )


def read_model_versions(path: Path) -> pl.DataFrame:
    return EpochModelVersionsSchema.read(path).with_columns(
        pl.col("id").str.strip_chars(), pl.col("Model").str.strip_chars()
    )


def mmlu_claims(
    mmlu: pl.DataFrame,
    versions: pl.DataFrame,
    epoch_ids: pl.DataFrame,
    aliases: pl.DataFrame,
    retrieved: dt.date,
) -> pl.DataFrame:
    """5-shot MMLU claims. Identity: alias map on `Name` or `Model version`, else the version's
    Epoch DB model (model_versions.csv) when that model is in the database.

    Returns the claims plus unmatched rows (for the identity check), as (claims, unmatched).
    """
    five = mmlu.filter(pl.col("Shots") == "5")
    # model_versions.csv files chat/instruct versions under the base model's name: those rows
    # only match through an explicit alias, never through the version rule.
    tuned = pl.col("Model version").fill_null("").str.contains(INSTRUCT_PATTERN) | pl.col(
        "Name"
    ).fill_null("").str.contains(INSTRUCT_PATTERN)
    by_version = versions.select(
        key_expr("id").alias("name_key"), key_expr("Model").alias("_epoch_key")
    )
    epoch_keys = epoch_ids.select(key_expr("Model").alias("_epoch_key"), "model_id")
    rule = by_version.join(epoch_keys, on="_epoch_key").select("name_key", "model_id")
    named = attach_ids(five, "Name", "epoch_mmlu", aliases)
    versioned = attach_ids(five, "Model version", "epoch_mmlu", aliases, fallback=rule)
    versioned = versioned.with_columns(
        pl.when(five.select(tuned).to_series() & (pl.col("matched_by") == "exact name"))
        .then(None)
        .otherwise(pl.col("model_id"))
        .alias("model_id"),
        pl.when(five.select(tuned).to_series() & (pl.col("matched_by") == "exact name"))
        .then(None)
        .otherwise(pl.col("matched_by"))
        .alias("matched_by"),
    )
    ided = named.with_columns(
        pl.coalesce("model_id", versioned["model_id"]).alias("model_id"),
        pl.coalesce("matched_by", versioned["matched_by"]).alias("matched_by"),
    )
    helm = pl.col("Source").fill_null("").str.contains("(?i)stanford crfm|helm")
    claims = claims_frame(
        ided.select(
            "model_id",
            pl.lit("mmlu").alias("field"),
            pl.col("EM").str.strip_suffix("%").cast(pl.Float64).alias("value"),
            pl.coalesce("Source link", pl.lit(EPOCH_DB_URL)).str.strip_chars().alias("citation"),
            pl.lit("reported").alias("method"),
            pl.when(helm).then(AGGREGATOR).otherwise(PRIMARY).alias("precedence"),
            pl.concat_str(
                [pl.col("Name"), pl.lit(" ("), pl.col("Source").fill_null("?"), pl.lit(")")]
            ).alias("source_record"),
        ),
        source="epoch_mmlu",
        retrieved_date=retrieved,
    )
    unmatched = ided.filter(pl.col("model_id").is_null()).select(
        pl.lit("epoch_mmlu").alias("source"),
        pl.col("Name").alias("name"),
        pl.col("Model version").alias("detail"),
    )
    return claims, unmatched


class EpochBenchmarksSchema(PublishedCsvSchema):
    """Epoch open-model-trends `benchmarks_with_model_accessibility.csv`, as published."""

    system: str = pa.Field(alias="System", nullable=False)
    active: str = pa.Field(
        alias="Active Parameters", nullable=True, str_matches=r"^[0-9][0-9,]*(\.[0-9]+)?$"
    )


def read_epoch_benchmarks(path: Path) -> pl.DataFrame:
    return EpochBenchmarksSchema.read(path).with_columns(pl.col("System").str.strip_chars())


def active_params_claims(
    bench: pl.DataFrame, epoch_ids: pl.DataFrame, aliases: pl.DataFrame, retrieved: dt.date
) -> pl.DataFrame:
    rule = epoch_ids.select(key_expr("Model").alias("name_key"), "model_id")
    ided = attach_ids(bench, "System", "epoch", aliases, fallback=rule)
    return claims_frame(
        ided.select(
            "model_id",
            pl.lit("params_active").alias("field"),
            pl.col("Active Parameters")
            .str.replace_all(",", "")
            .cast(pl.Float64, strict=False)
            .alias("value"),
            pl.col("System").alias("source_record"),
        ),
        source="epoch_benchmarks_2024_10",
        citation=EPOCH_DB_URL,
        method="reported",
        precedence=EPOCH,
        retrieved_date=retrieved,
    )


VERSIONS_FILE = "data/raw/upstream/epoch/epoch_model_versions.csv"


def version_identities(
    unmatched_mmlu: pl.DataFrame,
    versions: pl.DataFrame,
    epoch_ids: pl.DataFrame,
    known_ids: pl.DataFrame,
    organizations: pl.DataFrame,
) -> pl.DataFrame:
    """Epoch model versions that Epoch's MMLU file scores but no model of ours is: each becomes
    a model when epoch_model_versions.csv gives it a release date.

    These are Epoch's own version records (id, `Version release date`, `Hugging Face developer
    id`), so identity and date are cited; a chat/instruct version of a model in the database
    (`Meta-Llama-3-8B-Instruct` -> `Llama 3-8B`) links to it as its base. A slug already taken
    stays unmatched (never merged). Returns identity rows (model_id, name, organization,
    release_date, open_weights, base_model_id, source_file) plus `version_key` (the key of the
    version id, for the MMLU rows to attach to)."""
    wanted = unmatched_mmlu.select(key_expr("detail").alias("version_key")).drop_nulls().unique()
    dated = versions.filter(
        pl.col("Version release date").fill_null("").str.contains(r"^\d{4}-\d{2}-\d{2}")
    ).with_columns(key_expr("id").alias("version_key"))
    base = epoch_ids.select(key_expr("Model").alias("_model_key"), pl.col("model_id").alias("base"))
    rows = (
        dated.join(wanted, on="version_key")
        .unique("version_key", keep="first", maintain_order=True)
        .with_columns(
            slug_expr("id").alias("model_id"),
            pl.col("Hugging Face developer id").str.strip_chars().alias("_org"),
            key_expr(pl.col("Model").fill_null("")).alias("_model_key"),
        )
        .join(base, on="_model_key", how="left")
        .filter(~pl.col("model_id").is_in(known_ids["model_id"].implode()))
    )
    rows = with_organization(rows, "_org", "hf", organizations)
    return rows.select(
        "model_id",
        pl.col("id").alias("name"),
        pl.col("organization").fill_null("Unknown"),
        pl.col("Version release date")
        .str.slice(0, 10)
        .str.to_date(strict=False)
        .alias("release_date"),
        pl.when(pl.col("_org").is_not_null()).then(True).otherwise(None).alias("open_weights"),
        pl.col("base").alias("base_model_id"),
        pl.concat_str([pl.lit(f"{VERSIONS_FILE}#"), pl.col("id")]).alias("source_file"),
        "version_key",
    )


def keep_lowest_confidence(claims: pl.DataFrame, sources: list[str]) -> pl.DataFrame:
    """A figure an earlier Epoch snapshot labelled Speculative stays Speculative when a later
    snapshot repeats the very same figure under a higher label: the evidence did not change
    (GPT-3.5 Turbo's 20B, from a paper's table, is `Speculative` in the 2024-10 and 2025-08
    exports and `Likely` in 2026-08 with the same note). A changed figure keeps its own label."""
    epoch = pl.col("source").is_in(sources)
    speculative = (
        claims.filter(epoch & (pl.col("confidence") == "Speculative"))
        .select("model_id", "field", pl.col("value").round_sig_figs(6).alias("_v"))
        .unique()
        .with_columns(pl.lit(True).alias("_speculative"))
    )
    out = claims.with_columns(pl.col("value").round_sig_figs(6).alias("_v")).join(
        speculative, on=["model_id", "field", "_v"], how="left"
    )
    return out.with_columns(
        pl.when(epoch & pl.col("_speculative").fill_null(False))
        .then(pl.lit("Speculative"))
        .otherwise(pl.col("confidence"))
        .alias("confidence")
    ).drop("_v", "_speculative")


def carry_compute_method(claims: pl.DataFrame, without_method: list[str]) -> pl.DataFrame:
    """Epoch's 2026 exports have no `Training compute estimation method` column, so their
    compute claims come in as `estimate`. Where an older export gives the very same figure with
    a method, that method is carried over (the figure is the same estimate); a figure the older
    exports do not have stays `estimate`."""
    newer = pl.col("source").is_in(without_method)
    key = pl.col("value").round_sig_figs(6).alias("_v")
    known = (
        claims.filter(
            (pl.col("field") == "training_compute_flop")
            & pl.col("source").str.starts_with("epoch_models_")
        )
        .select("model_id", key, pl.col("method").alias("_method"))
        .unique(["model_id", "_v"], keep="first", maintain_order=True)
    )
    out = claims.with_columns(key).join(known, on=["model_id", "_v"], how="left")
    return out.with_columns(
        pl.when(
            newer & (pl.col("field") == "training_compute_flop") & pl.col("_method").is_not_null()
        )
        .then(pl.col("_method"))
        .otherwise(pl.col("method"))
        .alias("method")
    ).drop("_v", "_method")
