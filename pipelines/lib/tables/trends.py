"""Pandera schemas of the public tables the trends layer writes: frontiers, fits and
descriptive trends."""

from __future__ import annotations

import datetime as dt

import pandera.polars as pa

from pipelines.lib.tables.base import Base
from pipelines.lib.trends.defaults import CHINCHILLA_TOKENS_PER_PARAM


class FrontierSmallestModelSchema(Base):
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


class ComputeOptimalSchema(Base):
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
        description=(
            f"tokens_per_param / {CHINCHILLA_TOKENS_PER_PARAM:g}: >1 trained past "
            "Chinchilla-optimal, <1 under."
        ),
    )
    compute_6nd_flop: float = pa.Field(
        nullable=True, gt=0, description="6 x params_active x training_tokens (FLOP)."
    )
    training_compute_flop: float = pa.Field(nullable=True, description="Compute as cited (FLOP).")
    compute_method: str = pa.Field(nullable=True, description="How the cited compute was obtained.")
    compute_6nd_to_reported_ratio: float = pa.Field(
        nullable=True, gt=0, description="compute_6nd_flop / training_compute_flop."
    )


class ComputeOptimalAllocationSchema(Base):
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


class ComputeOptimalByFitSchema(Base):
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


class ScalingLawFitsSchema(Base):
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


class CapabilityFitsSchema(Base):
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


class CapabilityCurvesSchema(Base):
    """`capability_curves`: each capability fit evaluated on a grid, with its 95 % band."""

    x_variable: str = pa.Field(description="Predictor (see `capability_fits`).")
    group: str = pa.Field(description="Group (see `capability_fits`).")
    confidence_filter: str = pa.Field(description="Filter (see `capability_fits`).")
    x: float = pa.Field(description="log10 FLOP or log10 parameters.")
    score_pct: float = pa.Field(description="Fitted MMLU, percent.")
    score_pct_lower: float = pa.Field(nullable=True, description="95 % band, lower.")
    score_pct_upper: float = pa.Field(nullable=True, description="95 % band, upper.")


class GrowthRatesSchema(Base):
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


class FrontierTrendSchema(Base):
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


class CostFrontierSchema(Base):
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


class SizeClassesSchema(Base):
    """`size_classes`: models per release year and size class."""

    year: int = pa.Field(description="Release year.")
    size_class: str = pa.Field(
        isin=["Tiny", "Small", "Medium", "Large", "Massive"],
        description="Tiny < 1B, Small 1-10B, Medium 10-70B, Large "
        "70-200B, Massive >= 200B total parameters.",
    )
    models: int = pa.Field(ge=0, description="Number of models.")
    class_order: int = pa.Field(description="Sort order of the class (0 = Tiny).")


class ServingMemorySchema(Base):
    """`serving_memory`: memory to hold the weights, per model and precision."""

    model_id: str = pa.Field(description="Release.")
    name: str = pa.Field(description="Display name.")
    params_total: float = pa.Field(gt=0, description="Total parameters (all experts resident).")
    memory_gb_fp16: float = pa.Field(gt=0, description="GB (1e9 bytes) at 2 bytes/param.")
    memory_gb_int8: float = pa.Field(gt=0, description="GB at 1 byte/param.")
    memory_gb_int4: float = pa.Field(
        gt=0, description="GB at 0.5 byte/param (weights only; no KV cache or activations)."
    )


class EmergencePointsSchema(Base):
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
