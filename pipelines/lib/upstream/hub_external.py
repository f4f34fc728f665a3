"""The external leaderboards and paper collections of Epoch AI's Benchmarking Hub (the
`*_external.csv` files and `swe_bench_bash.csv` of `benchmark_data.zip`, April 2026).

Epoch collects these scores from others, so each row says who measured it (`measured_by`):
- a public leaderboard's own run: `leaderboard:<name>` (Aider, ARC Prize, Terminal-Bench, METR,
  LiveBench, ...); Stanford HELM rows of the paper collections: `leaderboard:helm`;
- a row of a leaderboard file whose `Source` is the developer's system card, model card or
  announcement (Cybench's Claude Opus 4.5 row, OSWorld's Anthropic row): `maker`, via the hub;
- the older paper collections (MMLU, BBH, GSM8K, HellaSwag, ... each row citing a paper, often
  another lab's): `aggregator:epoch` (Epoch quoting a paper), as for Epoch's older MMLU file.
The row's `Source` (and `Source link` where given) stays in `protocol` and in the citation.

Units stay native: the scores that are fractions or percents become percent at the door; METR's
time horizon stays in minutes, WebDev Arena in Elo, Lech Mazur's writing score on its 0-10
scale and GeoBench in points (`benchmark_scores.unit`). The per-file range check fails at the
door if a refresh changes a file's scale (tests/pipelines/test_hub_external.py).

Identity is the hub's (`benchmark_hub.place_versions`): a version id with an effort suffix is a
version of one release (the effort goes in `protocol`). Rows without a version id, rows whose
version is no model of ours and rows without a score are listed in `unmatched_names`.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

import pandera.polars as pa
import polars as pl

from pipelines.lib.staging.claims import AGGREGATOR, claims_frame
from pipelines.lib.upstream.benchmark_hub import HUB_URL, NUMBER, effort, place_versions
from pipelines.lib.upstream.manifest import read_published_csv

MAKER_SOURCE = r"(?i)\b(system|model) card\b|announc|annoucement"
HELM_SOURCE = r"(?i)\bHELM\b|\bCRFM\b"
PAPERS = None  # `board` of a paper collection


@dataclass(frozen=True)
class External:
    """One external file: its benchmark name, score column and scale."""

    benchmark: str  # benchmark_scores.benchmark
    score: str  # the score column, as published
    unit: str  # percent | minutes | Elo | points
    scale: float  # native value x scale = value in `unit` (100 for a fraction)
    high: float  # the native maximum (the range check at the door)
    board: str | None  # leaderboard name (measured_by `leaderboard:<board>`); None = papers
    what: str  # the protocol, in words
    entry: tuple[str, ...] = ()  # columns that tell two entries of one version apart

    @property
    def name(self) -> str:
        """The benchmark's name: the protocol's first part ("Aider Polyglot, percent correct"
        -> "Aider Polyglot"), as the dashboard shows the file and its benchmark."""
        return self.what.split(",")[0].strip()


def _fraction(benchmark, score, board, what, entry=()):
    return External(benchmark, score, "percent", 100.0, 1.0, board, what, entry)


def _percent(benchmark, score, board, what, entry=()):
    return External(benchmark, score, "percent", 1.0, 100.0, board, what, entry)


# file stem (without `_external`) -> what it holds (HLE is read with Epoch's runs, in
# benchmark_hub.py). Scales checked on every row of the April
# 2026 export (SOURCE.md; columns named "%" that hold fractions included).
EXTERNALS: dict[str, External] = {
    "mmlu": _fraction("mmlu", "EM", PAPERS, "MMLU, exact match", ("Name",)),
    "bbh": _fraction("bbh", "Average", PAPERS, "BIG-Bench Hard, average accuracy", ("Name",)),
    "gsm8k": _fraction("gsm8k", "EM", PAPERS, "GSM8K, exact match", ("Name",)),
    "hella_swag": _fraction(
        "hellaswag", "Overall accuracy", PAPERS, "HellaSwag, accuracy", ("Name",)
    ),
    "wino_grande": _fraction("winogrande", "Accuracy", PAPERS, "WinoGrande, accuracy", ("Name",)),
    "arc_ai2": _fraction(
        "arc_c", "Challenge score", PAPERS, "ARC (AI2) Challenge set, accuracy", ("Name",)
    ),
    "piqa": _fraction("piqa", "Score", PAPERS, "PIQA, accuracy", ("Name",)),
    "bool_q": _fraction("boolq", "Score", PAPERS, "BoolQ, accuracy", ("Name",)),
    "trivia_qa": _fraction("triviaqa", "EM", PAPERS, "TriviaQA, exact match", ("Name",)),
    "lambada": _fraction("lambada", "Score", PAPERS, "LAMBADA, accuracy", ("Name",)),
    "open_book_qa": _fraction("openbookqa", "Accuracy", PAPERS, "OpenBookQA, accuracy", ("Name",)),
    "science_qa": _fraction("scienceqa", "Score", PAPERS, "ScienceQA, accuracy", ("Name",)),
    "superglue": _fraction("superglue", "Score", PAPERS, "SuperGLUE, average score", ("Name",)),
    "adversarial_nli": _fraction("anli", "Score", PAPERS, "Adversarial NLI, accuracy", ("Name",)),
    "common_sense_qa_2": _fraction(
        "commonsenseqa_2", "Score", PAPERS, "CommonsenseQA 2.0, accuracy", ("Name",)
    ),
    "arc_agi": _fraction(
        "arc_agi_1", "Score", "arc_prize", "ARC-AGI-1 semi-private set, score", ("Name",)
    ),
    "arc_agi_2": _fraction(
        "arc_agi_2", "Score", "arc_prize", "ARC-AGI-2 semi-private set, score", ("Name",)
    ),
    "aider_polyglot": _percent(
        "aider_polyglot",
        "Percent correct",
        "aider",
        "Aider Polyglot, percent correct",
        ("Edit format",),
    ),
    "os_world": _percent("osworld", "Score", "osworld", "OSWorld, success rate", ("Agent",)),
    "live_bench": _percent(
        "livebench",
        "Global average",
        "livebench",
        "LiveBench, global average",
        ("LiveBench Version",),
    ),
    "terminalbench": _fraction(
        "terminal_bench",
        "Accuracy mean",
        "terminal_bench",
        "Terminal-Bench 2.0, accuracy",
        ("Agent",),
    ),
    "swe_bench_bash": External(
        "swe_bench_bash",
        "% Resolved",
        "percent",
        100.0,
        1.0,
        "swe_bench",
        "SWE-bench Verified, bash-only mini-SWE-agent, resolved rate",
        ("SWE-Agent Release Version",),
    ),
    "cybench": _fraction("cybench", "Unguided % Solved", "cybench", "Cybench, unguided solve rate"),
    "gdpval": _fraction(
        "gdpval", "Win Rate (%)", "gdpval", "GDPval, win rate vs experts", ("Name",)
    ),
    "cad_eval": _fraction(
        "cad_eval", "Overall pass (%)", "cad_eval", "CadEval, pass rate", ("Name",)
    ),
    "the_agent_company": _fraction(
        "the_agent_company", "% Score", "the_agent_company", "TheAgentCompany, score", ("Name",)
    ),
    "posttrainbench": _fraction(
        "posttrainbench",
        "Average (%)",
        "posttrainbench",
        "PostTrainBench, average",
        ("Scaffold", "Name"),
    ),
    "apex_agents": _fraction(
        "apex_agents", "Pass@1 score", "apex_agents", "APEX-Agents, pass@1", ("Name",)
    ),
    "balrog": _fraction("balrog", "Average progress", "balrog", "BALROG, average progress"),
    "deepresearchbench": _fraction(
        "deepresearchbench",
        "Average score",
        "deepresearchbench",
        "DeepResearch Bench, average",
        ("Agent",),
    ),
    "fictionlivebench": _fraction(
        "fictionlivebench", "120k token score", "fiction_live", "Fiction.LiveBench, 120k tokens"
    ),
    "gso": _fraction("gso", "Score OPT@1", "gso", "GSO, OPT@1", ("Scaffold",)),
    "simplebench": _fraction("simplebench", "Score (AVG@5)", "simplebench", "SimpleBench, AVG@5"),
    "vpct": _fraction("vpct", "Correct", "vpct", "VPCT, fraction correct"),
    "weirdml": _fraction("weirdml", "Accuracy", "weirdml", "WeirdML, average accuracy"),
    "video_mme": _fraction(
        "video_mme",
        "Overall (no subtitles)",
        "video_mme",
        "Video-MME, overall, no subtitles",
        ("Name",),
    ),
    "metr_time_horizons": External(
        "metr_time_horizon",
        "Time horizon",
        "minutes",
        1.0,
        1e5,
        "metr",
        "METR 50% time horizon, minutes",
        ("METR version",),
    ),
    "webdev_arena": External(
        "webdev_arena", "Arena Score", "Elo", 1.0, 5000.0, "webdev_arena", "WebDev Arena, Elo"
    ),
    "lech_mazur_writing": External(
        "lech_mazur_writing",
        "Mean score",
        "points",
        1.0,
        10.0,
        "lech_mazur_writing",
        "Lech Mazur creative writing, mean grade 0-10",
    ),
    "geobench": External(
        "geobench",
        "ACW Avg Score",
        "points",
        1.0,
        5000.0,
        "geobench",
        "GeoBench, ACW average score (0-5000 points)",
        ("Tools",),
    ),
}


def file_of(stem: str) -> str:
    """The file of a stem under the hub's folder."""
    return (
        f"benchmark_data/{stem}.csv"
        if stem == "swe_bench_bash"
        else (f"benchmark_data/{stem}_external.csv")
    )


def asset_of(stem: str) -> str:
    return f"raw_epoch_hub_{stem}"


# A file's claims and unmatched names have this source, followed by the file's stem.
SOURCE_PREFIX = "epoch_benchmarking_hub_"


def source_of(stem: str) -> str:
    """claims.source and unmatched_names.source of one file."""
    return f"{SOURCE_PREFIX}{stem}"


def schema_of(spec: External) -> pa.DataFrameSchema:
    """The file as published: all text, the score a number within the file's native range."""
    value = pl.col(spec.score).cast(pl.Float64, strict=False)

    def score_within_scale(data) -> pl.LazyFrame:
        return data.lazyframe.select(
            (pl.col(spec.score).is_null() | value.is_between(0.0, spec.high)).alias("ok")
        )

    return pa.DataFrameSchema(
        {
            "Model version": pa.Column(str, nullable=True),
            spec.score: pa.Column(str, nullable=True, checks=pa.Check.str_matches(NUMBER)),
        },
        checks=[
            pa.Check(
                score_within_scale, error=f"{spec.score} within [0, {spec.high}] ({spec.unit})"
            )
        ],
        strict=False,
        name=f"{spec.benchmark}_external",
    )


def read_external(path: Path, stem: str | None = None) -> pl.DataFrame:
    """One external file, validated as published (all text); ids trimmed."""
    stem = stem or path.stem.removesuffix("_external")
    frame = schema_of(EXTERNALS[stem]).validate(read_published_csv(path), lazy=True)
    return frame.with_columns(pl.col("Model version").str.strip_chars())


def reader(stem: str):
    return lambda path: read_external(path, stem)


def _text(frame: pl.DataFrame, column: str) -> pl.Expr:
    if column not in frame.columns:
        return pl.lit(None, dtype=pl.String)
    return pl.col(column).str.strip_chars().replace("", None)


def _rows(stem: str, spec: External, frame: pl.DataFrame) -> pl.DataFrame:
    """One long row per published row: version, value (in unit), shots, who measured, citation,
    the protocol text and a row label (for unmatched_names)."""
    source = _text(frame, "Source")
    link = pl.coalesce(
        *[_text(frame, c) for c in frame.columns if c.lower().startswith("source link")],
        pl.lit(None, dtype=pl.String),
    )
    cite = (
        pl.when(link.str.starts_with("http"))
        .then(link)
        .when(source.str.starts_with("http"))
        .then(source)
        .otherwise(pl.lit(HUB_URL))
    )
    board = f"leaderboard:{spec.board}" if spec.board else None
    measured = (
        pl.when(source.str.contains(MAKER_SOURCE))
        .then(pl.lit("maker"))
        .when(source.str.contains(HELM_SOURCE))
        .then(pl.lit("leaderboard:helm"))
        .when(pl.lit(board is not None))
        .then(pl.lit(board))
        .when(source.str.contains(r"(?i)leaderboard"))
        .then(pl.lit(f"leaderboard:{spec.benchmark}"))
        .otherwise(pl.lit("aggregator:epoch"))
    )
    shots = (
        _text(frame, "Shots").str.extract(r"^([0-9]+)", 1).cast(pl.Int64)
        if "Shots" in frame.columns
        else pl.lit(None, dtype=pl.Int64)
    )
    entries = [c for c in spec.entry if c in frame.columns]
    entry = pl.concat_str([_text(frame, c) for c in entries], separator=" / ", ignore_nulls=True)
    version = _text(frame, "Model version")
    label = pl.coalesce(
        version,
        _text(frame, "Name"),
        pl.concat_str([pl.lit("row id "), _text(frame, "id")]),
        pl.lit("row without version or id"),
    )
    return frame.select(
        version.alias("version"),
        (pl.col(spec.score).cast(pl.Float64) * spec.scale).alias("value"),
        shots.alias("shots"),
        measured.alias("measured_by"),
        cite.alias("citation"),
        source.alias("_source"),
        (entry.replace("", None) if entries else pl.lit(None, dtype=pl.String)).alias("_entry"),
        label.alias("_label"),
    ).with_columns(pl.lit(stem).alias("_stem"))


def external_scores(
    frames: dict[str, pl.DataFrame],
    benchmarked: pl.DataFrame,
    aliases: pl.DataFrame,
    known: pl.DataFrame,
    retrieved: dt.date,
) -> tuple[pl.DataFrame, pl.DataFrame, pl.DataFrame]:
    """(claims, scores, unmatched) from the external files (stem -> raw frame)."""
    rows = pl.concat([_rows(stem, EXTERNALS[stem], f) for stem, f in frames.items()])
    rows = rows.with_columns(
        pl.col("_stem")
        .replace_strict({s: e.benchmark for s, e in EXTERNALS.items()})
        .alias("benchmark"),
        pl.col("_stem").replace_strict({s: e.unit for s, e in EXTERNALS.items()}).alias("unit"),
        pl.col("_stem").replace_strict({s: e.what for s, e in EXTERNALS.items()}).alias("_what"),
        pl.concat_str([pl.lit(SOURCE_PREFIX), pl.col("_stem")]).alias("source"),
    )
    versions = rows["version"].drop_nulls()
    placement = place_versions(versions, benchmarked, aliases, known)
    rows = rows.join(placement.select("version", "model_id", "reason"), on="version", how="left")
    scored = pl.col("value").is_not_null()
    claims = claims_frame(
        rows.filter(scored).select(
            "model_id",
            pl.col("benchmark").alias("field"),
            "value",
            "unit",
            "citation",
            pl.lit("reported").alias("method"),
            pl.lit(AGGREGATOR).alias("precedence"),
            "source",
            pl.concat_str(
                [pl.col("version"), pl.lit(" ("), pl.col("_entry"), pl.lit(")")], ignore_nulls=False
            )
            .fill_null(pl.col("version"))
            .alias("source_record"),
        ),
        retrieved_date=retrieved,
    )
    protocol = pl.concat_str(
        [
            pl.col("_what"),
            pl.when(pl.col("shots").is_not_null())
            .then(pl.concat_str([pl.lit(", "), pl.col("shots").cast(pl.String), pl.lit("-shot")]))
            .otherwise(pl.lit("")),
            pl.lit("; version "),
            pl.col("version"),
            pl.when(pl.col("_entry").is_not_null())
            .then(pl.concat_str([pl.lit(", entry '"), pl.col("_entry"), pl.lit("'")]))
            .otherwise(pl.lit("")),
            pl.lit(", reasoning effort "),
            pl.coalesce(effort(pl.col("version")), pl.lit("not stated")),
            pl.when(pl.col("_source").is_not_null())
            .then(pl.concat_str([pl.lit("; source '"), pl.col("_source"), pl.lit("'")]))
            .otherwise(pl.lit("")),
        ]
    )
    scores = (
        rows.filter(scored & pl.col("model_id").is_not_null())
        .with_columns(protocol.alias("protocol"))
        # one row per grain: a repeated (version, entry, source) row keeps its last value
        .unique(
            ["model_id", "benchmark", "shots", "measured_by", "protocol"],
            keep="last",
            maintain_order=True,
        )
        .select(
            "model_id",
            "benchmark",
            pl.col("value").alias("score"),
            "shots",
            pl.col("citation").alias("source"),
            "protocol",
            "measured_by",
            "unit",
        )
        .sort("model_id", "benchmark", "protocol")
    )
    unmatched = rows.filter(pl.col("model_id").is_null() | ~scored).select(
        "source",
        pl.col("_label").alias("name"),
        pl.when(~scored)
        .then(pl.lit("row has no score"))
        .when(pl.col("version").is_null())
        .then(pl.lit("row has no model version id (hub name only)"))
        .otherwise(pl.col("reason"))
        .alias("detail"),
    )
    return claims, scores, unmatched
