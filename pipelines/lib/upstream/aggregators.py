"""Aggregators beside Epoch: Open LLM Leaderboard v1 and v2, ObsScaling, LiteLLM, Epoch's prices.

Traps handled (tested in tests/pipelines/test_upstream.py):
- Leaderboard: only `pretrained` rows (no fine-tunes or merges attached to base models); params
  rounded to whole billions (never claimed); `date` is a submission date (never used as release
  date); the `moe`/`flagged` booleans are garbled (ignored).
- Leaderboard v2: its six scores are fractions beside chance-rescaled "normalized" ones (the raw
  fraction is used, x100); only `pretrained` and `chatmodels` rows, not merged or flagged. Its
  Hub upload dates are the release-date estimate of an ObsScaling base model no other file
  dates (exact repo id; the 2022-03-02 placeholder every repository older than the Hub's own
  dates carries is refused; an empty date is no date).
- Leaderboard v1 and ObsScaling benchmarks: one protocol per name (claims.BENCHMARKS);
  ObsScaling's "Winograd" is v1's WinoGrande; its XWinograd (protocol unstated) is not used.
- ObsScaling: benchmarks are fractions (x100); FLOPs are 6·N·D by construction (method `6ND`);
  MoE sizes mix total and active (no parameter claims for models the data marks as MoE).
- LiteLLM: USD per token (x1e6); current prices only (as-of the snapshot date); chat mode only.
- Epoch prices: several dates per model; the latest price per model and direction is claimed.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pandera.polars as pa
import polars as pl

from pipelines.lib.ingest.aliases import attach_ids, key_expr, slug_expr, with_organization
from pipelines.lib.staging.claims import AGGREGATOR, claims_frame, without_errata
from pipelines.lib.upstream.epoch import INSTRUCT_PATTERN
from pipelines.lib.upstream.manifest import read_published_csv
from pipelines.lib.upstream.prices import moving_alias

LEADERBOARD_URL = "https://huggingface.co/spaces/open-llm-leaderboard-old/open_llm_leaderboard"
OBSSCALING_URL = "https://arxiv.org/abs/2405.10938"
LITELLM_URL = "https://github.com/BerriAI/litellm/blob/main/model_prices_and_context_window.json"
NUMBER = r"^-?[0-9]+(\.[0-9]*)?([eE][+-]?[0-9]+)?$"


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


# --------------------------------------------------------------------------- leaderboard


class LeaderboardV1Schema(pa.DataFrameModel):
    """fboulnois/llm-leaderboard-csv `huggingface_v1.csv`, as published."""

    model: str = pa.Field(alias="model", nullable=False)
    mmlu: str = pa.Field(alias="mmlu", nullable=True, str_matches=NUMBER)
    arc: str = pa.Field(alias="arc", nullable=True, str_matches=NUMBER)
    hellaswag: str = pa.Field(alias="hellaswag", nullable=True, str_matches=NUMBER)
    truthfulqa: str = pa.Field(alias="truthfulqa", nullable=True, str_matches=NUMBER)
    winogrande: str = pa.Field(alias="winogrande", nullable=True, str_matches=NUMBER)
    gsm8k: str = pa.Field(alias="gsm8k", nullable=True, str_matches=NUMBER)
    type: str = pa.Field(alias="type", nullable=True)
    params_b: str = pa.Field(alias="params_b", nullable=True)
    date: str = pa.Field(alias="date", nullable=True)
    url: str = pa.Field(alias="url", nullable=True)
    precision: str = pa.Field(alias="precision", nullable=True)

    class Config:
        strict = False


def read_leaderboard(path: Path) -> pl.DataFrame:
    frame = read_published_csv(path)
    return LeaderboardV1Schema.validate(frame, lazy=True)


class LeaderboardV2Schema(pa.DataFrameModel):
    """fboulnois/llm-leaderboard-csv `huggingface_v2.csv`, as published (dates are ISO days;
    `metadata_upload_date` is empty for some repositories)."""

    model_name: str = pa.Field(alias="model_name", nullable=False)
    model_type: str = pa.Field(alias="model_type", nullable=True)
    model_precision: str = pa.Field(alias="model_precision", nullable=True)
    is_merged: str = pa.Field(alias="features_is_merged", nullable=True, isin=["TRUE", "FALSE"])
    is_flagged: str = pa.Field(alias="features_is_flagged", nullable=True, isin=["TRUE", "FALSE"])
    upload_date: str = pa.Field(
        alias="metadata_upload_date", nullable=True, str_matches=r"^([0-9]{4}-[0-9]{2}-[0-9]{2})?$"
    )
    submission_date: str = pa.Field(alias="metadata_submission_date", nullable=True)
    params_billions: str = pa.Field(
        alias="metadata_params_billions", nullable=True, str_matches=NUMBER
    )
    mmlu_pro: str = pa.Field(alias="evaluations_mmlu_pro_value", nullable=True, str_matches=NUMBER)
    bbh: str = pa.Field(alias="evaluations_bbh_value", nullable=True, str_matches=NUMBER)
    math: str = pa.Field(alias="evaluations_math_value", nullable=True, str_matches=NUMBER)
    gpqa: str = pa.Field(alias="evaluations_gpqa_value", nullable=True, str_matches=NUMBER)
    musr: str = pa.Field(alias="evaluations_musr_value", nullable=True, str_matches=NUMBER)
    ifeval: str = pa.Field(alias="evaluations_ifeval_value", nullable=True, str_matches=NUMBER)

    class Config:
        strict = False


def read_leaderboard_v2(path: Path) -> pl.DataFrame:
    frame = read_published_csv(path)
    return LeaderboardV2Schema.validate(frame, lazy=True)


# Every repository created before the Hub recorded creation dates carries this one date (GPT-2,
# GPT-J, GPT-Neo in the v2 dump): a placeholder, never a release date.
HUB_PLACEHOLDER_DATE = dt.date(2022, 3, 2)


def hub_upload_dates(board_v2: pl.DataFrame) -> pl.DataFrame:
    """The Hub upload date the Open LLM Leaderboard v2 records per repository, as (repo_key,
    hf_org, hub_date, hub_repo): the earliest over the repository's rows, the placeholder date
    and empty dates left out. Measured against Epoch's `Version release date` on the 95 exact
    repos both files date (tests/pipelines/test_upstream.py): median gap 1 day, 77 % within 7
    days, 91 % within 30. A repository is often created a few days before its public release
    (Qwen1.5: 13 days), sometimes months before (StarCoder2-3B: 85), and later for repos
    added after the family's launch (Qwen1.5-32B: 57 days; Falcon-40B: 70)."""
    repo = pl.col("model_name").str.strip_chars()
    day = pl.col("metadata_upload_date").str.to_date("%Y-%m-%d", strict=False)
    return (
        board_v2.select(
            key_expr(repo.str.split("/").list.last()).alias("repo_key"),
            repo.str.split("/").list.first().str.to_lowercase().alias("hf_org"),
            day.alias("hub_date"),
            repo.alias("hub_repo"),
        )
        .filter(pl.col("hub_date").is_not_null() & (pl.col("hub_date") > HUB_PLACEHOLDER_DATE))
        .group_by("repo_key", "hf_org")
        .agg(pl.col("hub_date").min(), pl.col("hub_repo").first())
    )


# Our field -> the v1 column (5-shot MMLU and the five other v1 benchmarks, in percent).
LEADERBOARD_V1_SCORES = {
    "mmlu": "mmlu",
    "arc_c": "arc",
    "hellaswag": "hellaswag",
    "winogrande": "winogrande",
    "truthfulqa": "truthfulqa",
    "gsm8k": "gsm8k",
}
# Our field -> the v2 column (raw metric as a fraction; the `_normalized_score` columns rescale
# chance to 0 and are not used).
LEADERBOARD_V2_SCORES = {
    "mmlu_pro": "evaluations_mmlu_pro_value",
    "bbh": "evaluations_bbh_value",
    "math_lvl5": "evaluations_math_value",
    "gpqa": "evaluations_gpqa_value",
    "musr": "evaluations_musr_value",
    "ifeval": "evaluations_ifeval_value",
}
LEADERBOARD_V2_URL = "https://huggingface.co/spaces/open-llm-leaderboard/open_llm_leaderboard"


def leaderboard_v2_claims(
    board_v2: pl.DataFrame, aliases: pl.DataFrame, rule: pl.DataFrame, retrieved: dt.date
):
    """The six v2 scores (x100) of the rows the alias map or an exact rule places, as (claims,
    unmatched). Only the developer's own kinds of rows: `pretrained` and `chatmodels`, not
    merged, not flagged (fine-tunes, merges and continued pre-training are other models). A
    chat/instruct repo never lands on a base model (the exact rules refuse it); unmatched
    `pretrained` rows are listed, as for v1."""
    kind = pl.col("model_type").fill_null("")
    rows = board_v2.filter(
        kind.is_in(["pretrained", "chatmodels"])
        & (pl.col("features_is_merged").fill_null("") != "TRUE")
        & (pl.col("features_is_flagged").fill_null("") != "TRUE")
    )
    ided = _attach_hf(rows, "model_name", aliases, rule)
    claims = claims_frame(
        pl.concat(
            ided.select(
                "model_id",
                pl.lit(field).alias("field"),
                (pl.col(column).cast(pl.Float64, strict=False) * 100).alias("value"),
                pl.lit(LEADERBOARD_V2_URL).alias("citation"),
                pl.concat_str(
                    [
                        pl.col("model_name"),
                        pl.lit(" ("),
                        pl.col("model_precision").fill_null("?"),
                        pl.lit(")"),
                    ]
                ).alias("source_record"),
            )
            for field, column in LEADERBOARD_V2_SCORES.items()
        ),
        source="open_llm_leaderboard_v2",
        method="reported",
        precedence=AGGREGATOR,
        retrieved_date=retrieved,
    )
    unmatched = (
        ided.filter(pl.col("model_id").is_null() & (kind == "pretrained"))
        .select(
            pl.lit("open_llm_leaderboard_v2").alias("source"),
            pl.col("model_name").alias("name"),
            pl.col("model_type").alias("detail"),
        )
        .unique("name")
    )
    return claims, unmatched


def leaderboard_claims(
    board: pl.DataFrame, aliases: pl.DataFrame, rule: pl.DataFrame, retrieved: dt.date
):
    pretrained = board.filter(
        pl.col("type").fill_null("").str.contains("pretrained")
        & ~pl.col("type").fill_null("").str.contains("continuously")
    )
    ided = _attach_hf(pretrained, "model", aliases, rule)
    # Scores are percent already; each column is one protocol (claims.BENCHMARKS).
    claims = claims_frame(
        pl.concat(
            ided.select(
                "model_id",
                pl.lit(field).alias("field"),
                pl.col(column).cast(pl.Float64, strict=False).alias("value"),
                pl.coalesce("url", pl.lit(LEADERBOARD_URL)).alias("citation"),
                pl.concat_str(
                    [pl.col("model"), pl.lit(" ("), pl.col("precision").fill_null("?"), pl.lit(")")]
                ).alias("source_record"),
            )
            for field, column in LEADERBOARD_V1_SCORES.items()
        ),
        source="open_llm_leaderboard_v1",
        method="reported",
        precedence=AGGREGATOR,
        retrieved_date=retrieved,
    )
    unmatched = (
        ided.filter(pl.col("model_id").is_null())
        .select(
            pl.lit("open_llm_leaderboard_v1").alias("source"),
            pl.col("model").alias("name"),
            pl.col("type").alias("detail"),
        )
        .unique("name")
    )
    return claims, unmatched


# --------------------------------------------------------------------------- ObsScaling


class ObsScalingSchema(pa.DataFrameModel):
    """ryoungj/ObsScaling `base_llm_benchmark_eval.csv`, as published (sizes in B, T, 1e21)."""

    model: str = pa.Field(alias="Model", nullable=False)
    size_b: str = pa.Field(alias="Model Size (B)", nullable=True, str_matches=NUMBER)
    data_t: str = pa.Field(alias="Pretraining Data Size (T)", nullable=True, str_matches=NUMBER)
    flops: str = pa.Field(alias="FLOPs (1E21)", nullable=True, str_matches=NUMBER)
    mmlu: str = pa.Field(alias="MMLU", nullable=True, str_matches=NUMBER)
    arc_c: str = pa.Field(alias="ARC-C", nullable=True, str_matches=NUMBER)
    hellaswag: str = pa.Field(alias="HellaSwag", nullable=True, str_matches=NUMBER)
    winograd: str = pa.Field(alias="Winograd", nullable=True, str_matches=NUMBER)
    truthfulqa: str = pa.Field(alias="TruthfulQA", nullable=True, str_matches=NUMBER)
    gsm8k: str = pa.Field(alias="GSM8K", nullable=True, str_matches=NUMBER)
    humaneval: str = pa.Field(alias="HumanEval", nullable=True, str_matches=NUMBER)

    class Config:
        strict = False


def read_obsscaling(path: Path) -> pl.DataFrame:
    frame = read_published_csv(path)
    return ObsScalingSchema.validate(frame, lazy=True)


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


# --------------------------------------------------------------------------- LiteLLM


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


# --------------------------------------------------------------------------- Epoch API prices


class EpochPricesSchema(pa.DataFrameModel):
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

    class Config:
        strict = False


def read_epoch_prices(path: Path) -> pl.DataFrame:
    frame = read_published_csv(path)
    return EpochPricesSchema.validate(frame, lazy=True)


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
