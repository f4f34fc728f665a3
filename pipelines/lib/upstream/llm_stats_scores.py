"""LLM-Stats' self-reported benchmark scores (`flat_model_benchmarks.csv`) as the makers' claims.

LLM-Stats copies each score from the developer's announcement, model card or paper and keeps
the link (`self_reported_source_link`). A row that is self-reported (`is_self_reported`) and
links a real page becomes a claim (source `llm_stats_self_reported`) and a `benchmark_scores`
row with `measured_by = 'maker'`, the link as its source and LLM-Stats' own words for the setup
(`analysis_method`) in `protocol`; the shot count is read from those words ("5-shot") or left
null. Scores are fractions at the door (checked: 0-1), percent inside.

Only benchmarks named here become claims (`BENCHMARKS`: LLM-Stats id -> our name, where the two
are the same test); a row of another benchmark, a placeholder link, a row not self-reported or
a score outside 0-1 is listed in `unmatched_names` with its reason. The 5-shot, non-CoT MMLU
rows stay the resolved `llm_stats` claims they already are (`llm_stats.claims`), not repeated.
"""

from __future__ import annotations

import datetime as dt

import polars as pl

from pipelines.lib.staging.claims import AGGREGATOR, claims_frame
from pipelines.lib.upstream.llm_stats import CHAIN_OF_THOUGHT, FIVE_SHOT, PLACEHOLDER

SOURCE = "llm_stats_self_reported"

# LLM-Stats benchmark id -> benchmark_scores name. The same test under both names; LLM-Stats'
# `gpqa` does not say which subset, so it stays `gpqa`, and `terminal-bench` (version not
# stated) is left out.
BENCHMARKS = {
    "mmlu": "mmlu",
    "mmlu-pro": "mmlu_pro",
    "gpqa": "gpqa",
    "math": "math",
    "humaneval": "humaneval",
    "gsm8k": "gsm8k",
    "ifeval": "ifeval",
    "swe-bench-verified": "swe_bench_verified",
    "arc-c": "arc_c",
    "hellaswag": "hellaswag",
    "big-bench-hard": "bbh",
    "winogrande": "winogrande",
    "truthfulqa": "truthfulqa",
    "triviaqa": "triviaqa",
    "humanity's-last-exam": "hle",
    "aider-polyglot": "aider_polyglot",
    "livebench": "livebench",
    "mbpp": "mbpp",
    "livecodebench": "livecodebench",
    "aime-2024": "aime_2024",
    "aime-2025": "aime_2025",
    "math-500": "math_500",
    "simpleqa": "simpleqa",
    "mmmu": "mmmu",
    "drop": "drop",
    "mgsm": "mgsm",
}


def self_reported_scores(
    scores: pl.DataFrame, attached: pl.DataFrame, retrieved: dt.date
) -> tuple[pl.DataFrame, pl.DataFrame, pl.DataFrame]:
    """(claims, benchmark_scores rows, unmatched) from LLM-Stats' score rows; `attached` maps
    `llm_stats_id` to `atlas_id` (llm_stats.attach)."""
    link = pl.col("self_reported_source_link").fill_null("").str.strip_chars()
    method = pl.col("analysis_method").str.strip_chars()
    value = pl.col("score").cast(pl.Float64, strict=False)
    already = (
        (pl.col("benchmark_id") == "mmlu")
        & method.fill_null("").str.contains(FIVE_SHOT)
        & ~method.fill_null("").str.contains(CHAIN_OF_THOUGHT)
    )
    rows = (
        scores.join(
            attached.select("llm_stats_id", "atlas_id"),
            left_on="model_id",
            right_on="llm_stats_id",
            how="left",
        )
        .with_columns(
            pl.col("benchmark_id")
            .replace_strict(BENCHMARKS, default=None, return_dtype=pl.String)
            .alias("benchmark"),
            link.alias("_link"),
            value.alias("_value"),
        )
        .with_columns(
            pl.when(pl.col("is_self_reported") != "True")
            .then(pl.lit("not self-reported (LLM-Stats' own or a third party's number)"))
            .when(
                ~pl.col("_link").str.starts_with("http") | pl.col("_link").str.contains(PLACEHOLDER)
            )
            .then(pl.lit("no source link (placeholder or empty)"))
            .when(pl.col("benchmark").is_null())
            .then(
                pl.concat_str([pl.lit("benchmark "), pl.col("benchmark_id"), pl.lit(" not mapped")])
            )
            .when(~pl.col("_value").is_between(0.0, 1.0))
            .then(pl.lit("score is not a fraction 0-1"))
            .when(pl.col("atlas_id").is_null())
            .then(pl.lit("model not placed"))
            .alias("_reason")
        )
    )
    placed = rows.filter(pl.col("_reason").is_null() & ~already)
    shots = method.str.extract(r"(?i)\b([0-9]+)[- ]?shot", 1).cast(pl.Int64)
    protocol = pl.concat_str(
        [
            pl.col("benchmark_name").fill_null(pl.col("benchmark_id")),
            pl.lit(", "),
            method.fill_null("setup not stated"),
            pl.lit("; self-reported by the developer, as LLM-Stats quotes it (id "),
            pl.col("benchmark_id"),
            pl.lit(")"),
        ]
    )
    table = (
        placed.select(
            pl.col("atlas_id").alias("model_id"),
            "benchmark",
            (pl.col("_value") * 100).alias("score"),
            shots.alias("shots"),
            pl.col("_link").alias("source"),
            protocol.alias("protocol"),
            pl.lit("maker").alias("measured_by"),
            pl.lit("percent").alias("unit"),
        )
        .unique(
            ["model_id", "benchmark", "shots", "measured_by", "protocol"],
            keep="first",
            maintain_order=True,
        )
        .sort("model_id", "benchmark", "protocol")
    )
    claims = claims_frame(
        placed.select(
            pl.col("atlas_id").alias("model_id"),
            pl.col("benchmark").alias("field"),
            (pl.col("_value") * 100).alias("value"),
            pl.col("_link").alias("citation"),
            pl.concat_str([pl.col("model_id"), pl.lit(" / "), pl.col("benchmark_id")]).alias(
                "source_record"
            ),
        ),
        source=SOURCE,
        method="reported",
        precedence=AGGREGATOR,
        retrieved_date=retrieved,
    )
    left = rows.filter(pl.col("_reason").is_not_null())
    unmapped = left.filter(
        pl.col("benchmark").is_null() & (pl.col("_reason").str.ends_with("not mapped"))
    )
    unmatched = pl.concat(
        [
            # one row per benchmark no name here stands for, with its row count
            unmapped.group_by("benchmark_id")
            .len()
            .select(
                pl.lit(SOURCE).alias("source"),
                pl.concat_str([pl.lit("benchmark "), pl.col("benchmark_id")]).alias("name"),
                pl.concat_str(
                    [
                        pl.col("len").cast(pl.String),
                        pl.lit(" self-reported rows; benchmark not mapped"),
                    ]
                ).alias("detail"),
            ),
            left.join(unmapped, on="model_benchmark_id", how="anti").select(
                pl.lit(SOURCE).alias("source"),
                pl.concat_str([pl.col("model_id"), pl.lit(" / "), pl.col("benchmark_id")]).alias(
                    "name"
                ),
                pl.col("_reason").alias("detail"),
            ),
        ]
    )
    return claims, table, unmatched
