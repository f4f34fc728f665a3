"""Registry entries of the tables the trends layer writes: frontiers, fits, growth rates,
compute-optimal allocation and the benchmark views; `registry.py` assembles every layer's
entries in catalogue order."""

from __future__ import annotations

from pipelines.lib.tables.base import Table
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

TRENDS_TABLES: tuple[Table, ...] = (
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
)
