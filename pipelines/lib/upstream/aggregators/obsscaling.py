"""ObsScaling (Ruan et al. 2024): schema, reader, identities of its base models and claims."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pandera.polars as pa
import polars as pl

from pipelines.lib.ingest.aliases import key_expr, slug_expr, with_organization
from pipelines.lib.staging.claims import AGGREGATOR, claims_frame, without_errata
from pipelines.lib.upstream.aggregators.hf import OBSSCALING_URL, _attach_hf
from pipelines.lib.upstream.published import PublishedCsvSchema, number


class ObsScalingSchema(PublishedCsvSchema):
    """ryoungj/ObsScaling `base_llm_benchmark_eval.csv`, as published (sizes in B, T, 1e21)."""

    model: str = pa.Field(alias="Model", nullable=False)
    size_b: str = number("Model Size (B)")
    data_t: str = number("Pretraining Data Size (T)")
    flops: str = number("FLOPs (1E21)")
    mmlu: str = number("MMLU")
    arc_c: str = number("ARC-C")
    hellaswag: str = number("HellaSwag")
    winograd: str = number("Winograd")
    truthfulqa: str = number("TruthfulQA")
    gsm8k: str = number("GSM8K")
    humaneval: str = number("HumanEval")


def read_obsscaling(path: Path) -> pl.DataFrame:
    return ObsScalingSchema.read(path)


OBSSCALING_FILE = "data/raw/upstream/obsscaling/base_llm_benchmark_eval.csv"


def obsscaling_identities(
    obs: pl.DataFrame,
    aliases: pl.DataFrame,
    rule: pl.DataFrame,
    versions: pl.DataFrame,
    organizations: pl.DataFrame,
    taken_names: pl.Series | None = None,
    hub_dates: pl.DataFrame | None = None,
) -> pl.DataFrame:
    """ObsScaling's base models that no alias or exact rule places become models of their own.

    ObsScaling (Ruan et al. 2024) is a reviewed selection of open pre-trained base models with
    numeric N, D and C, so each row is a release; its model_id is the slug of the Hugging Face
    repo name (`EleutherAI/pythia-1.4b-deduped` -> `pythia-1.4b-deduped`). The file has no
    dates: the release date is Epoch's `Version release date` for that exact repo when
    epoch_model_versions.csv gives one, else the Hub upload date the Open LLM Leaderboard v2
    records for that exact repo (`hub_dates`, from `hub_upload_dates`; an estimate), else
    unknown (null) — never the leaderboard's submission date. A slug already taken by another
    model stays unmatched (never merged). A row the alias map names under a model_id no other
    source defines becomes that model (how a reviewer keeps `stabilityai/stablelm-base-alpha-7b`,
    v1, apart from Epoch's row, which is v2). A name equal to one in `taken_names` gets its
    model_id appended.

    Returns rows of (model_id, name, organization, release_date, open_weights, base_model_id,
    source_file, hf_org, repo_key, date_source, date_method, date_citation); the last three say
    where the release date came from (null when there is none)."""
    known = rule["model_id"].implode()
    ided = _attach_hf(obs, "Model", aliases, rule).filter(
        pl.col("model_id").is_null() | ~pl.col("model_id").is_in(known)
    )
    repo = pl.col("Model").str.split("/").list.last()
    org = pl.col("Model").str.split("/").list.first()
    dated = versions.filter(pl.col("Version release date").fill_null("").str.contains(r"^\d{4}-"))
    dates = dated.select(
        key_expr("id").alias("repo_key"),
        pl.col("Hugging Face developer id").str.strip_chars().str.to_lowercase().alias("hf_org"),
        pl.col("Version release date").str.slice(0, 10).str.to_date(strict=False).alias("_date"),
        pl.col("Link").str.strip_chars().alias("_link"),
    ).unique(["repo_key", "hf_org"], keep="first")
    new = (
        ided.select(
            pl.coalesce("model_id", slug_expr(repo)).alias("model_id"),
            repo.alias("name"),
            pl.col("Model").str.strip_chars().alias("_repo"),
            org.alias("_org"),
            org.str.to_lowercase().alias("hf_org"),
            key_expr(repo).alias("repo_key"),
        )
        .filter(~pl.col("model_id").is_in(known))
        .unique("model_id", keep="first", maintain_order=True)
    )
    taken = (
        pl.Series([], dtype=pl.String) if taken_names is None else taken_names
    ).str.to_lowercase()
    new = new.with_columns(
        pl.when(pl.col("name").str.to_lowercase().is_in(taken.implode()))
        .then(pl.concat_str([pl.col("name"), pl.lit(" ("), pl.col("model_id"), pl.lit(")")]))
        .otherwise(pl.col("name"))
        .alias("name")
    )
    new = with_organization(new, "_org", "hf", organizations)
    if hub_dates is None:
        hub_dates = pl.DataFrame(
            schema={
                "repo_key": pl.String,
                "hf_org": pl.String,
                "hub_date": pl.Date,
                "hub_repo": pl.String,
            }
        )
    new = new.join(dates, on=["repo_key", "hf_org"], how="left").join(
        hub_dates, on=["repo_key", "hf_org"], how="left"
    )
    by_epoch = pl.col("_date").is_not_null()
    by_hub = pl.col("hub_date").is_not_null()
    return new.select(
        "model_id",
        "name",
        "organization",
        pl.coalesce("_date", "hub_date").alias("release_date"),
        pl.lit(True).alias("open_weights"),  # ObsScaling evaluates public Hugging Face weights
        pl.lit(None, dtype=pl.String).alias("base_model_id"),
        pl.lit(OBSSCALING_FILE).alias("source_file"),
        "hf_org",
        "repo_key",
        pl.when(by_epoch)
        .then(pl.lit("epoch_model_versions"))
        .when(by_hub)
        .then(pl.lit("open_llm_leaderboard_v2"))
        .alias("date_source"),
        pl.when(by_epoch)
        .then(pl.lit("reported"))
        .when(by_hub)
        .then(pl.lit("estimate"))
        .alias("date_method"),
        # The link Epoch's version record gives, else the repository the Hub date is of.
        pl.when(by_epoch & pl.col("_link").fill_null("").str.starts_with("http"))
        .then(pl.col("_link"))
        .when(by_epoch | by_hub)
        .then(pl.concat_str([pl.lit("https://huggingface.co/"), pl.col("_repo")]))
        .alias("date_citation"),
    )


def obsscaling_claims(
    obs: pl.DataFrame,
    aliases: pl.DataFrame,
    rule: pl.DataFrame,
    moe_ids: pl.Series,
    retrieved: dt.date,
    errata: pl.DataFrame | None = None,
):
    """Claims for placed rows (less the values `errata`, ERRATA.yaml, lists as wrong), and the
    rows nothing places, as (claims, unmatched)."""
    ided = _attach_hf(obs, "Model", aliases, rule)
    not_moe = ~pl.col("model_id").is_in(moe_ids.implode())
    # (field, column as published, scale to our unit, method, rows it applies to)
    specs = [
        ("params_total", "Model Size (B)", 1e9, "reported", not_moe),
        ("training_tokens", "Pretraining Data Size (T)", 1e12, "reported", None),
        ("training_compute_flop", "FLOPs (1E21)", 1e21, "6ND", None),
        ("mmlu", "MMLU", 100.0, "reported", None),
        # Collected from the Open LLM Leaderboard v1, or run with its protocols where it has no
        # result (ObsScaling README): on the repos both hold, 97-99 % of values are within a
        # point of v1's (tests/pipelines/test_upstream.py). "Winograd" is v1's Winogrande.
        # HumanEval is EvalPlus pass@1. XWinograd's protocol is not stated: not used.
        ("arc_c", "ARC-C", 100.0, "reported", None),
        ("hellaswag", "HellaSwag", 100.0, "reported", None),
        ("winogrande", "Winograd", 100.0, "reported", None),
        ("truthfulqa", "TruthfulQA", 100.0, "reported", None),
        ("gsm8k", "GSM8K", 100.0, "reported", None),
        ("humaneval", "HumanEval", 100.0, "reported", None),
    ]
    rows = [
        (ided if keep is None else ided.filter(keep)).select(
            "model_id",
            pl.lit(field).alias("field"),
            (pl.col(column).cast(pl.Float64, strict=False) * scale).alias("value"),
            pl.lit(method).alias("method"),
            "Model",
        )
        for field, column, scale, method, keep in specs
    ]
    claims = claims_frame(
        pl.concat(rows).rename({"Model": "source_record"}),
        source="obsscaling",
        citation=OBSSCALING_URL,
        precedence=AGGREGATOR,
        retrieved_date=retrieved,
    )
    claims = without_errata(claims, errata)
    unmatched = ided.filter(pl.col("model_id").is_null()).select(
        pl.lit("obsscaling").alias("source"),
        pl.col("Model").alias("name"),
        pl.lit(None, dtype=pl.String).alias("detail"),
    )
    return claims, unmatched
