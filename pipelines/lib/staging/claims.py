"""Claims: every number from every source, side by side, and the rules that pick one.

A claim is one source's value for one (model, field). `resolve` picks a value per (model, field)
by a documented precedence and lists every disagreement beyond a per-field tolerance as a
conflict. Everything here is vectorised polars; no per-row Python.

Precedence (lower wins), then the newest as-of date (prices), then the value closest to the
median of the equally ranked claims (consensus), then the source order below, then the citation
(stable):
  0  curated YAML under data/raw/models (reviewed by pull request; may override anything)
  1  primary paper or model card, as quoted by an aggregator (e.g. Epoch's MMLU file rows whose
     source is the model's own paper); below those, within the tier, a curated value whose
     record cites a copy of the maker's source (`source_kinds: {field: copy}`, source
     `curated_copy`): the maker's number, but through a third party's transcription
  2  Epoch AI's database (newest snapshot first)
  3  other aggregators (Open LLM Leaderboard, ObsScaling, LiteLLM, models.dev, genai-prices,
     Token Tariff's timeline and OpenRouter list, HELM numbers)
  4  values we derive by a stated conversion (e.g. Epoch's corpus words -> tokens)
"""

from __future__ import annotations

import polars as pl

from pipelines.lib.staging.tolerances import DISAGREES, tolerance, verdict

CURATED, PRIMARY, EPOCH, AGGREGATOR, DERIVED = 0, 1, 2, 3, 4

# Order among sources of the same precedence (earlier wins).
SOURCE_ORDER = [
    "curated",
    "epoch_mmlu",
    "curated_copy",
    "epoch_notable_2026_08",
    "epoch_large_scale_2026_08",
    "epoch_frontier_2026_03",
    "epoch_models_2025_08",
    "epoch_models_2024_10",
    "epoch_benchmarks_2024_10",
    "epoch_api_prices",
    "obsscaling",
    "open_llm_leaderboard_v1",
    "open_llm_leaderboard_v2",
    "litellm_2026_08",
    "litellm",
    "llm_stats",
    "genai_prices_2026_08",
    "models_dev_2026_07",
    "token_tariff_timeline",
    "openrouter_2026_08",
    "epoch_benchmarking_hub",
    "epoch_benchmarking_hub_hle",
]

# Claim sources that quote the maker through a copy of its publication (a mirror of a model
# card): they rank below the other claims of their precedence tier (`resolve`).
COPY_SOURCES = ("curated_copy",)

# Claim sources that are never resolved to one value (each claim is a `benchmark_scores` row of
# its own measurer): Epoch AI's Benchmarking Hub (its runs, the leaderboards and paper
# collections it gathers) and the makers' own scores LLM-Stats quotes. Such a claim is never in
# `conflicts`, and the Model page does not judge it against the value used.
NEVER_RESOLVED_PREFIXES = ("epoch_benchmarking_hub", "llm_stats_self_reported")


def never_resolved(source: pl.Expr) -> pl.Expr:
    """True for a claim source of `NEVER_RESOLVED_PREFIXES`."""
    return pl.any_horizontal(*(source.str.starts_with(p) for p in NEVER_RESOLVED_PREFIXES))


# The `models` columns a claim may be about, with unit and how a difference is measured and
# tolerated (`pipelines.lib.staging.tolerances`, the one rule `conflicts` and the Model page share).
_UNITS = {
    "params_total": "count",
    "params_active": "count",
    "training_tokens": "tokens",
    "training_compute_flop": "FLOP",
    "context_window": "tokens",
    "mmlu": "percent",
    "price_usd_per_1m_input_tokens": "USD per 1M tokens",
    "price_usd_per_1m_output_tokens": "USD per 1M tokens",
    "training_cost_usd": "USD",
}
FIELDS: dict[str, tuple[str, str, float]] = {
    field: (unit, *tolerance(field)) for field, unit in _UNITS.items()
}

# Benchmark scores beyond MMLU that upstream harness runs report: one protocol per name, so a
# name never mixes shot counts or metrics: (shots, what the score is). The leaderboards document
# their protocols at https://huggingface.co/docs/leaderboards/open_llm_leaderboard/archive (v1)
# and .../open_llm_leaderboard/about (v2). Scores are percent; they land in `benchmark_scores`,
# not in `models`.
BENCHMARKS: dict[str, tuple[int, str]] = {
    "arc_c": (25, "ARC-Challenge, 25-shot, normalised accuracy (Open LLM Leaderboard v1)"),
    "hellaswag": (10, "HellaSwag, 10-shot, normalised accuracy (Open LLM Leaderboard v1)"),
    "winogrande": (5, "Winogrande, 5-shot, accuracy (Open LLM Leaderboard v1)"),
    "truthfulqa": (0, "TruthfulQA MC2, 0-shot (Open LLM Leaderboard v1)"),
    "gsm8k": (5, "GSM8K, 5-shot, accuracy (Open LLM Leaderboard v1)"),
    "humaneval": (0, "HumanEval pass@1 (EvalPlus, as ObsScaling ran it)"),
    "mmlu_pro": (5, "MMLU-Pro, 5-shot, accuracy (Open LLM Leaderboard v2)"),
    "bbh": (3, "BIG-Bench Hard, 3-shot, normalised accuracy (Open LLM Leaderboard v2)"),
    "math_lvl5": (4, "MATH level 5, 4-shot, exact match (Open LLM Leaderboard v2)"),
    "gpqa": (0, "GPQA, 0-shot, normalised accuracy (Open LLM Leaderboard v2)"),
    "musr": (0, "MuSR, 0-shot, normalised accuracy (Open LLM Leaderboard v2)"),
    "ifeval": (0, "IFEval, 0-shot, strict accuracy (Open LLM Leaderboard v2)"),
}
# Benchmarks of Epoch AI's Benchmarking Hub (epoch.ai/benchmarks): Epoch's own runs with its
# Inspect harness, and the Humanity's Last Exam leaderboard. Several parties and several effort
# variants of one release may score these, so they are not resolved to one value: every placed
# row is a `benchmark_scores` row of its own (`measured_by`, the version and effort in
# `protocol`). Epoch's MATH Level 5 (0-shot) is another protocol than the leaderboard's 4-shot
# `math_lvl5`, so it has its own name, as GPQA Diamond has beside the leaderboard's `gpqa`.
HUB_BENCHMARKS: dict[str, tuple[int, str]] = {
    "gpqa_diamond": (0, "GPQA Diamond, 0-shot, accuracy (Epoch AI run)"),
    "math_level_5": (0, "MATH Level 5, 0-shot, accuracy (Epoch AI run)"),
    "otis_mock_aime": (0, "OTIS Mock AIME 2024-2025, 0-shot, accuracy (Epoch AI run)"),
    "frontiermath": (0, "FrontierMath tiers 1-3, 0-shot, accuracy (Epoch AI run)"),
    "swe_bench_verified": (0, "SWE-bench Verified, agentic, resolved rate (Epoch AI run)"),
    "hle": (0, "Humanity's Last Exam, 0-shot, accuracy (Scale AI / CAIS leaderboard)"),
    "frontiermath_tier_4": (0, "FrontierMath tier 4, 0-shot, accuracy (Epoch AI run)"),
    "simpleqa_verified": (0, "SimpleQA Verified, 0-shot, accuracy (Epoch AI run)"),
    "chess_puzzles": (0, "Chess puzzles, 0-shot, accuracy (Epoch AI run)"),
    # the public samples of FrontierMath only Epoch's runs table lists (upstream/epoch_runs.py)
    "frontiermath_public": (
        0,
        "FrontierMath tiers 1-3 public sample, 0-shot, accuracy (Epoch AI run)",
    ),
    "frontiermath_tier_4_public": (
        0,
        "FrontierMath tier 4 public sample, 0-shot, accuracy (Epoch AI run)",
    ),
}
# The external leaderboards and paper collections the hub gathers (upstream/hub_external.py),
# benchmark -> unit: never resolved either (each placed row its own `benchmark_scores` row).
# Names the harness runs above already use (`mmlu`, `gsm8k`, ...) keep their meaning; the
# shot count and who measured tell the protocols apart.
HUB_EXTERNAL_UNITS: dict[str, str] = {
    **dict.fromkeys(
        [
            "bbh",
            "gsm8k",
            "hellaswag",
            "winogrande",
            "arc_c",
            "piqa",
            "boolq",
            "triviaqa",
            "lambada",
            "openbookqa",
            "scienceqa",
            "superglue",
            "anli",
            "commonsenseqa_2",
            "arc_agi_1",
            "arc_agi_2",
            "aider_polyglot",
            "osworld",
            "livebench",
            "terminal_bench",
            "swe_bench_bash",
            "cybench",
            "gdpval",
            "cad_eval",
            "the_agent_company",
            "posttrainbench",
            "apex_agents",
            "balrog",
            "deepresearchbench",
            "fictionlivebench",
            "gso",
            "simplebench",
            "vpct",
            "weirdml",
            "video_mme",
        ],
        "percent",
    ),
    "metr_time_horizon": "minutes",
    "webdev_arena": "Elo",
    "lech_mazur_writing": "points",
    "geobench": "points",
}
# Benchmarks only the makers' self-reported scores (LLM-Stats, upstream/llm_stats_scores.py)
# name; never resolved either.
SELF_REPORTED_BENCHMARKS = (
    "math",
    "mbpp",
    "livecodebench",
    "aime_2024",
    "aime_2025",
    "math_500",
    "simpleqa",
    "mmmu",
    "drop",
    "mgsm",
)
SCORE_FIELDS: dict[str, tuple[str, str, float]] = {
    **{name: ("percent", *tolerance(name)) for name in SELF_REPORTED_BENCHMARKS},
    **{
        name: (unit, *tolerance(name))
        for name, unit in HUB_EXTERNAL_UNITS.items()
        if name not in BENCHMARKS
    },
    **{name: ("percent", *tolerance(name)) for name in [*BENCHMARKS, *HUB_BENCHMARKS]},
}

# Who measured a score (`benchmark_scores.measured_by`), by the claim source it came from:
# `maker` (a curated record; they cite the developer's paper or model card), `epoch` (Epoch
# AI's own runs), `leaderboard:<name>` (a public leaderboard's harness run) or
# `aggregator:<name>` (a collection quoting others: Epoch's MMLU file quotes papers and HELM,
# `aggregator:epoch`; ObsScaling; LLM-Stats).
MEASURED_BY: dict[str, str] = {
    "curated": "maker",
    "curated_copy": "maker",
    "epoch_mmlu": "aggregator:epoch",
    "open_llm_leaderboard_v1": "leaderboard:open_llm_leaderboard_v1",
    "open_llm_leaderboard_v2": "leaderboard:open_llm_leaderboard_v2",
    "obsscaling": "aggregator:obsscaling",
    "llm_stats": "aggregator:llm_stats",
    "epoch_benchmarking_hub": "epoch",
    "epoch_benchmarking_hub_hle": "leaderboard:hle",
    "epoch_benchmarks_runs_2026_05": "epoch",
}
# Units a benchmark score may carry (`benchmark_scores.unit`, `claims.unit`).
SCORE_UNITS = ("percent", "minutes", "Elo", "points")
# Every field a claim may carry: the `models` columns, then the benchmark scores.
CLAIM_FIELDS: dict[str, tuple[str, str, float]] = {**FIELDS, **SCORE_FIELDS}

METHODS = ("reported", "6ND", "hardware", "estimate", "inherited")

CLAIM_DTYPES: dict[str, pl.DataType] = {
    "model_id": pl.String(),
    "field": pl.String(),
    "value": pl.Float64(),
    "unit": pl.String(),
    "source": pl.String(),
    "citation": pl.String(),
    "method": pl.String(),
    "confidence": pl.String(),
    "retrieved_date": pl.Date(),
    "as_of_date": pl.Date(),
    "precedence": pl.Int64(),
    "source_record": pl.String(),
}


def empty_claims() -> pl.DataFrame:
    return pl.DataFrame(schema=CLAIM_DTYPES)


def claims_frame(frame: pl.DataFrame, **constants) -> pl.DataFrame:
    """Normalise a frame with some claim columns (others given as constants) to CLAIM_DTYPES,
    adding units from FIELDS and dropping null or non-finite values."""
    out = frame
    for name, value in constants.items():
        out = out.with_columns(pl.lit(value).alias(name))
    for name, dtype in CLAIM_DTYPES.items():
        if name not in out.columns:
            out = out.with_columns(pl.lit(None, dtype=dtype).alias(name))
    units = pl.DataFrame(
        {"field": list(CLAIM_FIELDS), "_unit": [u for u, _, _ in CLAIM_FIELDS.values()]}
    )
    out = (
        out.with_columns(pl.col("value").cast(pl.Float64))
        .filter(
            pl.col("value").is_not_null()
            & pl.col("value").is_finite()
            & pl.col("model_id").is_not_null()
        )
        .join(units, on="field", how="left")
        .with_columns(pl.coalesce("unit", "_unit").alias("unit"))
    )
    return out.select([pl.col(n).cast(t) for n, t in CLAIM_DTYPES.items()])


def resolve(claims: pl.DataFrame) -> tuple[pl.DataFrame, pl.DataFrame]:
    """Pick one claim per (model_id, field); list disagreements beyond tolerance.

    Returns (resolved claims, one row per claim; conflicts, one row per disagreeing claim).
    """
    order = pl.DataFrame({"source": SOURCE_ORDER, "_source_rank": list(range(len(SOURCE_ORDER)))})
    # A value cited from a copy of the maker's source ranks half a tier below the rest of its
    # tier: after every claim quoting the maker directly, before the next tier.
    ranked = claims.join(order, on="source", how="left").with_columns(
        pl.col("_source_rank").fill_null(len(SOURCE_ORDER)),
        (pl.col("precedence") + pl.col("source").is_in(COPY_SOURCES).cast(pl.Float64) / 2).alias(
            "_rank"
        ),
    )
    # Within a rank the newest observation wins (prices carry an as-of date); among equally
    # ranked claims, the one closest to their median (consensus), then the source order, then
    # the citation (stable).
    ranked = ranked.with_columns(
        pl.col("as_of_date").max().over("model_id", "field", "_rank").alias("_newest")
    )
    top = (pl.col("as_of_date") == pl.col("_newest")) | pl.col("_newest").is_null()
    ranked = ranked.with_columns(
        (pl.col("value") - pl.col("value").filter(top).median().over("model_id", "field", "_rank"))
        .abs()
        .alias("_from_median")
    )
    ranked = ranked.sort(
        [
            "model_id",
            "field",
            "_rank",
            "as_of_date",
            "_from_median",
            "_source_rank",
            "citation",
            "value",
        ],
        descending=[False, False, False, True, False, False, False, False],
        nulls_last=True,
    )
    chosen = ranked.unique(["model_id", "field"], keep="first", maintain_order=True)
    pairs = verdict(
        ranked.join(
            chosen.select(
                "model_id",
                "field",
                pl.col("value").alias("value_chosen"),
                pl.col("source").alias("source_chosen"),
                pl.col("citation").alias("citation_chosen"),
                pl.col("as_of_date").alias("as_of_chosen"),
            ),
            on=["model_id", "field"],
        )
    )
    conflicts = (
        pairs.filter(pl.col("verdict") == DISAGREES)
        .select(
            "model_id",
            "field",
            "value_chosen",
            "source_chosen",
            "citation_chosen",
            pl.col("value").alias("value_other"),
            pl.col("source").alias("source_other"),
            pl.col("citation").alias("citation_other"),
            "difference",
            "difference_kind",
        )
        .sort("model_id", "field", "source_other")
    )
    return chosen.drop("_source_rank", "_rank", "_newest", "_from_median"), conflicts


def inherited_active_claims(
    models: pl.DataFrame, resolved: pl.DataFrame, tolerance: float = 0.05
) -> pl.DataFrame:
    """Active-parameter claims for fine-tunes of MoE models that have none, from the base.

    Fine-tuning keeps the architecture, so a fine-tune of an MoE model activates what its base
    activates (R1 1776 from DeepSeek-R1, WizardLM-2 8x22B from Mixtral 8x22B, LLM-Stats'
    Qwen3-235B-A22B-Thinking-2507 from Qwen3-235B-A22B). Taken only when the base is MoE with a
    resolved active count and both report the same total (within `tolerance`), so a base with
    another size never lends its count; a model a source calls dense never takes one. Method
    `inherited`, precedence DERIVED, citing the base's own source; `source_record` names the
    base."""
    base = models.filter(pl.col("architecture") == "moe").select(
        pl.col("model_id").alias("base_model_id"),
        pl.col("params_total").alias("_base_total"),
    )
    active = resolved.filter(pl.col("field") == "params_active").select(
        pl.col("model_id").alias("base_model_id"),
        pl.col("value").alias("_base_active"),
        pl.col("citation").alias("_base_citation"),
        pl.col("source").alias("_base_source"),
        pl.col("retrieved_date").alias("_base_retrieved"),
        pl.col("confidence").alias("_base_confidence"),
    )
    # MoE fine-tunes, and fine-tunes whose architecture no source states (an LLM-Stats
    # instruct release of a curated MoE base); never a model a source calls dense.
    wanted = models.filter(
        (pl.col("architecture") != "dense")
        & pl.col("params_active").is_null()
        & pl.col("base_model_id").is_not_null()
    ).select("model_id", "base_model_id", "params_total")
    rows = (
        wanted.join(base, on="base_model_id")
        .join(active, on="base_model_id")
        .filter(
            (pl.col("params_total") - pl.col("_base_total")).abs()
            <= tolerance * pl.col("_base_total")
        )
    )
    out = rows.select(
        "model_id",
        pl.lit("params_active").alias("field"),
        pl.col("_base_active").alias("value"),
        pl.col("_base_source").alias("source"),
        pl.col("_base_citation").alias("citation"),
        pl.concat_str([pl.lit("inherited from base model "), pl.col("base_model_id")]).alias(
            "source_record"
        ),
        pl.col("_base_retrieved").alias("retrieved_date"),
        pl.col("_base_confidence").alias("confidence"),
    )
    return claims_frame(out, method="inherited", precedence=DERIVED)


def without_errata(claims: pl.DataFrame, errata: pl.DataFrame | None) -> pl.DataFrame:
    """`claims` less the values `errata` (an ERRATA.yaml: the source's own name for the model
    in `model_id`, and the field) lists as known upstream errors."""
    if errata is None or not errata.height:
        return claims
    wrong = errata.select(pl.col("model_id").alias("source_record"), "field")
    return claims.join(wrong, on=["source_record", "field"], how="anti")


REVISIONS_DTYPES: dict[str, pl.DataType] = {
    "model_id": pl.String(),
    "field": pl.String(),
    "value_before": pl.Float64(),
    "source_before": pl.String(),
    "as_of_before": pl.Date(),
    "value_after": pl.Float64(),
    "source_after": pl.String(),
    "as_of_after": pl.Date(),
    "relative_change": pl.Float64(),
}


def revisions(claims: pl.DataFrame, sources: list[str], rel_tol: float = 1e-6) -> pl.DataFrame:
    """Values one upstream revised between its dated snapshots (`sources`, each claim carrying
    its snapshot's `as_of_date`): for every (model, field), each snapshot's value against the
    value of the previous snapshot that gave one, where they differ by more than `rel_tol`
    (float noise). The revision history the upstream itself does not publish."""
    snap = (
        claims.filter(pl.col("source").is_in(sources) & pl.col("as_of_date").is_not_null())
        .group_by("model_id", "field", "as_of_date")
        .agg(pl.col("value").sort_by("source").first(), pl.col("source").sort().first())
        .sort("model_id", "field", "as_of_date")
    )
    prev = [pl.col(c).shift(1).over("model_id", "field") for c in ("value", "source", "as_of_date")]
    out = snap.with_columns(
        prev[0].alias("value_before"), prev[1].alias("source_before"), prev[2].alias("as_of_before")
    ).filter(pl.col("value_before").is_not_null())
    change = (pl.col("value") - pl.col("value_before")) / pl.col("value_before").abs()
    return (
        out.with_columns(change.alias("relative_change"))
        .filter(change.abs() > rel_tol)
        .select(
            "model_id",
            "field",
            "value_before",
            "source_before",
            "as_of_before",
            pl.col("value").alias("value_after"),
            pl.col("source").alias("source_after"),
            pl.col("as_of_date").alias("as_of_after"),
            "relative_change",
        )
        .cast(REVISIONS_DTYPES)
        .sort("model_id", "field", "as_of_after")
    )
