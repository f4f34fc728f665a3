"""Reads for the Compute-optimal page: tokens per parameter, over-training factors, the
published allocations and the budget calculator (`pipelines.lib.trends.allocation`)."""

from __future__ import annotations

import polars as pl

from dashboard.queries.base import NO_FILTERS, ModelFilters, _query, load_query
from pipelines.lib.trends import allocation, scaling

CHINCHILLA_BUDGET_FLOP = scaling.CHINCHILLA_BUDGET_FLOP  # the calculator's default budget

_OPTIMUM_RANGES_SQL = load_query("compute_optimal_optimum_ranges")


_ALLOCATION_SQL = load_query("compute_optimal_allocation")


_FITS_SQL = "SELECT DISTINCT fit FROM compute_optimal_by_fit ORDER BY fit"


_TRAINING_FACTORS_SQL = load_query("compute_optimal_training_factors")


_PRETRAINED_COUNT_SQL = load_query("compute_optimal_pretrained_count")


_SCALING_LAW_FITS_SQL = load_query("compute_optimal_scaling_law_fits")


_MODELS_NEAR_BUDGET_SQL = load_query("compute_optimal_models_near_budget")


_BUDGET_POINTS_SQL = load_query("compute_optimal_budget_points")


def load_budget_points(filters: ModelFilters = NO_FILTERS) -> pl.DataFrame:
    """Pre-trained models (narrowed by `filters`) with N and D: their 6·N·D budget, N (active),
    D and tokens/param, with the citation of the token count."""
    return _query(_BUDGET_POINTS_SQL, filters.params())


def load_optimum_ranges(budget_low: float = 1e21, budget_high: float = 1e25) -> pl.DataFrame:
    """fit, low, high: the compute-optimal tokens per parameter each fit gives over budgets
    in [budget_low, budget_high] FLOP (from `compute_optimal_allocation`)."""
    return _query(_OPTIMUM_RANGES_SQL, (float(budget_low), float(budget_high)))


def load_allocation() -> pl.DataFrame:
    """`compute_optimal_allocation`: params_opt and tokens_opt per (fit, budget)."""
    return _query(_ALLOCATION_SQL)


def load_training_fits() -> list[str]:
    """The fits `compute_optimal_by_fit` compares models with."""
    return _query(_FITS_SQL)["fit"].to_list()


def load_training_factors(
    fit: str, *, over: bool, limit: int = 10, filters: ModelFilters = NO_FILTERS
) -> pl.DataFrame:
    """The `limit` pre-trained models (among those `filters` keep) most over-trained (`over`) or
    under-trained against `fit`, with N, D, the optimum of the same budget and the citation of
    the token count."""
    return _query(_TRAINING_FACTORS_SQL, (*filters.params(), fit, bool(over), int(limit)))


def count_training_factors(fit: str, filters: ModelFilters = NO_FILTERS) -> int:
    return _query(_PRETRAINED_COUNT_SQL, (*filters.params(), fit)).item()


def load_scaling_law_fits() -> pl.DataFrame:
    """`scaling_law_fits`: our refit's parameters with intervals next to the published ones."""
    return _query(_SCALING_LAW_FITS_SQL)


def load_refit() -> scaling.ParametricFit | None:
    """The warehouse's own Chinchilla refit as a `scaling.ParametricFit`, or None."""
    return allocation.refit_from_table(load_scaling_law_fits())


def allocation_for_budget(budget_flop: float) -> pl.DataFrame:
    """The calculator: compute-optimal parameters and tokens for one budget (FLOP) under every
    published rule and the warehouse's refit (`allocation.allocation_for_budget`)."""
    return allocation.allocation_for_budget(float(budget_flop), load_refit())


def load_models_near_budget(
    budget_flop: float,
    decades: float = 0.25,
    limit: int = 8,
    filters: ModelFilters = NO_FILTERS,
):
    """Pre-trained models (among those `filters` keep) whose 6·N·D lies within `decades` orders
    of magnitude of a budget, closest first: what people actually trained with that compute."""
    factor = 10.0**decades
    budget = float(budget_flop)
    return _query(
        _MODELS_NEAR_BUDGET_SQL,
        (*filters.params(), budget / factor, budget * factor, budget, int(limit)),
    )
