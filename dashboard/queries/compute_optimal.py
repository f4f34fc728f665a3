"""Reads for the Compute-optimal page: tokens per parameter, over-training factors, the
published allocations and the budget calculator (`pipelines.lib.trends.allocation`)."""

from __future__ import annotations

import polars as pl

from dashboard.queries.base import _FILTERED_MODELS_CTE, NO_FILTERS, ModelFilters, _query
from pipelines.lib.sql import load_sql
from pipelines.lib.trends import allocation, scaling

CHINCHILLA_BUDGET_FLOP = scaling.CHINCHILLA_BUDGET_FLOP  # the calculator's default budget

_OPTIMUM_RANGES_SQL = load_sql(__file__, "compute_optimal_optimum_ranges")


_ALLOCATION_SQL = load_sql(__file__, "compute_optimal_allocation")


_FITS_SQL = "SELECT DISTINCT fit FROM compute_optimal_by_fit ORDER BY fit"


# Each pre-trained model (no `base_model_id`: a fine-tune's tokens are fine-tuning data) against
# one fit, most over-trained (`?` = true) or most under-trained first.
_TRAINING_FACTORS_SQL = f"""
WITH {_FILTERED_MODELS_CTE},
p AS (SELECT CAST(? AS VARCHAR) AS fit, CAST(? AS BOOLEAN) AS over, CAST(? AS INTEGER) AS n)
SELECT f.model_id, f.name, replace(m.organization, ',', ', ') AS organization, f.release_date,
       c.params_active, c.training_tokens, c.tokens_per_param, f.budget_flop, f.params_opt,
       f.tokens_opt, f.tokens_opt / f.params_opt AS tokens_per_param_opt,
       f.over_training_factor, s.citation AS tokens_source,
       './model?model=' || url_encode(f.model_id) AS model_page
FROM compute_optimal_by_fit AS f
CROSS JOIN p
JOIN filtered AS m USING (model_id)
JOIN compute_optimal AS c USING (model_id)
LEFT JOIN sources AS s ON s.model_id = f.model_id AND s.field = 'training_tokens'
WHERE f.fit = p.fit AND m.base_model_id IS NULL
ORDER BY CASE WHEN p.over THEN -f.over_training_factor ELSE f.over_training_factor END,
         f.model_id
LIMIT (SELECT n FROM p)
"""


_PRETRAINED_COUNT_SQL = f"""
WITH {_FILTERED_MODELS_CTE}
SELECT count(*) FROM compute_optimal_by_fit AS f JOIN filtered AS m USING (model_id)
WHERE f.fit = ? AND m.base_model_id IS NULL
"""


_SCALING_LAW_FITS_SQL = load_sql(__file__, "compute_optimal_scaling_law_fits")


_MODELS_NEAR_BUDGET_SQL = f"""
WITH {_FILTERED_MODELS_CTE}
SELECT c.model_id, c.name, replace(m.organization, ',', ', ') AS organization, c.release_date,
       c.params_active, c.training_tokens, c.tokens_per_param, c.compute_6nd_flop,
       s.citation AS tokens_source, './model?model=' || url_encode(c.model_id) AS model_page
FROM compute_optimal AS c
JOIN filtered AS m USING (model_id)
LEFT JOIN sources AS s ON s.model_id = c.model_id AND s.field = 'training_tokens'
WHERE m.base_model_id IS NULL AND c.compute_6nd_flop BETWEEN ? AND ?
ORDER BY abs(log10(c.compute_6nd_flop) - log10(?)), c.release_date DESC
LIMIT ?
"""


_BUDGET_POINTS_SQL = f"""
WITH {_FILTERED_MODELS_CTE}
SELECT c.model_id, c.name, replace(m.organization, ',', ', ') AS organization, c.release_date,
       c.params_active, c.training_tokens, c.tokens_per_param, c.compute_6nd_flop,
       s.citation AS tokens_source
FROM compute_optimal AS c
JOIN filtered AS m USING (model_id)
LEFT JOIN sources AS s ON s.model_id = c.model_id AND s.field = 'training_tokens'
WHERE m.base_model_id IS NULL AND c.compute_6nd_flop > 0
ORDER BY c.compute_6nd_flop
"""


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
