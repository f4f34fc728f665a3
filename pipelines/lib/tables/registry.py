"""The registry of public warehouse tables: one entry per table (name, pandera schema, layer,
purpose, grain). Everything that lists tables derives from it: the catalogue
(`warehouse/README.md`, `make docs`), the Dagster asset descriptions and column schemas, the
publish step's table list, the tests' table lists and the dashboard's list of tables it needs.
"""

from __future__ import annotations

from dataclasses import dataclass

import polars as pl

from pipelines.lib.staging.tolerances import TOLERANCE_TEXT
from pipelines.lib.tables.base import Base, columns_of, dtypes_of
from pipelines.lib.tables.benchmark_views import (
    BenchmarkComputeCurvesSchema,
    BenchmarkComputeFitsSchema,
    BenchmarkCostFrontierSchema,
    BenchmarkCostTrendSchema,
    BenchmarkFrontierSchema,
    EciFrontierSchema,
    EciOpenClosedGapSchema,
    MakerVsIndependentSchema,
)
from pipelines.lib.tables.ingest import RejectsSchema
from pipelines.lib.tables.publish import BuildManifestSchema, ChangelogSchema
from pipelines.lib.tables.staging import (
    BenchmarkScoresSchema,
    CapabilityIndexSchema,
    ClaimsSchema,
    ConflictsSchema,
    CoverageSchema,
    ModelsSchema,
    SourcesSchema,
    SuspiciousValuesSchema,
    UnmatchedNamesSchema,
    UpstreamErrataSchema,
    UpstreamRevisionsSchema,
)
from pipelines.lib.tables.trends import (
    CapabilityCurvesSchema,
    CapabilityFitsSchema,
    ComputeOptimalAllocationSchema,
    ComputeOptimalByFitSchema,
    ComputeOptimalSchema,
    CostFrontierSchema,
    EmergencePointsSchema,
    FrontierSmallestModelSchema,
    FrontierTrendSchema,
    GrowthRatesSchema,
    ScalingLawFitsSchema,
    ServingMemorySchema,
    SizeClassesSchema,
)
from pipelines.lib.trends.defaults import GROWTH_SINCE

LAYERS = ("ingest", "staging", "trends", "publish")


@dataclass(frozen=True)
class Table:
    """A public table: its name (= asset key = warehouse table), its pandera schema (the column
    documentation and the dtypes), the layer that writes it, what it is for and its grain."""

    name: str
    schema: type[Base]
    layer: str
    purpose: str
    grain: str

    @property
    def columns(self) -> dict[str, str]:
        """Column -> description, in order."""
        return columns_of(self.schema)

    @property
    def dtypes(self) -> dict[str, pl.DataType]:
        """Column -> polars dtype, in order (read off the schema)."""
        return dtypes_of(self.schema)

    @property
    def description(self) -> str:
        """The Dagster asset description: purpose, then grain."""
        return f"{self.purpose}\n\nGrain: {self.grain}."


TABLES: tuple[Table, ...] = (
    Table(
        "models",
        ModelsSchema,
        "staging",
        purpose=(
            "The releases: size, data, compute, MMLU, price and context window, one row each."
        ),
        grain=("one row per model release (accepted records only)"),
    ),
    Table(
        "benchmark_scores",
        BenchmarkScoresSchema,
        "staging",
        purpose=(
            "Every benchmark score in long form, each with its citation, shots and who measured it "
            "(`measured_by`): curated scores, the resolved 5-shot MMLU, the harness runs of the "
            "Open LLM Leaderboard v1/v2 and ObsScaling (one protocol per benchmark name), and Epoch"
            " AI's Benchmarking Hub (Epoch's own runs, the HLE leaderboard and every external "
            "leaderboard and paper collection the hub gathers, each effort variant of a release its"
            " own row, the version, effort and the row's source in `protocol`). Scores are percent "
            "except four native units (`unit`: METR minutes, WebDev Arena Elo, two point scales)."
        ),
        grain=("one row per (model_id, benchmark, shots, measured_by, protocol)"),
    ),
    Table(
        "capability_index",
        CapabilityIndexSchema,
        "staging",
        purpose=(
            "Epoch AI's Capabilities Index (ECI), one row per release Epoch rates: a unitless "
            "index stitched from many benchmarks (Claude 3.5 Sonnet = 130, GPT-5 = 150), with "
            "Epoch's confidence interval. Not a percent, so not in `benchmark_scores`."
        ),
        grain=("one row per model_id"),
    ),
    Table(
        "sources",
        SourcesSchema,
        "staging",
        purpose=(
            "The citation behind every value in `models` and every upstream score in "
            "`benchmark_scores`, with the source it was taken from, its method and the source's "
            "confidence."
        ),
        grain=("one row per (model_id, field)"),
    ),
    Table(
        "claims",
        ClaimsSchema,
        "staging",
        purpose=(
            "Every number from every source side by side (curated YAML, Epoch AI's database and "
            "MMLU file, Open LLM Leaderboard v1 and v2, ObsScaling, LiteLLM, LLM-Stats, Epoch API "
            "prices, Epoch AI's Benchmarking Hub), benchmark scores included. `models` (and "
            "`benchmark_scores`) hold one resolved value per (model, field), chosen by precedence: "
            "curated > primary paper (a curated value cited from a copy, `curated_copy`, last in "
            "this tier) > Epoch > other aggregators > derived conversions."
        ),
        grain=("one row per (model_id, field, source, citation) claim"),
    ),
    Table(
        "conflicts",
        ConflictsSchema,
        "staging",
        purpose=(
            "Where sources disagree beyond a per-field tolerance, each field compared the way it "
            "is used (`pipelines/lib/staging/tolerances.py`, the rule the Model page applies "
            f"too): {TOLERANCE_TEXT}."
        ),
        grain=("one row per disagreeing claim"),
    ),
    Table(
        "unmatched_names",
        UnmatchedNamesSchema,
        "staging",
        purpose=(
            "Names from secondary sources that neither the alias map (`data/raw/aliases.yaml`) "
            "nor an exact rule could place; their numbers are not used."
        ),
        grain=("one row per (source, name)"),
    ),
    Table(
        "upstream_errata",
        UpstreamErrataSchema,
        "staging",
        purpose=(
            "Upstream values known to be wrong, listed with the evidence in the `ERRATA.yaml` "
            "beside each snapshot and left out of `claims` (nothing is dropped silently)."
        ),
        grain=("one row per (source, name, field)"),
    ),
    Table(
        "upstream_revisions",
        UpstreamRevisionsSchema,
        "staging",
        purpose=(
            "Values an upstream revised between its dated snapshots (Epoch AI's model-database "
            "exports of 2024-10, 2025-08 and 2026-08): the newest snapshot resolves, the older "
            "value stays in `claims`, and this table lists each change with both dates."
        ),
        grain=("one row per (model_id, field, later snapshot date)"),
    ),
    Table(
        "suspicious_values",
        SuspiciousValuesSchema,
        "staging",
        purpose=(
            "Numbers that can't be true: each value a plausibility rule flags (6ND compute that "
            "is not 6·N·D, compute 10x from 6·N·D, > 50 epochs, implausible tokens per "
            "parameter, a fine-tune before its base, identical base and instruct scores, Epoch "
            "notes that contradict the column), with the evidence and its review status from "
            "`data/raw/suspicious_resolutions.yaml`. Unresolved and erratum values are left out "
            "of every fit and ranking until resolved."
        ),
        grain=("one row per (model_id, field, rule)"),
    ),
    Table(
        "coverage",
        CoverageSchema,
        "staging",
        purpose=(
            "Counts of models with each field, overall (year null) and per release year, with "
            "the Atlas's coverage targets."
        ),
        grain=("one row per (field, year)"),
    ),
    Table(
        "rejects",
        RejectsSchema,
        "ingest",
        purpose=(
            "Why record files were kept out of `models` (file, line, field, reason). Empty when "
            "the data is clean."
        ),
        grain=("one row per problem; a rejected file can have several"),
    ),
    Table(
        "frontier_smallest_model",
        FrontierSmallestModelSchema,
        "trends",
        purpose=(
            "Record-holders over time: each release that, at its date, became the smallest "
            "model scoring at or above the threshold (MMLU 5-shot at 50/60/70/80 %, on total "
            "and on active parameters)."
        ),
        grain=("one row per (benchmark, threshold, basis, record-setting release)"),
    ),
    Table(
        "compute_optimal",
        ComputeOptimalSchema,
        "trends",
        purpose=(
            "Tokens per parameter against Chinchilla's ~20:1, and the 6·N·D compute estimate "
            "(active N for MoE) against the cited compute."
        ),
        grain=("one row per model_id"),
    ),
    Table(
        "compute_optimal_allocation",
        ComputeOptimalAllocationSchema,
        "trends",
        purpose=(
            "Compute-optimal parameters and tokens for budgets 1e18-1e27 FLOP (and Chinchilla's "
            "5.76e23) under Hoffmann et al. 2022 (Approach 3), Besiroglu et al. 2024, the 20:1 "
            "rule and our own refit."
        ),
        grain=("one row per (fit, budget_flop)"),
    ),
    Table(
        "compute_optimal_by_fit",
        ComputeOptimalByFitSchema,
        "trends",
        purpose=(
            "Each model's over- or under-training factor against each fit, and the "
            "compute-optimal model of the same budget."
        ),
        grain=("one row per (model_id, fit) for models with N and D"),
    ),
    Table(
        "scaling_law_fits",
        ScalingLawFitsSchema,
        "trends",
        purpose=(
            "Our refit of the Chinchilla parametric loss on Epoch's extracted training runs "
            "(Huber loss on log-loss, L-BFGS-B from a grid, bootstrap intervals), next to "
            "Besiroglu et al.'s published values."
        ),
        grain=("one row per fitted parameter"),
    ),
    Table(
        "capability_fits",
        CapabilityFitsSchema,
        "trends",
        purpose=(
            "MMLU (5-shot) as a sigmoid (floor 25 %, ceiling 100 %) of log10 training compute "
            "and of log10 parameters: overall, without speculative compute, and per "
            "organisation."
        ),
        grain=("one row per (x_variable, group, confidence_filter)"),
    ),
    Table(
        "capability_curves",
        CapabilityCurvesSchema,
        "trends",
        purpose=("The capability fits on a grid with 95 % bootstrap bands, for charts."),
        grain=("one row per (fit, grid point)"),
    ),
    Table(
        "growth_rates",
        GrowthRatesSchema,
        "trends",
        purpose=(
            "Growth per year, with 95 % intervals, of training compute, parameters, training "
            f"tokens, context window and training cost (models since {GROWTH_SINCE})."
        ),
        grain=("one row per (series, metric)"),
    ),
    Table(
        "frontier_trend",
        FrontierTrendSchema,
        "trends",
        purpose=(
            "Density: the exponential decline of the smallest-model frontier, its halving time "
            "and the forecast date it crosses 1B parameters, with intervals; compare the "
            "densing law (capability density doubling ~3.3 months)."
        ),
        grain=("one row per (benchmark, threshold, basis, target size)"),
    ),
    Table(
        "cost_frontier",
        CostFrontierSchema,
        "trends",
        purpose=(
            "Record-holders for the cheapest 3:1-blended API price at or above an MMLU "
            "threshold, over time, each model at the price in force at its release "
            "(`pipelines/lib/trends/prices.py`), so the fold per year compares like with like."
        ),
        grain=("one row per (threshold, record-setting release)"),
    ),
    Table(
        "cost_trend",
        GrowthRatesSchema,
        "trends",
        purpose=(
            "Fold change per year of the cost frontier, per threshold (where enough records "
            "exist), with intervals."
        ),
        grain=("one row per threshold"),
    ),
    Table(
        "size_classes",
        SizeClassesSchema,
        "trends",
        purpose=(
            "Models per year and size class (Tiny < 1B, Small 1-10B, Medium 10-70B, Large "
            "70-200B, Massive >= 200B)."
        ),
        grain=("one row per (year, size class) with models"),
    ),
    Table(
        "serving_memory",
        ServingMemorySchema,
        "trends",
        purpose=(
            "Weights-only serving memory per model at FP16 / INT8 / INT4 (7B at FP16 = 14 GB)."
        ),
        grain=("one row per model with a parameter count"),
    ),
    Table(
        "emergence_points",
        EmergencePointsSchema,
        "trends",
        purpose=(
            "Per benchmark, score against training compute with the chance level marked "
            "(metric-choice caveat: a discontinuous metric can make smooth progress look "
            "sharp)."
        ),
        grain=(
            "one row per `benchmark_scores` row of a model with compute (several when several "
            "parties or effort variants score it)"
        ),
    ),
    Table(
        "benchmark_frontier",
        BenchmarkFrontierSchema,
        "trends",
        purpose=(
            "Smallest open-weights release reaching a GPQA Diamond, MMLU-Pro or SWE-bench Verified "
            "score over time, on total and active parameters, per (benchmark, measured_by, protocol"
            " family): one measurer and one protocol per chart, with the counts of the group's "
            "scores left out (closed weights, no parameter count, no date). A maker's `gpqa` "
            "score whose protocol names the Diamond subset counts as `gpqa_diamond` here."
        ),
        grain=(
            "one row per (benchmark, measured_by, protocol_family, threshold, basis, record-setting"
            " release)"
        ),
    ),
    Table(
        "benchmark_cost_frontier",
        BenchmarkCostFrontierSchema,
        "trends",
        purpose=(
            "Cheapest 3:1-blended API price reaching a GPQA Diamond, MMLU-Pro or SWE-bench "
            "Verified score over time, "
            "per (benchmark, measured_by), at the price in force when the release came out (the "
            "newest dated price on or before release, else a launch price a source dated within 90 "
            "days after), not today's."
        ),
        grain=("one row per (benchmark, measured_by, threshold, record-setting release)"),
    ),
    Table(
        "benchmark_cost_trend",
        BenchmarkCostTrendSchema,
        "trends",
        purpose=(
            "Fold decrease per year of `benchmark_cost_frontier`'s record prices (log-linear least "
            "squares) with a 95 % bootstrap interval; null below 3 records or a span under a year."
        ),
        grain=("one row per (benchmark, measured_by, threshold)"),
    ),
    Table(
        "eci_frontier",
        EciFrontierSchema,
        "trends",
        purpose=(
            "Best Epoch Capabilities Index so far among open-weights and among closed releases: "
            "each release that set a new best for its kind, with Epoch's interval."
        ),
        grain=("one row per (weights, record-setting release)"),
    ),
    Table(
        "eci_open_closed_gap",
        EciOpenClosedGapSchema,
        "trends",
        purpose=(
            "For each open-weights ECI record: the first closed release that had reached that index"
            " and the months between them (Epoch reports such a gap; this is ours, from "
            "`capability_index` and `models`)."
        ),
        grain=("one row per open-weights ECI record"),
    ),
    Table(
        "maker_vs_independent",
        MakerVsIndependentSchema,
        "trends",
        purpose=(
            "For every release with a maker's score and an independent one (Epoch's own run or a "
            "leaderboard's) on the same benchmark: the difference in points, with both protocols "
            "and shot counts (the independent party's best effort variant)."
        ),
        grain=("one row per (model_id, benchmark, maker score, independent party)"),
    ),
    Table(
        "benchmark_compute_fits",
        BenchmarkComputeFitsSchema,
        "trends",
        purpose=(
            "Today's capability against training compute: GPQA Diamond (Epoch AI's runs, one "
            "protocol, each release's best effort variant) as a sigmoid of log10 FLOP with floor "
            "25 % (chance) and ceiling 100 %, and the Epoch Capabilities Index, which has no "
            "bound, as a straight line in log10 FLOP; parameters with 95 % bootstrap intervals, "
            "n and R² (`pipelines/lib/trends/compute_fits.py`)."
        ),
        grain=("one row per measure (`gpqa_diamond`, `eci`)"),
    ),
    Table(
        "benchmark_compute_curves",
        BenchmarkComputeCurvesSchema,
        "trends",
        purpose=(
            "The compute fits of `benchmark_compute_fits` on a grid over the fitted compute "
            "range, with 95 % bootstrap bands, for charts."
        ),
        grain=("one row per (measure, grid point)"),
    ),
    Table(
        "build_manifest",
        BuildManifestSchema,
        "publish",
        purpose=(
            "Traceability: when the build ran, the git commit, the content hash of every input "
            "file and the row count of every table."
        ),
        grain=("one row per input file and per table"),
    ),
    Table(
        "changelog",
        ChangelogSchema,
        "publish",
        purpose=(
            "What this build changed against the previously published one: models added or "
            "removed, values changed (field, old, new, source). Also written to "
            "`warehouse/CHANGELOG.md` on publish."
        ),
        grain=("one row per added or removed model, or changed value"),
    ),
)
_BY_NAME = {t.name: t for t in TABLES}
assert len(_BY_NAME) == len(TABLES), "a table is registered twice"
assert all(t.layer in LAYERS for t in TABLES)

# name -> pandera schema, in catalogue order (the publish step and checks use it).
PUBLIC_SCHEMAS: dict[str, type[Base]] = {t.name: t.schema for t in TABLES}


def table(name: str) -> Table:
    """The registry entry of a public table (KeyError for anything else)."""
    return _BY_NAME[name]


def table_names(layer: str | None = None) -> list[str]:
    """Names of the public tables, in catalogue order; only those `layer` writes when given.
    The dashboard's list of tables it requires is `table_names()`."""
    return [t.name for t in TABLES if layer is None or t.layer == layer]


def is_public(name: str) -> bool:
    return name in _BY_NAME
