"""Epoch AI's public runs table (`benchmarks_runs_public_view_2026-05.csv`, CC-BY 4.0): every
run of Epoch's own benchmarks to 2026-05-02, one row per run, beside the hub's per-benchmark
files (`benchmark_hub.py`), which show a selection of the same runs.

Traps handled at the door (tests/pipelines/test_epoch_runs.py):
- A UTF-8 byte-order mark on the header (`read_published_csv` strips it).
- The copy was exported under a Spanish locale: scores carry a DECIMAL COMMA (`"0,908"`, a
  fraction) and `started_at` reads `2 de mayo de 2026 2:08am`, to the minute, in Pacific time
  (each of the runs the hub files also list agrees with their UTC `Started at` to the minute).
- No release dates and no Epoch model names: `model` is the hub's `Model version` (effort suffix
  and all), placed by the hub's rule (`benchmark_hub.place_versions`); what cannot be placed is
  listed in `unmatched_names`.
- The score is `Best score (across scorers)` rounded to 3 places (the table has no
  `mean_score`); `Scores` names the scorers.

One run, one claim (the dedupe rule, `new_runs` / `runs_scores`):
1. A run whose `id` is in a per-benchmark file of the hub, with the same version, benchmark and
   score (to the table's 3 places), is that same run: it is kept once, from the hub file (which
   has the unrounded `mean_score`), never again from this table.
2. Every other run is a claim of its own. It is the `benchmark_scores` row of its version,
   benchmark and protocol family when it is the newest run of them across the hub files and this
   table (the hub's repeat-run rule, across both); otherwise the newer run stands. A run of this
   table newer than the hub file's replaces the hub's score row (`superseded`).
SWE-bench Verified runs of harness 1.x (2025) are a protocol family of their own: the hub shows
only the 2.x re-runs of February 2026 on, and the two harnesses are not one protocol.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pandera.polars as pa
import polars as pl

from pipelines.lib.staging.claims import EPOCH, HUB_BENCHMARKS, claims_frame
from pipelines.lib.upstream.benchmark_hub import HUB_URL, effort, place_versions
from pipelines.lib.upstream.manifest import read_published_csv

SOURCE = "epoch_benchmarks_runs_2026_05"  # claims.source and unmatched_names.source
RUNS_FILE = "benchmarks_runs_public_view_2026-05.csv"
LOCAL_TIME = "America/Los_Angeles"  # the export's clock (checked against the hub's UTC times)
# The score is rounded to 3 places of a fraction: runs one table rounds agree within this
# (percentage points).
ROUNDING_PCT = 0.05 + 1e-9

# task (as the table names it) -> benchmark name (`benchmark_scores.benchmark`)
TASKS = {
    "GPQA diamond": "gpqa_diamond",
    "MATH level 5": "math_level_5",
    "OTIS Mock AIME 2024-2025": "otis_mock_aime",
    "FrontierMath-2025-02-28-Private": "frontiermath",
    "FrontierMath-2025-02-28-Public": "frontiermath_public",
    "FrontierMath-Tier-4-2025-07-01-Private": "frontiermath_tier_4",
    "FrontierMath-Tier-4-2025-07-01-Public": "frontiermath_tier_4_public",
    "SWE-Bench verified": "swe_bench_verified",
    "SWE-bench Verified (Claude Code)": "swe_bench_verified",
    "SWE-bench Verified (Codex)": "swe_bench_verified",
    "SimpleQA Verified": "simpleqa_verified",
    "Chess Puzzles": "chess_puzzles",
}
# Protocol families other than the benchmark's own description (`claims.HUB_BENCHMARKS`).
SWE_V1 = "SWE-bench Verified, agentic, resolved rate, harness 1.x (Epoch AI run, 2025)"
SCAFFOLDS = {
    "SWE-bench Verified (Claude Code)": "Claude Code scaffold",
    "SWE-bench Verified (Codex)": "Codex scaffold",
}
MONTHS = {
    "enero": 1,
    "febrero": 2,
    "marzo": 3,
    "abril": 4,
    "mayo": 5,
    "junio": 6,
    "julio": 7,
    "agosto": 8,
    "septiembre": 9,
    "octubre": 10,
    "noviembre": 11,
    "diciembre": 12,
}
SPANISH_DATE = (
    r"^([0-9]{1,2}) de (" + "|".join(MONTHS) + r") de ([0-9]{4}) ([0-9]{1,2}):([0-9]{2})(am|pm)$"
)
DECIMAL_COMMA = r"^[0-9]+,[0-9]+$"


class EpochRunsTableSchema(pa.DataFrameModel):
    """Epoch's public runs table as published (all text, Spanish locale): one row per run."""

    id: str = pa.Field(alias="id", nullable=False, unique=True)
    task: str = pa.Field(alias="task", nullable=False, isin=list(TASKS))
    model: str = pa.Field(alias="model", nullable=False)
    best_score: str = pa.Field(
        alias="Best score (across scorers)", nullable=False, str_matches=DECIMAL_COMMA
    )
    scores: str = pa.Field(alias="Scores", nullable=True)
    log_viewer: str = pa.Field(alias="log viewer", nullable=True, str_startswith="https://")
    # 4 runs (2 manual, 2 of grok-4-0709) have no start time
    started_at: str = pa.Field(alias="started_at", nullable=True, str_matches=SPANISH_DATE)
    status: str = pa.Field(alias="Status", nullable=False, isin=["Success"])
    task_version: str = pa.Field(
        alias="task version", nullable=True, str_matches=r"^[0-9]+\.[0-9]+\.[0-9]+$"
    )

    @pa.dataframe_check(error="Best score (across scorers) is a fraction in [0, 1]")
    @classmethod
    def score_is_a_fraction(cls, data) -> pl.LazyFrame:
        value = pl.col("Best score (across scorers)").str.replace(",", ".").cast(pl.Float64)
        return data.lazyframe.select(value.is_between(0.0, 1.0).alias("ok"))

    class Config:
        strict = False


def started_at_utc(text: pl.Expr) -> pl.Expr:
    """`2 de mayo de 2026 2:08am` (Pacific time) -> a UTC datetime, to the minute."""
    parts = text.str.extract_groups(SPANISH_DATE)
    hour = parts.struct[f"{4}"].cast(pl.Int32)
    pm = parts.struct[f"{6}"] == "pm"
    hour24 = pl.when(pm & (hour < 12)).then(hour + 12).when(~pm & (hour == 12)).then(0)
    local = pl.datetime(
        parts.struct["3"].cast(pl.Int32),
        parts.struct["2"].replace_strict(MONTHS, return_dtype=pl.Int32),
        parts.struct["1"].cast(pl.Int32),
        hour24.otherwise(hour),
        parts.struct["5"].cast(pl.Int32),
    )
    return local.dt.replace_time_zone(LOCAL_TIME, ambiguous="earliest").dt.convert_time_zone("UTC")


def read_runs_table(path: Path) -> pl.DataFrame:
    """The runs table validated; `model` trimmed, `benchmark` named, `score_pct` = the best
    score x 100 (decimal comma read), `started_at_utc` parsed."""
    frame = EpochRunsTableSchema.validate(read_published_csv(path), lazy=True)
    score = pl.col("Best score (across scorers)").str.replace(",", ".").cast(pl.Float64)
    return frame.with_columns(
        pl.col("model").str.strip_chars(),
        pl.col("task").replace_strict(TASKS).alias("benchmark"),
        (score * 100).round(4).alias("score_pct"),
        started_at_utc(pl.col("started_at")).alias("started_at_utc"),
    )


def family(task: pl.Expr, task_version: pl.Expr) -> pl.Expr:
    """The protocol family of a run (the protocol before `; version`)."""
    described = pl.DataFrame(
        {"benchmark": list(HUB_BENCHMARKS), "_what": [w for _, w in HUB_BENCHMARKS.values()]}
    )
    what = pl.col("benchmark").replace_strict(
        described["benchmark"], described["_what"], default=None
    )
    swe = pl.col("benchmark") == "swe_bench_verified"
    scaffold = task.replace_strict(SCAFFOLDS, default=None)
    return (
        pl.when(swe & scaffold.is_not_null())
        .then(
            pl.concat_str(
                [
                    pl.lit("SWE-bench Verified, agentic, resolved rate, "),
                    scaffold,
                    pl.lit(" (Epoch AI run)"),
                ]
            )
        )
        .when(swe & task_version.str.starts_with("1."))
        .then(pl.lit(SWE_V1))
        .otherwise(what)
    )


def _hub_runs(hub_runs: dict[str, pl.DataFrame]) -> pl.DataFrame:
    """The hub files' runs: id, version, benchmark, score_pct (the mean score), best_pct (the
    best score across scorers, the table's score), run time (UTC)."""
    return pl.concat(
        [
            frame.select(
                "id",
                pl.col("Model version").alias("version"),
                pl.lit(benchmark).alias("benchmark"),
                "score_pct",
                pl.coalesce(
                    pl.col("Best score (across scorers)").cast(pl.Float64) * 100, "score_pct"
                ).alias("best_pct"),
                pl.col("Started at")
                .str.to_datetime(time_zone="UTC", strict=False)
                .dt.truncate("1m")
                .alias("run_at"),
            )
            for benchmark, frame in hub_runs.items()
        ]
    )


def new_runs(runs: pl.DataFrame, hub_runs: dict[str, pl.DataFrame]) -> pl.DataFrame:
    """The runs of the table that are not already a run of a hub file (rule 1): a row with the
    same id, version, benchmark and best score across scorers (to the table's rounding) is that
    run."""
    hub = _hub_runs(hub_runs).select(
        "id",
        pl.col("version").alias("_hub_version"),
        pl.col("benchmark").alias("_hub_benchmark"),
        pl.col("best_pct").alias("_hub_pct"),
    )
    same = (
        (pl.col("model") == pl.col("_hub_version"))
        & (pl.col("benchmark") == pl.col("_hub_benchmark"))
        & ((pl.col("score_pct") - pl.col("_hub_pct")).abs() <= ROUNDING_PCT)
    ).fill_null(False)
    joined = runs.join(hub, on="id", how="left")
    return joined.filter(~same).drop("_hub_version", "_hub_benchmark", "_hub_pct")


def runs_scores(
    runs: pl.DataFrame,
    hub_runs: dict[str, pl.DataFrame],
    benchmarked: pl.DataFrame,
    aliases: pl.DataFrame,
    known: pl.DataFrame,
    retrieved: dt.date,
) -> tuple[pl.DataFrame, pl.DataFrame, pl.DataFrame, pl.DataFrame]:
    """(claims, scores, unmatched, superseded) from the runs table (`read_runs_table`) and the
    hub's per-benchmark run files (benchmark -> `read_epoch_run` frame).

    `scores` has the `benchmark_scores` columns; `superseded` lists (model_id, benchmark,
    protocol family, version) whose hub score row a newer run of this table replaces."""
    fresh = new_runs(runs, hub_runs).with_columns(
        family(pl.col("task"), pl.col("task version")).alias("_family")
    )
    placement = place_versions(fresh["model"], benchmarked, aliases, known)
    fresh = fresh.join(
        placement.select(pl.col("version").alias("model"), "model_id"), on="model", how="left"
    )
    viewer = pl.col("log viewer")
    citation = pl.when(viewer.is_not_null()).then(viewer).otherwise(pl.lit(HUB_URL))
    record = pl.concat_str(
        [pl.col("model"), pl.lit(" ("), pl.col("task"), pl.lit(", run "), pl.col("id"), pl.lit(")")]
    )
    claims = claims_frame(
        fresh.select(
            "model_id",
            pl.col("benchmark").alias("field"),
            pl.col("score_pct").alias("value"),
            citation.alias("citation"),
            pl.lit("reported").alias("method"),
            pl.col("started_at_utc").dt.date().alias("as_of_date"),
            pl.lit(EPOCH).alias("precedence"),
            pl.lit(SOURCE).alias("source"),
            record.alias("source_record"),
        ),
        retrieved_date=retrieved,
    )
    # rule 2: the newest run of (version, benchmark, family) across the hub files and this table
    hub = _hub_runs(hub_runs).with_columns(
        family(pl.lit(None, dtype=pl.String), pl.lit(None, dtype=pl.String)).alias("_family"),
        pl.lit("hub").alias("_from"),
    )
    mine = fresh.filter(pl.col("model_id").is_not_null()).select(
        "id",
        pl.col("model").alias("version"),
        "benchmark",
        "score_pct",
        pl.col("started_at_utc").dt.convert_time_zone("UTC").alias("run_at"),
        "_family",
        pl.lit("runs").alias("_from"),
    )
    key = ["version", "benchmark", "_family"]
    newest = (
        pl.concat([hub.select(mine.columns), mine.select(mine.columns)])
        .sort("run_at", "_from", nulls_last=False)  # at the same minute, this table's row
        .unique(key, keep="last")
        .filter(pl.col("_from") == "runs")
        .select("id")
    )
    winners = fresh.join(newest, on="id", how="semi")
    superseded = (
        winners.with_columns(pl.col("model").alias("version"))
        .join(hub.select(key).unique(), on=key, how="semi")
        .select("model_id", "benchmark", pl.col("_family").alias("family"), "version")
    )
    protocol = pl.concat_str(
        [
            pl.col("_family"),
            pl.lit("; version "),
            pl.col("model"),
            pl.lit(", reasoning effort "),
            pl.coalesce(effort(pl.col("model")), pl.lit("not stated")),
            pl.lit(", task '"),
            pl.col("task"),
            pl.lit("' "),
            pl.coalesce(pl.col("task version"), pl.lit("(no task version)")),
            pl.lit(", best score across scorers ("),
            pl.coalesce(pl.col("Scores"), pl.lit("scorers not listed")),
            pl.lit("), run "),
            pl.col("id"),
        ]
    )
    scores = winners.select(
        "model_id",
        "benchmark",
        pl.col("score_pct").alias("score"),
        pl.lit(0, dtype=pl.Int64).alias("shots"),
        citation.alias("source"),
        protocol.alias("protocol"),
        pl.lit("epoch").alias("measured_by"),
        pl.lit("percent").alias("unit"),
    ).sort("model_id", "benchmark", "protocol")
    unmatched = placement.filter(pl.col("model_id").is_null()).select(
        pl.lit(SOURCE).alias("source"),
        pl.col("version").alias("name"),
        pl.col("reason").alias("detail"),
    )
    return claims, scores, unmatched, superseded


def without_superseded(hub_table: pl.DataFrame, superseded: pl.DataFrame) -> pl.DataFrame:
    """The hub's score rows less those a newer run of the runs table replaces (same release,
    benchmark, protocol family and version id)."""
    if superseded.height == 0:
        return hub_table
    drop = pl.any_horizontal(
        [
            (pl.col("model_id") == row["model_id"])
            & (pl.col("benchmark") == row["benchmark"])
            & pl.col("protocol").str.starts_with(f"{row['family']}; version {row['version']},")
            for row in superseded.iter_rows(named=True)
        ]
    )
    return hub_table.filter(~drop.fill_null(False))
