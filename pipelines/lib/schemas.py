"""Pandera (polars backend) schemas of the public warehouse tables.

Each `Field(description=...)` is the column's documentation: `warehouse/README.md` must list the
same columns (a test keeps them in step) and the Dagster assets publish them as column schemas.
"""

from __future__ import annotations

import datetime as dt

import pandera.polars as pa
import polars as pl

from pipelines.lib.claims import CLAIM_FIELDS

BENCHMARK_UNIT = "percent (0-100)"


class _Base(pa.DataFrameModel):
    class Config:
        strict = True  # no undocumented columns
        coerce = False


class ModelsSchema(_Base):
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


class BenchmarkScoresSchema(_Base):
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
        "runs) and `hle` (Humanity's Last Exam leaderboard); curated records may add any name."
    )
    score: float = pa.Field(ge=0, le=100, description="Score, percent (0-100).")
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
        "`leaderboard:<name>` (`open_llm_leaderboard_v1`, `open_llm_leaderboard_v2`, `hle`) "
        "or `aggregator:<name>` (a collection quoting others: `epoch` for Epoch's MMLU file, "
        "which quotes papers and HELM; `obsscaling`; `llm_stats`). One benchmark and shot "
        "count may be scored by several parties: filter on it to compare like with like.",
    )

    @pa.dataframe_check(error="one score per (model_id, benchmark, shots, measured_by, protocol)")
    @classmethod
    def one_score_per_protocol(cls, data) -> pl.LazyFrame:
        return data.lazyframe.select(
            ~pl.struct("model_id", "benchmark", "shots", "measured_by", "protocol")
            .is_duplicated()
            .alias("unique")
        )


class CapabilityIndexSchema(_Base):
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


class SourcesSchema(_Base):
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
        "record) or an upstream data set (`epoch_models_2025_08`, ...)."
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


class ClaimsSchema(_Base):
    """`claims`: every number from every source, before resolution."""

    model_id: str = pa.Field(description="Release (`models.model_id`).")
    field: str = pa.Field(
        isin=list(CLAIM_FIELDS),
        description="The `models` column the claim is about (`params_total`, ..., `mmlu`), or "
        "a benchmark of `benchmark_scores` with one fixed protocol (`arc_c`, `hellaswag`, "
        "`winogrande`, `truthfulqa`, `gsm8k`, `humaneval`, `mmlu_pro`, `bbh`, `math_lvl5`, "
        "`gpqa`, `musr`, `ifeval`), or a benchmark of Epoch AI's Benchmarking Hub "
        "(`gpqa_diamond`, `math_level_5`, `otis_mock_aime`, `frontiermath`, "
        "`swe_bench_verified`, `hle`; never resolved to one value: each placed row is a "
        "`benchmark_scores` row, `source_record` the version id).",
    )
    value: float = pa.Field(description="The claimed value, in `unit`.")
    unit: str = pa.Field(
        description="`count`, `tokens`, `FLOP`, `percent`, `USD per 1M tokens` or `USD`."
    )
    source: str = pa.Field(
        description="Source data set (`curated`, `epoch_models_2025_08`, "
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
        description="0 curated, 1 primary paper, 2 Epoch "
        "database, 3 other aggregators, 4 derived by conversion; lower "
        "wins.",
    )
    source_record: str = pa.Field(
        nullable=True,
        description="The row's name in the source (e.g. the Epoch model name or Hugging Face id).",
    )


class ConflictsSchema(_Base):
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


class UnmatchedNamesSchema(_Base):
    """`unmatched_names`: source names no alias or exact rule places (never guessed)."""

    source: str = pa.Field(description="Source data set.")
    name: str = pa.Field(description="The name as the source writes it.")
    detail: str = pa.Field(nullable=True, description="Extra context (version id, row type).")


class UpstreamErrataSchema(_Base):
    """`upstream_errata`: upstream values known to be wrong and left out of `claims` (from the
    `ERRATA.yaml` beside each snapshot), so nothing is dropped silently."""

    source: str = pa.Field(description="Upstream data set (`llm_stats`, `obsscaling`, ...).")
    name: str = pa.Field(description="The model as the source names it.")
    field: str = pa.Field(description="The field left out (`release_date` or a claim field).")
    reason: str = pa.Field(description="Who found the error, and the evidence.")


class UpstreamRevisionsSchema(_Base):
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


class SuspiciousValuesSchema(_Base):
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


class CoverageSchema(_Base):
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


class RejectsSchema(_Base):
    """`rejects`: one row per problem that kept a record out of `models`."""

    source_file: str = pa.Field(
        description="Record file, relative to the repo root when inside it."
    )
    source_line: int = pa.Field(nullable=True, description="1-based line in the file, when known.")
    model_id: str = pa.Field(nullable=True, description="The record's `id`, when readable.")
    field: str = pa.Field(description="Field path (`benchmarks.mmlu.score`) or `(file)`.")
    reason: str = pa.Field(description="What is wrong, in words a contributor can act on.")
    check: str = pa.Field(description="`record` (per-file rules) or the table-level check.")


class FrontierSmallestModelSchema(_Base):
    """`frontier_smallest_model`: record-holders for the smallest model at or above a threshold."""

    benchmark: str = pa.Field(description="Benchmark (`mmlu`: 5-shot).")
    threshold: float = pa.Field(ge=0, le=100, description="Score threshold, percent.")
    basis: str = pa.Field(
        isin=["total", "active"],
        description="Parameter count compared: "
        "`total` or `active` (per token; equals total for dense models).",
    )
    model_id: str = pa.Field(description="Release that set the record.")
    name: str = pa.Field(description="Display name of the release.")
    organization: str = pa.Field(description="Developer organisation.")
    release_date: dt.date = pa.Field(description="Date the record was set (release date).")
    params: float = pa.Field(gt=0, description="Parameters on the chosen basis (count).")
    score: float = pa.Field(ge=0, le=100, description="The release's score, percent.")
    source: str = pa.Field(nullable=True, description="Citation URL of the score.")
    params_source: str = pa.Field(nullable=True, description="Citation URL of the parameter count.")


class ComputeOptimalSchema(_Base):
    """`compute_optimal`: per model, data/parameter balance and the 6ND compute cross-check."""

    model_id: str = pa.Field(unique=True, description="Release (`models.model_id`).")
    name: str = pa.Field(description="Display name.")
    release_date: dt.date = pa.Field(nullable=True, description="Release date.")
    architecture: str = pa.Field(description="`dense`, `moe` or `unknown`.")
    params_total: float = pa.Field(nullable=True, description="Total parameters (count).")
    params_active: float = pa.Field(
        nullable=True, description="Active parameters (count); the N used in 6·N·D."
    )
    training_tokens: float = pa.Field(nullable=True, description="Training tokens (count).")
    tokens_per_param: float = pa.Field(
        nullable=True,
        gt=0,
        description="training_tokens / params_active (tokens per active parameter).",
    )
    chinchilla_ratio: float = pa.Field(
        nullable=True,
        gt=0,
        description="tokens_per_param / 20: >1 trained past Chinchilla-optimal, <1 under.",
    )
    compute_6nd_flop: float = pa.Field(
        nullable=True, gt=0, description="6 x params_active x training_tokens (FLOP)."
    )
    training_compute_flop: float = pa.Field(nullable=True, description="Compute as cited (FLOP).")
    compute_method: str = pa.Field(nullable=True, description="How the cited compute was obtained.")
    compute_6nd_to_reported_ratio: float = pa.Field(
        nullable=True, gt=0, description="compute_6nd_flop / training_compute_flop."
    )


class BuildManifestSchema(_Base):
    """`build_manifest`: what this build was made of."""

    built_at: dt.datetime = pa.Field(description="When the build ran (UTC).")
    git_commit: str = pa.Field(description="Commit of the code and data (`-dirty` if modified).")
    run_id: str = pa.Field(description="Dagster run id of the build.")
    kind: str = pa.Field(isin=["input", "table"], description="`input` file or output `table`.")
    name: str = pa.Field(description="Input path relative to the raw folder, or table name.")
    sha256: str = pa.Field(nullable=True, description="Content hash of an input file.")
    bytes: int = pa.Field(nullable=True, ge=0, description="Size of an input file.")
    rows: int = pa.Field(nullable=True, ge=0, description="Row count of an output table.")


class ChangelogSchema(_Base):
    """`changelog`: differences from the previously published build."""

    change: str = pa.Field(isin=["added", "removed", "changed"], description="Kind of change.")
    model_id: str = pa.Field(description="Release concerned.")
    name: str = pa.Field(nullable=True, description="Its display name.")
    field: str = pa.Field(nullable=True, description="`models` column that changed.")
    old_value: str = pa.Field(nullable=True, description="Previous value, as text.")
    new_value: str = pa.Field(nullable=True, description="New value, as text.")
    source: str = pa.Field(nullable=True, description="Citation of the new value.")


# --------------------------------------------------------------------------- analysis


class ComputeOptimalAllocationSchema(_Base):
    """`compute_optimal_allocation`: optimal N and D per published fit and compute budget."""

    fit: str = pa.Field(
        description="`hoffmann_2022` (Approach 3), `besiroglu_2024`, "
        "`chinchilla_20x` (20 tokens/param rule) or `atlas_refit_2026` (ours)."
    )
    budget_flop: float = pa.Field(gt=0, description="Training compute budget C (FLOP), C = 6ND.")
    params_opt: float = pa.Field(gt=0, description="Compute-optimal parameters N_opt.")
    tokens_opt: float = pa.Field(gt=0, description="Compute-optimal training tokens D_opt.")
    tokens_per_param: float = pa.Field(gt=0, description="D_opt / N_opt.")
    loss_opt: float = pa.Field(
        nullable=True,
        description="Predicted loss at the optimum (nats/token); null for the 20:1 rule.",
    )
    citation: str = pa.Field(description="Paper the fit comes from.")


class ComputeOptimalByFitSchema(_Base):
    """`compute_optimal_by_fit`: each model against each fit's optimum for the same budget."""

    model_id: str = pa.Field(description="Release.")
    name: str = pa.Field(description="Display name.")
    release_date: dt.date = pa.Field(nullable=True, description="Release date.")
    fit: str = pa.Field(description="Fit or rule (see `compute_optimal_allocation.fit`).")
    budget_flop: float = pa.Field(gt=0, description="6 x params_active x training_tokens (FLOP).")
    params_opt: float = pa.Field(gt=0, description="Compute-optimal parameters for that budget.")
    tokens_opt: float = pa.Field(gt=0, description="Compute-optimal tokens for that budget.")
    over_training_factor: float = pa.Field(
        gt=0,
        description="(D/N) / (D_opt/N_opt): 1 = "
        "compute-optimal, > 1 over-trained (more tokens per "
        "parameter), < 1 under-trained.",
    )


class ScalingLawFitsSchema(_Base):
    """`scaling_law_fits`: our refit of L(N,D) = E + A/N^alpha + B/D^beta on Chinchilla runs."""

    fit: str = pa.Field(description="`atlas_refit_2026`.")
    parameter: str = pa.Field(
        isin=["E", "A", "B", "alpha", "beta", "params_exponent"],
        description="Fitted parameter (params_exponent = a in N_opt ∝ C^a).",
    )
    estimate: float = pa.Field(description="Point estimate (Huber loss on log-loss, L-BFGS-B).")
    ci_low: float = pa.Field(description="95 % bootstrap interval, lower bound.")
    ci_high: float = pa.Field(description="95 % bootstrap interval, upper bound.")
    n_points: int = pa.Field(gt=0, description="Training runs in the fit.")
    n_excluded: int = pa.Field(ge=0, description="Highest-loss runs excluded (Epoch's rule: 5).")
    n_bootstrap: int = pa.Field(ge=0, description="Bootstrap resamples.")
    published_estimate: float = pa.Field(nullable=True, description="Besiroglu et al. 2024.")
    published_ci_low: float = pa.Field(nullable=True, description="Published 95 % interval, low.")
    published_ci_high: float = pa.Field(nullable=True, description="Published 95 % interval, high.")
    citation: str = pa.Field(description="arXiv:2404.10102.")


class CapabilityFitsSchema(_Base):
    """`capability_fits`: MMLU as a sigmoid of log10 compute or log10 parameters."""

    x_variable: str = pa.Field(isin=["log10_compute", "log10_params"], description="Predictor.")
    group: str = pa.Field(description="`all` or an organisation with enough points.")
    confidence_filter: str = pa.Field(
        description="`all` or `excluding speculative` (compute "
        "values Epoch labels Speculative left out)."
    )
    n_points: int = pa.Field(ge=0, description="Models in the fit.")
    status: str = pa.Field(description="`fitted` or why not (too few points).")
    k: float = pa.Field(nullable=True, description="Steepness per unit of x (per decade).")
    k_ci_low: float = pa.Field(nullable=True, description="95 % bootstrap interval of k, low.")
    k_ci_high: float = pa.Field(nullable=True, description="95 % bootstrap interval of k, high.")
    x0: float = pa.Field(
        nullable=True,
        description="Midpoint (log10 FLOP or log10 params) "
        "where the score is halfway between floor and ceiling.",
    )
    x0_ci_low: float = pa.Field(nullable=True, description="95 % interval of x0, low.")
    x0_ci_high: float = pa.Field(nullable=True, description="95 % interval of x0, high.")
    floor_pct: float = pa.Field(nullable=True, description="Floor: chance, 25 %.")
    ceiling_pct: float = pa.Field(nullable=True, description="Ceiling: 100 %.")


class CapabilityCurvesSchema(_Base):
    """`capability_curves`: each capability fit evaluated on a grid, with its 95 % band."""

    x_variable: str = pa.Field(description="Predictor (see `capability_fits`).")
    group: str = pa.Field(description="Group (see `capability_fits`).")
    confidence_filter: str = pa.Field(description="Filter (see `capability_fits`).")
    x: float = pa.Field(description="log10 FLOP or log10 parameters.")
    score_pct: float = pa.Field(description="Fitted MMLU, percent.")
    score_pct_lower: float = pa.Field(nullable=True, description="95 % band, lower.")
    score_pct_upper: float = pa.Field(nullable=True, description="95 % band, upper.")


class GrowthRatesSchema(_Base):
    """`growth_rates`: exponential growth per year of the headline quantities."""

    series: str = pa.Field(description="Population (e.g. `all models`).")
    metric: str = pa.Field(description="`models` column fitted.")
    since: int = pa.Field(nullable=True, description="First release year included.")
    n_points: int = pa.Field(ge=0, description="Models in the fit.")
    status: str = pa.Field(description="`fitted` or why not.")
    fold_change_per_year: float = pa.Field(nullable=True, description="x per year (10^slope).")
    fold_ci_low: float = pa.Field(nullable=True, description="95 % bootstrap interval, low.")
    fold_ci_high: float = pa.Field(nullable=True, description="95 % bootstrap interval, high.")
    doubling_time_months: float = pa.Field(nullable=True, description="For a rising trend.")
    halving_time_months: float = pa.Field(nullable=True, description="For a falling trend.")
    time_ci_low_months: float = pa.Field(
        nullable=True, description="95 % interval of the doubling/halving time, low."
    )
    time_ci_high_months: float = pa.Field(
        nullable=True, description="95 % interval, high (null when unbounded)."
    )
    reference: str = pa.Field(nullable=True, description="Published figure to compare with.")


class FrontierTrendSchema(_Base):
    """`frontier_trend`: how fast the smallest-model frontier shrinks, and forecasts."""

    benchmark: str = pa.Field(description="Benchmark of the frontier.")
    threshold: float = pa.Field(description="Score threshold, percent.")
    basis: str = pa.Field(description="`total` or `active` parameters.")
    n_points: int = pa.Field(ge=0, description="Record-holders in the fit.")
    status: str = pa.Field(description="`fitted` or why not (too few records).")
    fold_change_per_year: float = pa.Field(
        nullable=True, description="x per year (< 1 = shrinking)."
    )
    fold_ci_low: float = pa.Field(nullable=True, description="95 % interval, low.")
    fold_ci_high: float = pa.Field(nullable=True, description="95 % interval, high.")
    halving_time_months: float = pa.Field(
        nullable=True, description="Months for the frontier's parameter count to halve."
    )
    time_ci_low_months: float = pa.Field(nullable=True, description="95 % interval, low.")
    time_ci_high_months: float = pa.Field(nullable=True, description="95 % interval, high.")
    target_params: float = pa.Field(nullable=True, description="Size whose crossing is forecast.")
    forecast_date: dt.date = pa.Field(
        nullable=True, description="When the trend line crosses `target_params`."
    )
    forecast_low: dt.date = pa.Field(nullable=True, description="95 % interval, early.")
    forecast_high: dt.date = pa.Field(nullable=True, description="95 % interval, late.")
    reference: str = pa.Field(nullable=True, description="Published figure to compare with.")


class CostFrontierSchema(_Base):
    """`cost_frontier`: cheapest API price at or above an MMLU threshold, over time."""

    benchmark: str = pa.Field(description="`mmlu` (5-shot).")
    threshold: float = pa.Field(description="Score threshold, percent.")
    model_id: str = pa.Field(description="Release that became the cheapest.")
    name: str = pa.Field(description="Display name.")
    organization: str = pa.Field(description="Developer.")
    release_date: dt.date = pa.Field(description="Release date.")
    price_usd_per_1m_blended: float = pa.Field(
        gt=0,
        description="(3 x input + output) / 4, USD per 1M tokens: the price in force at the "
        "release date (the newest dated price claim on or before it, else the earliest after "
        "it), not the newest list price.",
    )
    score: float = pa.Field(description="MMLU, percent.")
    price_as_of_date: dt.date = pa.Field(
        nullable=True,
        description="Date of the price observation used (`claims.as_of_date`): on or before "
        "the release for a launch price, after it when no earlier price is cited.",
    )


class SizeClassesSchema(_Base):
    """`size_classes`: models per release year and size class."""

    year: int = pa.Field(description="Release year.")
    size_class: str = pa.Field(
        isin=["Tiny", "Small", "Medium", "Large", "Massive"],
        description="Tiny < 1B, Small 1-10B, Medium 10-70B, Large "
        "70-200B, Massive >= 200B total parameters.",
    )
    models: int = pa.Field(ge=0, description="Number of models.")
    class_order: int = pa.Field(description="Sort order of the class (0 = Tiny).")


class ServingMemorySchema(_Base):
    """`serving_memory`: memory to hold the weights, per model and precision."""

    model_id: str = pa.Field(description="Release.")
    name: str = pa.Field(description="Display name.")
    params_total: float = pa.Field(gt=0, description="Total parameters (all experts resident).")
    memory_gb_fp16: float = pa.Field(gt=0, description="GB (1e9 bytes) at 2 bytes/param.")
    memory_gb_int8: float = pa.Field(gt=0, description="GB at 1 byte/param.")
    memory_gb_int4: float = pa.Field(
        gt=0, description="GB at 0.5 byte/param (weights only; no KV cache or activations)."
    )


class EmergencePointsSchema(_Base):
    """`emergence_points`: benchmark score against training compute, with chance level."""

    benchmark: str = pa.Field(description="Benchmark.")
    model_id: str = pa.Field(description="Release.")
    name: str = pa.Field(description="Display name.")
    organization: str = pa.Field(description="Developer.")
    release_date: dt.date = pa.Field(nullable=True, description="Release date.")
    training_compute_flop: float = pa.Field(gt=0, description="Training compute (FLOP).")
    params_total: float = pa.Field(nullable=True, description="Total parameters.")
    score: float = pa.Field(description="Score, percent.")
    shots: int = pa.Field(
        description="Few-shot examples (scores whose source states none are left out)."
    )
    chance_pct: float = pa.Field(
        nullable=True, description="Chance level of the format (MMLU 25 %); null when not known."
    )
    source: str = pa.Field(description="Citation of the score.")


PUBLIC_SCHEMAS: dict[str, type[_Base]] = {
    "models": ModelsSchema,
    "benchmark_scores": BenchmarkScoresSchema,
    "capability_index": CapabilityIndexSchema,
    "sources": SourcesSchema,
    "claims": ClaimsSchema,
    "conflicts": ConflictsSchema,
    "unmatched_names": UnmatchedNamesSchema,
    "upstream_errata": UpstreamErrataSchema,
    "upstream_revisions": UpstreamRevisionsSchema,
    "suspicious_values": SuspiciousValuesSchema,
    "coverage": CoverageSchema,
    "rejects": RejectsSchema,
    "frontier_smallest_model": FrontierSmallestModelSchema,
    "compute_optimal": ComputeOptimalSchema,
    "compute_optimal_allocation": ComputeOptimalAllocationSchema,
    "compute_optimal_by_fit": ComputeOptimalByFitSchema,
    "scaling_law_fits": ScalingLawFitsSchema,
    "capability_fits": CapabilityFitsSchema,
    "capability_curves": CapabilityCurvesSchema,
    "growth_rates": GrowthRatesSchema,
    "frontier_trend": FrontierTrendSchema,
    "cost_frontier": CostFrontierSchema,
    "cost_trend": GrowthRatesSchema,
    "size_classes": SizeClassesSchema,
    "serving_memory": ServingMemorySchema,
    "emergence_points": EmergencePointsSchema,
    "build_manifest": BuildManifestSchema,
    "changelog": ChangelogSchema,
}


def columns_of(schema: type[_Base]) -> dict[str, str]:
    """Column name -> description, in declaration order."""
    return {name: (field.description or "") for name, field in schema.to_schema().columns.items()}


POLARS_TYPES: dict[str, dict[str, pl.DataType]] = {
    "rejects": {
        "source_file": pl.String(),
        "source_line": pl.Int64(),
        "model_id": pl.String(),
        "field": pl.String(),
        "reason": pl.String(),
        "check": pl.String(),
    },
}
