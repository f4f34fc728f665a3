"""Pandera schemas of the public tables the staging layer writes: the resolved model
tables, their claims and the quality tables."""

from __future__ import annotations

import datetime as dt

import pandera.polars as pa
import polars as pl

from pipelines.lib.staging.claims import CLAIM_FIELDS, SCORE_UNITS
from pipelines.lib.tables.base import Base


class ModelsSchema(Base):
    """`models`: one row per model release (accepted records only)."""

    model_id: str = pa.Field(
        unique=True,
        str_matches=r"^[a-z0-9][a-z0-9.-]*$",
        description="Unique slug of the release, e.g. `llama-2-70b`.",
    )
    name: str = pa.Field(description="Display name, e.g. `Llama 2 70B`.")
    organization: str = pa.Field(description="Developer organisation.")
    release_date: dt.date = pa.Field(
        nullable=True,
        description=(
            "Public release (or paper) date. An ObsScaling base model without an Epoch "
            "version date takes its repository's Hub upload date (Open LLM Leaderboard v2), "
            "an estimate its `sources` row marks. Null only when no source we hold dates the "
            "release (ObsScaling base models in neither file, LLM-Stats dates listed in its "
            "ERRATA.yaml); never a submission or price date. Curated records always have one."
        ),
    )
    architecture: str = pa.Field(
        isin=["dense", "moe", "unknown"],
        description="`dense`, `moe` (mixture of experts) or `unknown` (undisclosed).",
    )
    params_total: float = pa.Field(
        nullable=True, gt=0, description="Total parameters (count). Null when undisclosed."
    )
    params_active: float = pa.Field(
        nullable=True,
        gt=0,
        description="Parameters active per token (count): equal to `params_total` for dense "
        "models, the MoE active count (how it was obtained: `params_active_method`), null "
        "when the architecture is unknown.",
    )
    params_active_method: str = pa.Field(
        nullable=True,
        isin=["reported", "estimate", "inherited"],
        description="How the MoE active count was obtained: `reported` by the developer, "
        "an `estimate` from published figures (the claim's source says how), or `inherited` "
        "from the MoE base model of a fine-tune with the same total. Null for dense models "
        "(active = total) and when the count is unknown.",
    )
    training_tokens: float = pa.Field(
        nullable=True, gt=0, description="Tokens seen in pre-training (count)."
    )
    training_compute_flop: float = pa.Field(
        nullable=True, gt=0, description="Pre-training compute (FLOP)."
    )
    compute_method: str = pa.Field(
        nullable=True,
        isin=["reported", "6ND", "hardware", "estimate"],
        description="How `training_compute_flop` was obtained: `reported` by the developer, "
        "`6ND` (6 x active params x tokens), `hardware` (GPU-hours x throughput), `estimate`.",
    )
    context_window: int = pa.Field(nullable=True, gt=0, description="Context window (tokens).")
    open_weights: bool = pa.Field(
        nullable=True,
        description="Weights downloadable (any licence). Null when the source does not say.",
    )
    mmlu: float = pa.Field(
        nullable=True,
        ge=0,
        le=100,
        description="MMLU 5-shot score, percent (0-100). Null if no 5-shot score.",
    )
    price_usd_per_1m_input_tokens: float = pa.Field(
        nullable=True, ge=0, description="API list price, USD per 1M input tokens."
    )
    price_usd_per_1m_output_tokens: float = pa.Field(
        nullable=True, ge=0, description="API list price, USD per 1M output tokens."
    )
    price_as_of_date: dt.date = pa.Field(nullable=True, description="Date the price was observed.")
    training_cost_usd: float = pa.Field(
        nullable=True, gt=0, description="Estimated training cost, USD (as cited)."
    )
    base_model_id: str = pa.Field(
        nullable=True, description="`model_id` this release was fine-tuned from."
    )
    source_file: str = pa.Field(
        description="File under `data/raw/` the row's identity came "
        "from: the curated record, or the Epoch snapshot."
    )

    @pa.dataframe_check(error="params_active must not exceed params_total")
    @classmethod
    def active_not_above_total(cls, data) -> pl.LazyFrame:
        frame = data.lazyframe
        return frame.select(
            pl.col("params_active").is_null()
            | pl.col("params_total").is_null()
            | (pl.col("params_active") <= pl.col("params_total"))
        )


class BenchmarkScoresSchema(Base):
    """`benchmark_scores`: one row per (model, benchmark, shots, measured_by, protocol) score,
    long format."""

    model_id: str = pa.Field(description="Release the score belongs to (`models.model_id`).")
    benchmark: str = pa.Field(
        description="Benchmark name, lowercase. `mmlu` (5-shot, as in `models`); from the "
        "upstream harness runs, one protocol per name: `arc_c` (25-shot), `hellaswag` "
        "(10-shot), `winogrande` (5-shot), `truthfulqa` (MC2, 0-shot), `gsm8k` (5-shot), "
        "`humaneval` (pass@1) — Open LLM Leaderboard v1 and ObsScaling — and `mmlu_pro` "
        "(5-shot), `bbh` (3-shot), `math_lvl5` (4-shot), `gpqa`, `musr`, `ifeval` (0-shot) — "
        "Open LLM Leaderboard v2; from Epoch AI's Benchmarking Hub `gpqa_diamond`, "
        "`math_level_5` (Epoch's 0-shot MATH Level 5, not the leaderboard's 4-shot "
        "`math_lvl5`), `otis_mock_aime`, `frontiermath`, `swe_bench_verified` (Epoch's own "
        "runs, with `frontiermath_tier_4`, `simpleqa_verified`, `chess_puzzles`, and from "
        "Epoch's runs table the public samples `frontiermath_public`, "
        "`frontiermath_tier_4_public`), `hle` "
        "(Humanity's "
        "Last Exam leaderboard) and the external leaderboards and paper collections the hub "
        "gathers (`arc_agi_1`, `arc_agi_2`, `aider_polyglot`, `terminal_bench`, `osworld`, "
        "`livebench`, `metr_time_horizon`, `webdev_arena`, ... and, quoted from papers and HELM, "
        "`mmlu`, `bbh`, `gsm8k`, `hellaswag`, `winogrande`, `arc_c`, `piqa`, `boolq`, ... at "
        "their own shots; `claims.HUB_EXTERNAL_UNITS` lists them all); the makers' own scores "
        "LLM-Stats quotes (`math`, `mbpp`, `livecodebench`, `aime_2024`, `aime_2025`, "
        "`math_500`, `simpleqa`, `mmmu`, `drop`, `mgsm` beside the names above); curated "
        "records may add any name."
    )
    score: float = pa.Field(
        ge=0,
        description="Score, in `unit`: percent (0-100) for nearly every benchmark; METR's time "
        "horizon in minutes, WebDev Arena in Elo, Lech Mazur's writing grade (0-10) and "
        "GeoBench (0-5000) in points.",
    )
    shots: int = pa.Field(
        ge=0,
        nullable=True,
        description="Few-shot examples used (0 = zero-shot); null when the source does not "
        "state them (a curated score whose `protocol` says so). `models.mmlu` takes only "
        "5-shot MMLU.",
    )
    source: str = pa.Field(str_startswith="http", description="Citation URL for this score.")
    protocol: str | None = pa.Field(
        nullable=True,
        description="How the score was measured, in the source's words (variant, chain-of-"
        "thought, pass@k, metric, harness): the record's `protocol`, or the harness protocol "
        "of an upstream leaderboard. For Epoch's Benchmarking Hub it also names the model "
        "version and its reasoning effort (`...; version gpt-5-2025-08-07_high, reasoning "
        "effort high`): each effort variant of a release is its own row, none picked silently. "
        "Null when a curated record does not say.",
    )
    measured_by: str = pa.Field(
        str_matches=r"^(maker|epoch|leaderboard:[a-z0-9_]+|aggregator:[a-z0-9_]+)$",
        description="Who ran the evaluation: `maker` (a curated record, citing the developer's "
        "paper or model card; the default for curated scores), `epoch` (Epoch AI's own runs), "
        "`leaderboard:<name>` (`open_llm_leaderboard_v1`, `open_llm_leaderboard_v2`, `hle`, "
        "`helm`, and each external leaderboard of Epoch's hub: `arc_prize`, `aider`, `metr`, "
        "...) or `aggregator:<name>` (a collection quoting others: `epoch` for Epoch's MMLU "
        "file and the hub's paper collections, which quote papers; `obsscaling`; `llm_stats`). "
        "A hub row whose source is the developer's system card, model card or announcement is "
        "`maker` (the row's source is in `protocol`), as is a developer's own score LLM-Stats "
        "quotes with its link (claims source `llm_stats_self_reported`). One benchmark and shot "
        "count may be scored by several parties: filter on it to compare like with like.",
    )

    unit: str = pa.Field(
        isin=list(SCORE_UNITS),
        description="Unit of `score`: `percent` (every benchmark but four), `minutes` "
        "(`metr_time_horizon`), `Elo` (`webdev_arena`) or `points` (`lech_mazur_writing`, "
        "0-10; `geobench`, 0-5000). Scores stay in their native units; fractions become percent "
        "at the door.",
    )

    @pa.dataframe_check(error="a percent score is within 0-100")
    @classmethod
    def percent_within_0_100(cls, data) -> pl.LazyFrame:
        return data.lazyframe.select(
            ((pl.col("unit") != "percent") | (pl.col("score") <= 100)).alias("ok")
        )

    @pa.dataframe_check(error="one score per (model_id, benchmark, shots, measured_by, protocol)")
    @classmethod
    def one_score_per_protocol(cls, data) -> pl.LazyFrame:
        return data.lazyframe.select(
            ~pl.struct("model_id", "benchmark", "shots", "measured_by", "protocol")
            .is_duplicated()
            .alias("unique")
        )


class CapabilityIndexSchema(Base):
    """`capability_index`: Epoch AI's Capabilities Index (ECI), one row per release."""

    model_id: str = pa.Field(unique=True, description="Release (`models.model_id`).")
    eci: float = pa.Field(
        ge=0,
        le=300,
        description="Epoch Capabilities Index: a unitless index from Epoch's benchmark "
        "stitching, not a percent (Claude 3.5 Sonnet = 130, GPT-5 = 150 by construction).",
    )
    eci_ci_low: float = pa.Field(
        nullable=True, description="Lower end of Epoch's confidence interval (null for anchors)."
    )
    eci_ci_high: float = pa.Field(
        nullable=True, description="Upper end of Epoch's confidence interval (null for anchors)."
    )
    as_of_date: dt.date = pa.Field(
        description="Date of the file the index comes from (Epoch recomputes it as it adds runs)."
    )
    source: str = pa.Field(str_startswith="http", description="Citation URL (Epoch AI).")
    epoch_model: str = pa.Field(description="The model's name in Epoch's database.")

    @pa.dataframe_check(error="eci_ci_low <= eci <= eci_ci_high")
    @classmethod
    def interval_holds_index(cls, data) -> pl.LazyFrame:
        low, high, eci = pl.col("eci_ci_low"), pl.col("eci_ci_high"), pl.col("eci")
        return data.lazyframe.select(
            ((low.is_null() | (low <= eci)) & (high.is_null() | (eci <= high))).alias("ok")
        )


class SourcesSchema(Base):
    """`sources`: one row per (model, field) citation."""

    model_id: str = pa.Field(description="Release (`models.model_id`).")
    field: str = pa.Field(
        description="The `models` column the citation backs (`params_total`, "
        "`mmlu`, ...), a benchmark of `benchmark_scores` (`gsm8k`, `mmlu_pro`, ...), "
        "`release_date` (a curated record's, or the file that dated an ObsScaling model), or "
        "another curated record field (`benchmarks.gsm8k`)."
    )
    citation: str = pa.Field(str_startswith="http", description="URL of the source.")
    source: str = pa.Field(
        description="Where the value was taken from: `curated` (a YAML "
        "record), `curated_copy` (a record citing a copy of the maker's source) or an "
        "upstream data set (`epoch_models_2025_08`, ...)."
    )
    method: str = pa.Field(
        nullable=True,
        description="How the value was obtained: `reported`, `6ND`, `hardware`, `estimate` or "
        "`inherited` (from the base model); a `release_date` from a Hub upload date is an "
        "`estimate`.",
    )
    confidence: str = pa.Field(
        nullable=True,
        description="The source's own confidence label "
        "(Epoch: Confident / Likely / Speculative / Unknown).",
    )


class ClaimsSchema(Base):
    """`claims`: every number from every source, before resolution."""

    model_id: str = pa.Field(description="Release (`models.model_id`).")
    field: str = pa.Field(
        isin=list(CLAIM_FIELDS),
        description="The `models` column the claim is about (`params_total`, ..., `mmlu`), or "
        "a benchmark of `benchmark_scores` with one fixed protocol (`arc_c`, `hellaswag`, "
        "`winogrande`, `truthfulqa`, `gsm8k`, `humaneval`, `mmlu_pro`, `bbh`, `math_lvl5`, "
        "`gpqa`, `musr`, `ifeval`), or a benchmark of Epoch AI's Benchmarking Hub "
        "(`gpqa_diamond`, `math_level_5`, `otis_mock_aime`, `frontiermath`, "
        "`swe_bench_verified`, `hle`, ...) and its external leaderboards and paper collections "
        "(`arc_agi_1`, `metr_time_horizon`, `webdev_arena`, ...; `mmlu`, `gsm8k`, ... quoted "
        "from papers, source `epoch_benchmarking_hub_<file>`): never resolved to one value, "
        "each placed row is a `benchmark_scores` row, `source_record` the version id.",
    )
    value: float = pa.Field(description="The claimed value, in `unit`.")
    unit: str = pa.Field(
        description="`count`, `tokens`, `FLOP`, `percent`, `USD per 1M tokens` or `USD`; a "
        "benchmark score may also be in `minutes` (METR time horizon), `Elo` (WebDev Arena) or "
        "`points` (Lech Mazur writing 0-10, GeoBench 0-5000)."
    )
    source: str = pa.Field(
        description="Source data set (`curated`, `curated_copy`, `epoch_models_2025_08`, "
        "`epoch_mmlu`, `open_llm_leaderboard_v1`, `obsscaling`, `litellm`, ...)."
    )
    citation: str = pa.Field(str_startswith="http", description="URL citing the value.")
    method: str = pa.Field(
        isin=["reported", "6ND", "hardware", "estimate", "inherited"],
        description="`reported`, `6ND`, `hardware`, `estimate` (e.g. "
        "Epoch corpus words converted to tokens) or `inherited` (an MoE fine-tune's active "
        "parameters from its base model of the same total size).",
    )
    confidence: str = pa.Field(
        nullable=True,
        description="The source's confidence label "
        "(Epoch's Confident / Likely / Speculative / Unknown).",
    )
    retrieved_date: dt.date = pa.Field(description="Date the snapshot was retrieved.")
    as_of_date: dt.date = pa.Field(nullable=True, description="Date a price was observed.")
    precedence: int = pa.Field(
        ge=0,
        le=4,
        description="0 curated, 1 primary paper (a curated value cited from a copy of the "
        "maker's source, `curated_copy`, ranks last in this tier), 2 Epoch "
        "database, 3 other aggregators, 4 derived by conversion; lower "
        "wins.",
    )
    source_record: str = pa.Field(
        nullable=True,
        description="The row's name in the source (e.g. the Epoch model name or Hugging Face id).",
    )


class ConflictsSchema(Base):
    """`conflicts`: claims that disagree with the chosen value beyond the field's tolerance."""

    model_id: str = pa.Field(description="Release (`models.model_id`).")
    field: str = pa.Field(description="The `models` column, or a benchmark (`claims.field`).")
    value_chosen: float = pa.Field(
        description="The resolved value (in `models`, or `benchmark_scores` for a benchmark)."
    )
    source_chosen: str = pa.Field(description="Source of the resolved value.")
    citation_chosen: str = pa.Field(description="Citation of the resolved value.")
    value_other: float = pa.Field(description="The disagreeing value.")
    source_other: str = pa.Field(description="Source of the disagreeing value.")
    citation_other: str = pa.Field(description="Citation of the disagreeing value.")
    difference: float = pa.Field(
        ge=0,
        description="|other - chosen|: relative to the larger "
        "for counts, compute and prices; absolute points for scores.",
    )
    difference_kind: str = pa.Field(
        isin=["relative", "absolute"], description="How `difference` is measured."
    )


class UnmatchedNamesSchema(Base):
    """`unmatched_names`: source names no alias or exact rule places (never guessed)."""

    source: str = pa.Field(description="Source data set.")
    name: str = pa.Field(description="The name as the source writes it.")
    detail: str = pa.Field(nullable=True, description="Extra context (version id, row type).")


class UpstreamErrataSchema(Base):
    """`upstream_errata`: upstream values known to be wrong and left out of `claims` (from the
    `ERRATA.yaml` beside each snapshot), so nothing is dropped silently."""

    source: str = pa.Field(description="Upstream data set (`llm_stats`, `obsscaling`, ...).")
    name: str = pa.Field(description="The model as the source names it.")
    field: str = pa.Field(description="The field left out (`release_date` or a claim field).")
    reason: str = pa.Field(description="Who found the error, and the evidence.")


class UpstreamRevisionsSchema(Base):
    """`upstream_revisions`: values an upstream revised between its dated snapshots (today the
    Epoch AI model-database exports of 2024-10, 2025-08 and 2026-08): the newest resolves, and
    both stay in `claims`; this is the revision history the upstream does not publish."""

    model_id: str = pa.Field(description="Release (`models.model_id`).")
    field: str = pa.Field(description="The claim field revised (`training_compute_flop`, ...).")
    value_before: float = pa.Field(description="Value in the earlier snapshot (unit of `field`).")
    source_before: str = pa.Field(description="Earlier snapshot (`epoch_models_2025_08`, ...).")
    as_of_before: dt.date = pa.Field(description="Date of the earlier snapshot.")
    value_after: float = pa.Field(description="Value in the next snapshot that gives one.")
    source_after: str = pa.Field(description="Later snapshot (`epoch_notable_2026_08`, ...).")
    as_of_after: dt.date = pa.Field(description="Date of the later snapshot.")
    relative_change: float = pa.Field(
        description="(value_after - value_before) / |value_before|; -0.03 is a 3 % cut."
    )

    @pa.dataframe_check(error="one row per (model_id, field, as_of_after)")
    @classmethod
    def one_revision_per_snapshot(cls, data) -> pl.LazyFrame:
        return data.lazyframe.select(
            ~pl.struct("model_id", "field", "as_of_after").is_duplicated().alias("unique")
        )


class SuspiciousValuesSchema(Base):
    """`suspicious_values`: values a plausibility rule flags, with their review status."""

    model_id: str = pa.Field(description="Release (`models.model_id`).")
    field: str = pa.Field(
        description="The `models` column whose value is suspect (`training_tokens`, "
        "`training_compute_flop`, `params_total`, `release_date`), or a benchmark of "
        "`benchmark_scores` (`mmlu`, `gsm8k`, ...)."
    )
    value: float = pa.Field(
        nullable=True,
        description="The suspect value as published in `models` (or the score, percent); "
        "null for a date.",
    )
    rule: str = pa.Field(
        isin=[
            "6nd_mismatch",
            "compute_vs_6nd",
            "implausible_epochs",
            "implausible_tokens_per_param",
            "finetune_before_base",
            "identical_base_instruct_scores",
            "notes_contradict_column",
        ],
        description="The rule that flags it: `6nd_mismatch` (compute labelled 6ND more than "
        "15 % from 6 x active params x tokens), `compute_vs_6nd` (a dense pre-trained model's "
        "other compute more than 10x from 6·N·D), `implausible_epochs` (tokens from Epoch's "
        "dataset size x Epochs > 50), `implausible_tokens_per_param` (outside 0.1-100,000 "
        "tokens per active parameter), `finetune_before_base`, `identical_base_instruct_scores` "
        "(a fine-tune and its base with the very same score, benchmark and shots), "
        "`notes_contradict_column` (Epoch's notes quote a figure with its unit >= 10x away).",
    )
    evidence: str = pa.Field(description="A sentence with the numbers behind the flag.")
    status: str = pa.Field(
        isin=["unresolved", "acknowledged", "erratum"],
        description="`unresolved` (no review yet), `acknowledged` (reviewed: the value is "
        "right) or `erratum` (reviewed: wrong, no right value to hand) — from "
        "`data/raw/suspicious_resolutions.yaml`. Unresolved and erratum values are left out "
        "of every fit and ranking (frontier, compute-optimal, growth, capability, cost).",
    )
    reason: str = pa.Field(nullable=True, description="The reviewer's reason; null if unresolved.")

    @pa.dataframe_check(error="one row per (model_id, field, rule)")
    @classmethod
    def one_row_per_flag(cls, data) -> pl.LazyFrame:
        return data.lazyframe.select(
            ~pl.struct("model_id", "field", "rule").is_duplicated().alias("unique")
        )


class CoverageSchema(Base):
    """`coverage`: how many models have each field, overall and per release year."""

    field: str = pa.Field(
        description="A `models` column, a combination (`params+tokens+compute`, "
        "`price+context`), `moe` (models whose architecture is `moe`), `moe_with_active` "
        "(those with an active-parameter count), `suspicious_values` (models with a value "
        "`suspicious_values` flags) or `suspicious_unresolved_in_rankings` (rankable models — "
        "an MMLU score and parameters, or parameters and tokens — with an unresolved "
        "suspicious value; its target, zero, is a ceiling); and the primary-source sweep: "
        "`primary_source_records` (curated records citing a maker's repository at a commit), "
        "`mmlu_or_mmlu_pro_2025` (releases dated 2025 or later with a cited 5-shot MMLU or an "
        "MMLU-Pro score; `models` counts the releases dated 2025 or later) and "
        "`small_models_mmlu_50` (models under 8B released 2024-06 to 2026-11 with 5-shot MMLU "
        ">= 50 %; `models` counts that window)."
    )
    year: int = pa.Field(
        nullable=True,
        description="Release year; null for all years (undated models count only there).",
    )
    models: int = pa.Field(ge=0, description="Models in scope (all language models).")
    with_value: int = pa.Field(ge=0, description="Models with a value.")
    share: float = pa.Field(ge=0, le=1, description="with_value / models.")
    target: int = pa.Field(
        nullable=True,
        description="The Atlas's coverage target for the field (a floor; for "
        "`suspicious_unresolved_in_rankings` a ceiling).",
    )
