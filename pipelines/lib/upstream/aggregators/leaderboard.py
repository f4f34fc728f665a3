"""The Open LLM Leaderboard v1 and v2: schemas, readers, Hub upload dates and claims."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pandera.polars as pa
import polars as pl

from pipelines.lib.ingest.aliases import key_expr
from pipelines.lib.staging.claims import AGGREGATOR, claims_frame
from pipelines.lib.upstream.aggregators.hf import LEADERBOARD_URL, _attach_hf
from pipelines.lib.upstream.published import PublishedCsvSchema, number


class LeaderboardV1Schema(PublishedCsvSchema):
    """fboulnois/llm-leaderboard-csv `huggingface_v1.csv`, as published."""

    model: str = pa.Field(alias="model", nullable=False)
    mmlu: str = number("mmlu")
    arc: str = number("arc")
    hellaswag: str = number("hellaswag")
    truthfulqa: str = number("truthfulqa")
    winogrande: str = number("winogrande")
    gsm8k: str = number("gsm8k")
    type: str = pa.Field(alias="type", nullable=True)
    params_b: str = pa.Field(alias="params_b", nullable=True)
    date: str = pa.Field(alias="date", nullable=True)
    url: str = pa.Field(alias="url", nullable=True)
    precision: str = pa.Field(alias="precision", nullable=True)


def read_leaderboard(path: Path) -> pl.DataFrame:
    return LeaderboardV1Schema.read(path)


class LeaderboardV2Schema(PublishedCsvSchema):
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
    params_billions: str = number("metadata_params_billions")
    mmlu_pro: str = number("evaluations_mmlu_pro_value")
    bbh: str = number("evaluations_bbh_value")
    math: str = number("evaluations_math_value")
    gpqa: str = number("evaluations_gpqa_value")
    musr: str = number("evaluations_musr_value")
    ifeval: str = number("evaluations_ifeval_value")


def read_leaderboard_v2(path: Path) -> pl.DataFrame:
    return LeaderboardV2Schema.read(path)


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


def _board_claims(
    ided: pl.DataFrame,
    source: str,
    scores: dict[str, str],
    citation: pl.Expr,
    retrieved: dt.date,
    *,
    name: str,
    precision: str,
    detail: str,
    listed: pl.Expr,
    scale: float = 1.0,
) -> tuple[pl.DataFrame, pl.DataFrame]:
    """A leaderboard's placed rows as (claims, unmatched): one claim per score column (`scores`:
    our field -> column, times `scale`), its record "<name> (<precision>)"; the unplaced rows
    `listed` keeps are unmatched names, with `detail` (the row's kind)."""
    claims = claims_frame(
        pl.concat(
            ided.select(
                "model_id",
                pl.lit(field).alias("field"),
                (pl.col(column).cast(pl.Float64, strict=False) * scale).alias("value"),
                citation.alias("citation"),
                pl.concat_str(
                    [pl.col(name), pl.lit(" ("), pl.col(precision).fill_null("?"), pl.lit(")")]
                ).alias("source_record"),
            )
            for field, column in scores.items()
        ),
        source=source,
        method="reported",
        precedence=AGGREGATOR,
        retrieved_date=retrieved,
    )
    unmatched = (
        ided.filter(pl.col("model_id").is_null() & listed)
        .select(
            pl.lit(source).alias("source"),
            pl.col(name).alias("name"),
            pl.col(detail).alias("detail"),
        )
        .unique("name")
    )
    return claims, unmatched


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
    return _board_claims(
        _attach_hf(rows, "model_name", aliases, rule),
        "open_llm_leaderboard_v2",
        LEADERBOARD_V2_SCORES,
        pl.lit(LEADERBOARD_V2_URL),
        retrieved,
        name="model_name",
        precision="model_precision",
        detail="model_type",
        listed=kind == "pretrained",
        scale=100.0,
    )


def leaderboard_claims(
    board: pl.DataFrame, aliases: pl.DataFrame, rule: pl.DataFrame, retrieved: dt.date
):
    """The six v1 scores (percent already; each column one protocol, claims.BENCHMARKS) of the
    `pretrained` rows (not continuously pre-trained) the alias map or an exact rule places, as
    (claims, unmatched)."""
    pretrained = board.filter(
        pl.col("type").fill_null("").str.contains("pretrained")
        & ~pl.col("type").fill_null("").str.contains("continuously")
    )
    return _board_claims(
        _attach_hf(pretrained, "model", aliases, rule),
        "open_llm_leaderboard_v1",
        LEADERBOARD_V1_SCORES,
        pl.coalesce("url", pl.lit(LEADERBOARD_URL)),
        retrieved,
        name="model",
        precision="precision",
        detail="type",
        listed=pl.lit(True),
    )
