"""Epoch AI's Benchmarking Hub (epoch.ai/benchmarks, CC-BY 4.0): Epoch's own runs, one external
leaderboard (Humanity's Last Exam), the MMLU file, and the Epoch Capabilities Index (ECI) of
`epoch_benchmarked_models.csv`.

Each reader validates the file as published (pandera, all text) and resolves its fractions to
percent at the door (`score_pct`), so nothing downstream ever sees a 0-1 score.

Identity: a row's `Model version` is an API id with an effort suffix (`gpt-5-2025-08-07_high`,
`claude-opus-4-5-20251101_32K`, `_unknown`) and sometimes a trailing space. Every suffix is a
version of ONE release: `epoch_benchmarked_models.csv` maps the id (`id_model_version`) to its
Epoch DB name (`Model`), and that name becomes a model_id by the rule Epoch DB rows use (the
alias map's `epoch` namespace, else the slug of the name). The alias map's `epoch_mmlu`
namespace (Epoch version ids) overrides the file. What cannot be placed is listed in
`unmatched_names` with the reason.

Traps handled (tests/pipelines/test_benchmark_hub.py):
- Fractions 0-1 everywhere here (HLE `Accuracy`, MMLU `EM`, the runs' `mean_score`); the older
  benchmark-stitching MMLU copy writes "69.5%" instead.
- Epoch files chat/instruct versions under the base model (`Qwen2.5-72B` for
  `qwen2.5-72b-instruct`, `Llama 2-70B` for `Llama-2-70b-chat-hf`): such a version is placed
  only by an explicit alias, never by the file (instruct scores never land on a base model).
- Several effort variants score one release: each stays its own score row, the version id and
  effort in `protocol` (no silent "best variant"). Repeat runs of one version (two SWE-bench
  Verified runs of `claude-opus-4-6`): the newest run (`Started at`) is the score, every run a
  claim. HLE lists thinking and non-thinking entries under one version id: the entry's `Name`
  tells them apart.
- The score is `mean_score` (the runs' headline); `Best score (across scorers)` differs in a few
  rows and is not used.
- The ECI is a unitless index (Claude 3.5 Sonnet = 130, GPT-5 = 150), repeated on every effort
  variant of a model: one row per release in `capability_index`, not a percent score.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pandera.polars as pa
import polars as pl

from pipelines.lib.ingest.aliases import attach_ids, key_expr, slug_expr
from pipelines.lib.staging.claims import AGGREGATOR, EPOCH, claims_frame
from pipelines.lib.upstream.published import DATE, NUMBER, PublishedCsvSchema, number

HUB_URL = "https://epoch.ai/benchmarks"
ECI_URL = "https://epoch.ai/benchmarks/eci"
INSTRUCT_PATTERN = r"(?i)instruct|chat|-it\b|\bit\b|rlhf|sft|dpo"
EFFORT = r"_([A-Za-z]+|[0-9]+[Kk])$"  # `_high`, `_xhigh`, `_unknown`, `_32K`
HUB_AS_OF = dt.date(2026, 4, 29)  # the export's first commit in the mirror
ECI_AS_OF = dt.date(2026, 8, 22)  # the benchmarked-models file's commit in the mirror

# Epoch's own runs: asset -> (pinned file, benchmark name). All zero-shot (Epoch's Inspect
# harness; SWE-bench Verified is agentic).
EPOCH_RUNS = {
    "raw_epoch_hub_gpqa_diamond": ("benchmark_data/gpqa_diamond.csv", "gpqa_diamond"),
    "raw_epoch_hub_math_level_5": ("benchmark_data/math_level_5.csv", "math_level_5"),
    "raw_epoch_hub_otis_mock_aime": (
        "benchmark_data/otis_mock_aime_2024_2025.csv",
        "otis_mock_aime",
    ),
    "raw_epoch_hub_frontiermath": ("benchmark_data/frontiermath.csv", "frontiermath"),
    "raw_epoch_hub_swe_bench_verified": (
        "benchmark_data/swe_bench_verified.csv",
        "swe_bench_verified",
    ),
    "raw_epoch_hub_frontiermath_tier_4": (
        "benchmark_data/frontiermath_tier_4.csv",
        "frontiermath_tier_4",
    ),
    "raw_epoch_hub_simpleqa_verified": (
        "benchmark_data/simpleqa_verified.csv",
        "simpleqa_verified",
    ),
    "raw_epoch_hub_chess_puzzles": ("benchmark_data/chess_puzzles.csv", "chess_puzzles"),
}
SOURCE = "epoch_benchmarking_hub"  # claims.source of Epoch's runs
HLE_SOURCE = "epoch_benchmarking_hub_hle"  # claims.source of the HLE leaderboard rows
ECI_SOURCE = "epoch_benchmarked_models"


def _fraction(column: str):
    """A pandera check: the text column parses as a number in [0, 1]."""

    def check(data) -> pl.LazyFrame:
        value = pl.col(column).cast(pl.Float64, strict=False)
        return data.lazyframe.select(
            (pl.col(column).is_null() | value.is_between(0.0, 1.0)).alias(column)
        )

    return check


class EpochRunSchema(PublishedCsvSchema):
    """One of Epoch's own run files (`gpqa_diamond.csv`, ...), as published: scores are fractions
    0-1, no Source column (the source is Epoch)."""

    version: str = pa.Field(alias="Model version", nullable=False)
    mean_score: str = pa.Field(alias="mean_score", nullable=False, str_matches=NUMBER)
    best_score: str = number("Best score (across scorers)")
    release_date: str = pa.Field(alias="Release date", nullable=True, str_matches=DATE)
    stderr: str = number("stderr")
    log_viewer: str = pa.Field(alias="Log viewer", nullable=True, str_startswith="https://")
    started_at: str = pa.Field(alias="Started at", nullable=True, str_matches=r"^[0-9]{4}-")
    id: str = pa.Field(alias="id", nullable=False, unique=True)

    @pa.dataframe_check(error="mean_score is a fraction in [0, 1]")
    @classmethod
    def mean_score_is_a_fraction(cls, data) -> pl.LazyFrame:
        return _fraction("mean_score")(data)


class HleExternalSchema(PublishedCsvSchema):
    """`hle_external.csv` (Scale AI / CAIS Humanity's Last Exam leaderboard, as Epoch collects
    it), as published: `Accuracy` is a fraction; no Source column."""

    version: str = pa.Field(alias="Model version", nullable=False)
    accuracy: str = pa.Field(alias="Accuracy", nullable=False, str_matches=NUMBER)
    release_date: str = pa.Field(alias="Release date", nullable=True, str_matches=DATE)
    name: str = pa.Field(alias="Name", nullable=False)
    stderr: str = number("Accuracy Standard Error")
    id: str = pa.Field(alias="id", nullable=False, unique=True)

    @pa.dataframe_check(error="Accuracy is a fraction in [0, 1]")
    @classmethod
    def accuracy_is_a_fraction(cls, data) -> pl.LazyFrame:
        return _fraction("Accuracy")(data)


class MmluExternalSchema(PublishedCsvSchema):
    """`mmlu_external.csv` of the hub, as published: `EM` is a FRACTION here (the older
    benchmark-stitching copy writes "69.5%"), with `Shots`, `Source` and `Source link`."""

    version: str = pa.Field(alias="Model version", nullable=True)
    em: str = pa.Field(alias="EM", nullable=False, str_matches=NUMBER)
    name: str = pa.Field(alias="Name", nullable=True)
    shots: str = pa.Field(alias="Shots", nullable=True, str_matches=r"^[0-9]+$")
    source: str = pa.Field(alias="Source", nullable=True)
    source_link: str = pa.Field(alias="Source link", nullable=True)
    id: str = pa.Field(alias="id", nullable=False, unique=True)

    @pa.dataframe_check(error="EM is a fraction in [0, 1]")
    @classmethod
    def em_is_a_fraction(cls, data) -> pl.LazyFrame:
        return _fraction("EM")(data)


class BenchmarkedModelsSchema(PublishedCsvSchema):
    """Epoch's `epoch_benchmarked_models.csv`, as published: one row per model version (API id
    plus effort suffix) with its Epoch DB name (empty for 100 versions: vision models, resellers'
    copies) and the model's ECI (a unitless index)."""

    model: str = pa.Field(alias="Model", nullable=True)  # 100 versions name no DB model
    version: str = pa.Field(alias="id_model_version", nullable=False, unique=True)
    version_date: str = pa.Field(alias="Version release date", nullable=True, str_matches=DATE)
    eci: str = number("eci")
    eci_ci_low: str = number("eci_ci_low")
    eci_ci_high: str = number("eci_ci_high")


def _percent(column: str) -> pl.Expr:
    return (pl.col(column).cast(pl.Float64) * 100).alias("score_pct")


def read_epoch_run(path: Path) -> pl.DataFrame:
    """An Epoch run file; `Model version` trimmed, `score_pct` = mean_score x 100."""
    frame = EpochRunSchema.read(path)
    return frame.with_columns(pl.col("Model version").str.strip_chars(), _percent("mean_score"))


def read_hle(path: Path) -> pl.DataFrame:
    """`hle_external.csv`; `Model version` trimmed, `score_pct` = Accuracy x 100."""
    frame = HleExternalSchema.read(path)
    return frame.with_columns(
        pl.col("Model version").str.strip_chars(),
        pl.col("Name").str.strip_chars(),
        _percent("Accuracy"),
    )


def read_mmlu_external(path: Path) -> pl.DataFrame:
    """The hub's `mmlu_external.csv`; names trimmed, `score_pct` = EM x 100."""
    frame = MmluExternalSchema.read(path)
    return frame.with_columns(
        pl.col("Model version").str.strip_chars(), pl.col("Name").str.strip_chars(), _percent("EM")
    )


def read_benchmarked_models(path: Path) -> pl.DataFrame:
    """`epoch_benchmarked_models.csv`; ids and names trimmed (`'Llama-2-70b-hf '`)."""
    frame = BenchmarkedModelsSchema.read(path)
    return frame.with_columns(
        pl.col("id_model_version").str.strip_chars(), pl.col("Model").str.strip_chars()
    )


# --------------------------------------------------------------------------------- identity


def effort(version: pl.Expr) -> pl.Expr:
    """The effort suffix of a version id (`high`, `32K`, `unknown`), else null."""
    return version.str.strip_chars().str.extract(EFFORT, 1)


def place_versions(
    versions: pl.Series, benchmarked: pl.DataFrame, aliases: pl.DataFrame, known: pl.DataFrame
) -> pl.DataFrame:
    """version -> model_id, epoch_model and, when unplaced, the reason. Every effort variant of
    one Epoch model lands on the same model_id."""
    frame = pl.DataFrame({"version": versions.str.strip_chars().unique().sort()})
    names = benchmarked.select(
        key_expr("id_model_version").alias("_vkey"), pl.col("Model").alias("epoch_model")
    ).unique("_vkey")
    frame = frame.with_columns(key_expr("version").alias("_vkey")).join(
        names, on="_vkey", how="left"
    )
    by_alias = attach_ids(frame, "version", "epoch_mmlu", aliases).select(
        pl.col("model_id").alias("_alias_id")
    )
    by_name = attach_ids(frame, "epoch_model", "epoch", aliases).select(
        pl.coalesce("model_id", slug_expr("epoch_model")).alias("_epoch_id")
    )
    tuned_under_base = pl.col("version").str.contains(INSTRUCT_PATTERN) & ~pl.col(
        "epoch_model"
    ).fill_null("").str.contains(INSTRUCT_PATTERN)
    known_ids = known["model_id"].implode()
    frame = pl.concat([frame, by_alias, by_name], how="horizontal").with_columns(
        pl.when(pl.col("_alias_id").is_not_null())
        .then(pl.col("_alias_id"))
        .when(tuned_under_base)
        .then(None)
        .otherwise(pl.col("_epoch_id"))
        .alias("_candidate")
    )
    placed = pl.col("_candidate").is_in(known_ids)
    reason = (
        pl.when(placed)
        .then(None)
        .when(pl.col("epoch_model").is_null() & pl.col("_alias_id").is_null())
        .then(pl.lit("version id not in epoch_benchmarked_models.csv and no alias"))
        .when(tuned_under_base & pl.col("_alias_id").is_null())
        .then(
            pl.concat_str(
                [
                    pl.lit("chat/instruct version Epoch files under the base model "),
                    pl.col("epoch_model"),
                    pl.lit(": placed only by an alias (epoch_mmlu namespace)"),
                ]
            )
        )
        .otherwise(
            pl.concat_str(
                [
                    pl.lit("Epoch model "),
                    pl.coalesce("epoch_model", pl.lit("?")),
                    pl.lit(" ("),
                    pl.col("_candidate"),
                    pl.lit(") is no model of ours"),
                ]
            )
        )
    )
    return frame.select(
        "version",
        "epoch_model",
        pl.when(placed).then(pl.col("_candidate")).otherwise(None).alias("model_id"),
        reason.alias("reason"),
    )


def _unmatched(placement: pl.DataFrame, source: str) -> pl.DataFrame:
    return placement.filter(pl.col("model_id").is_null()).select(
        pl.lit(source).alias("source"),
        pl.col("version").alias("name"),
        pl.col("reason").alias("detail"),
    )


# --------------------------------------------------------------------------------- scores


def hub_scores(
    runs: dict[str, pl.DataFrame],
    hle: pl.DataFrame,
    benchmarked: pl.DataFrame,
    aliases: pl.DataFrame,
    known: pl.DataFrame,
    protocols: dict[str, str],
    retrieved: dt.date,
) -> tuple[pl.DataFrame, pl.DataFrame, pl.DataFrame]:
    """(claims, scores, unmatched) from Epoch's run files (benchmark name -> frame) and HLE.

    `scores` has the `benchmark_scores` columns: one row per (model, benchmark, version, effort
    / leaderboard entry); `protocols` gives each benchmark's description."""
    parts = []
    for benchmark, frame in runs.items():
        viewer = pl.col("Log viewer")
        parts.append(
            frame.select(
                pl.col("Model version").alias("version"),
                pl.lit(benchmark).alias("benchmark"),
                "score_pct",
                pl.when(viewer.is_not_null())
                .then(viewer)
                .otherwise(pl.lit(HUB_URL))
                .alias("citation"),
                pl.col("Started at").alias("_run_at"),
                pl.col("Started at").str.slice(0, 10).str.to_date().alias("as_of_date"),
                pl.lit(SOURCE).alias("source"),
                pl.lit(EPOCH).alias("precedence"),
                pl.lit("epoch").alias("measured_by"),
                pl.lit(None, dtype=pl.String).alias("_entry"),
            )
        )
    parts.append(
        hle.select(
            pl.col("Model version").alias("version"),
            pl.lit("hle").alias("benchmark"),
            "score_pct",
            pl.lit(HUB_URL).alias("citation"),
            pl.lit(None, dtype=pl.String).alias("_run_at"),
            pl.lit(None, dtype=pl.Date).alias("as_of_date"),
            pl.lit(HLE_SOURCE).alias("source"),
            pl.lit(AGGREGATOR).alias("precedence"),
            pl.lit("leaderboard:hle").alias("measured_by"),
            pl.col("Name").alias("_entry"),
        )
    )
    rows = pl.concat(parts)
    placement = place_versions(rows["version"], benchmarked, aliases, known)
    rows = rows.join(placement.select("version", "model_id"), on="version", how="left")
    claims = claims_frame(
        rows.select(
            "model_id",
            pl.col("benchmark").alias("field"),
            pl.col("score_pct").alias("value"),
            "citation",
            pl.lit("reported").alias("method"),
            "as_of_date",
            "precedence",
            "source",
            pl.concat_str(
                [pl.col("version"), pl.lit(" ("), pl.col("_entry"), pl.lit(")")],
                ignore_nulls=False,
            )
            .fill_null(pl.col("version"))
            .alias("source_record"),
        ),
        retrieved_date=retrieved,
    )
    described = pl.DataFrame({"benchmark": list(protocols), "_what": list(protocols.values())})
    level = effort(pl.col("version"))
    protocol = pl.concat_str(
        [
            pl.col("_what"),
            pl.lit("; version "),
            pl.col("version"),
            pl.when(pl.col("_entry").is_not_null())
            .then(pl.concat_str([pl.lit(", entry '"), pl.col("_entry"), pl.lit("'")]))
            .otherwise(pl.lit("")),
            pl.lit(", reasoning effort "),
            pl.coalesce(level, pl.lit("not stated")),
        ]
    )
    scores = (
        rows.filter(pl.col("model_id").is_not_null())
        .join(described, on="benchmark", how="left")
        .with_columns(protocol.alias("protocol"))
        # repeat runs of one version: the newest run is the score (all are claims)
        .sort("_run_at", nulls_last=False)
        .unique(["model_id", "benchmark", "measured_by", "protocol"], keep="last")
        .select(
            "model_id",
            "benchmark",
            pl.col("score_pct").alias("score"),
            pl.lit(0, dtype=pl.Int64).alias("shots"),
            pl.col("citation").alias("source"),
            "protocol",
            "measured_by",
            pl.lit("percent").alias("unit"),
        )
        .sort("model_id", "benchmark", "protocol")
    )
    unmatched = pl.concat(
        [
            _unmatched(
                place_versions(
                    rows.filter(pl.col("source") == source)["version"], benchmarked, aliases, known
                ),
                source,
            )
            for source in (SOURCE, HLE_SOURCE)
        ]
    )
    return claims, scores, unmatched


def capability_index(
    benchmarked: pl.DataFrame, aliases: pl.DataFrame, known: pl.DataFrame
) -> tuple[pl.DataFrame, pl.DataFrame]:
    """(capability_index, unmatched): one ECI per release. The ECI is Epoch's per-model index,
    repeated on each effort variant; a release takes it from its Epoch DB model (alias map
    `epoch` namespace, else the slug), as Epoch rates that model. Where two Epoch models land
    on one release (an alias), the newest version's index is kept."""
    rated = benchmarked.filter(pl.col("eci").is_not_null())
    ided = attach_ids(rated, "Model", "epoch", aliases).with_columns(
        pl.coalesce("model_id", slug_expr("Model")).alias("model_id")
    )
    placed = pl.col("model_id").is_in(known["model_id"].implode())
    index = (
        ided.filter(placed)
        .sort("Version release date", nulls_last=False)
        .unique("model_id", keep="last")
        .select(
            "model_id",
            pl.col("eci").cast(pl.Float64),
            pl.col("eci_ci_low").cast(pl.Float64),
            pl.col("eci_ci_high").cast(pl.Float64),
            pl.lit(ECI_AS_OF).alias("as_of_date"),
            pl.lit(ECI_URL).alias("source"),
            pl.col("Model").alias("epoch_model"),
        )
        .sort("model_id")
    )
    unmatched = (
        ided.filter(~placed)
        .unique("Model", keep="first")
        .select(
            pl.lit(ECI_SOURCE).alias("source"),
            pl.col("Model").alias("name"),
            pl.concat_str(
                [pl.lit("ECI of Epoch model "), pl.col("model_id"), pl.lit(", no model of ours")]
            ).alias("detail"),
        )
    )
    return index, unmatched
