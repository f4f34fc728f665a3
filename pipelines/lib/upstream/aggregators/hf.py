"""Hugging Face repository ids of the aggregators' rows placed on our models: the alias map
first, then exact slug rules."""

from __future__ import annotations

import polars as pl

from pipelines.lib.ingest.aliases import attach_ids, key_expr, slug_expr
from pipelines.lib.upstream.epoch import INSTRUCT_PATTERN

LEADERBOARD_URL = "https://huggingface.co/spaces/open-llm-leaderboard-old/open_llm_leaderboard"


OBSSCALING_URL = "https://arxiv.org/abs/2405.10938"


LITELLM_URL = "https://github.com/BerriAI/litellm/blob/main/model_prices_and_context_window.json"


def hf_rule(
    known_ids: pl.DataFrame, versions: pl.DataFrame, epoch_ids: pl.DataFrame
) -> pl.DataFrame:
    """Exact rules for Hugging Face repo ids (org/name), as (rule, repo_key, model_id, hf_org):
    `version` — the repo name equals an Epoch model-version id whose model is in the database;
    `slug` — the repo name's slug equals a known model_id. `hf_org` is Epoch's Hugging Face
    developer id for the model, when it gives one."""
    orgs = (
        epoch_ids.select(
            "model_id",
            pl.col("Hugging Face developer id")
            .str.strip_chars()
            .str.to_lowercase()
            .alias("hf_org"),
        )
        if "Hugging Face developer id" in epoch_ids.columns
        else pl.DataFrame(schema={"model_id": pl.String, "hf_org": pl.String})
    ).unique("model_id")
    by_version = (
        versions.select(key_expr("id").alias("repo_key"), key_expr("Model").alias("_epoch_key"))
        .join(epoch_ids.select(key_expr("Model").alias("_epoch_key"), "model_id"), on="_epoch_key")
        .select(pl.lit("version").alias("rule"), "repo_key", "model_id")
        .unique("repo_key", keep="first")
    )
    by_slug = known_ids.select(
        pl.lit("slug").alias("rule"), pl.col("model_id").alias("repo_key"), "model_id"
    ).unique()
    return pl.concat([by_version, by_slug]).join(orgs, on="model_id", how="left")


def with_slug_rules(rule: pl.DataFrame, new_models: pl.DataFrame) -> pl.DataFrame:
    """`rule` plus a `slug` rule for each new model (model_id, hf_org), so other sources'
    rows of the same repo (the leaderboard's) attach to it, and only from that organisation."""
    return pl.concat(
        [
            rule,
            new_models.select(
                pl.lit("slug").alias("rule"),
                pl.col("model_id").alias("repo_key"),
                "model_id",
                "hf_org",
            ),
        ]
    )


def _attach_hf(frame: pl.DataFrame, col: str, aliases: pl.DataFrame, rule: pl.DataFrame):
    """Alias map first; then the exact rules, which never place a chat/instruct repo through
    Epoch's version map (it files those under the base model) and never accept a repo from
    another organisation than the developer id Epoch records for the model (re-uploads)."""
    repo = pl.col(col).str.split("/").list.last()
    org = pl.col(col).str.split("/").list.first().str.to_lowercase()
    keyed = frame.with_columns(
        key_expr(repo).alias("_repo_key"),
        slug_expr(repo).alias("_repo_slug"),
        org.alias("_org"),
        repo.str.contains(INSTRUCT_PATTERN).alias("_tuned"),
    )
    out = attach_ids(keyed, col, "hf", aliases)
    version = rule.filter(pl.col("rule") == "version").select(
        pl.col("repo_key").alias("_repo_key"),
        pl.col("model_id").alias("_by_key"),
        pl.col("hf_org").alias("_key_org"),
    )
    slug = rule.filter(pl.col("rule") == "slug").select(
        pl.col("repo_key").alias("_repo_slug"),
        pl.col("model_id").alias("_by_slug"),
        pl.col("hf_org").alias("_slug_org"),
    )
    out = out.join(version, on="_repo_key", how="left").join(slug, on="_repo_slug", how="left")
    foreign_key = pl.col("_key_org").is_not_null() & (pl.col("_key_org") != pl.col("_org"))
    foreign_slug = pl.col("_slug_org").is_not_null() & (pl.col("_slug_org") != pl.col("_org"))
    out = out.with_columns(
        pl.when(pl.col("_tuned") | foreign_key)
        .then(None)
        .otherwise(pl.col("_by_key"))
        .alias("_by_key"),
        pl.when(foreign_slug).then(None).otherwise(pl.col("_by_slug")).alias("_by_slug"),
    )
    return out.with_columns(
        pl.coalesce("model_id", "_by_key", "_by_slug").alias("model_id"),
        pl.coalesce(
            "matched_by",
            pl.when(pl.col("_by_key").is_not_null() | pl.col("_by_slug").is_not_null()).then(
                pl.lit("exact name")
            ),
        ).alias("matched_by"),
    ).drop(
        "_repo_key", "_repo_slug", "_by_key", "_by_slug", "_org", "_tuned", "_key_org", "_slug_org"
    )
