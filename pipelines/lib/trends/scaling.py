"""Compute-optimal allocation under published Chinchilla-style scaling laws (plain functions).

Loss model (Hoffmann et al. 2022, arXiv:2203.15556, "Approach 3"):

    L(N, D) = E + A / N**alpha + B / D**beta        L in nats/token

with N = parameters (for a mixture-of-experts model: ACTIVE parameters), D = training tokens and
training compute C = 6 * N * D FLOP. Minimising L on the line 6 * N * D = C gives the closed form

    N_opt = G * (C / 6) ** (beta / (alpha + beta))
    G     = (alpha * A / (beta * B)) ** (1 / (alpha + beta))
    D_opt = (C / 6) / N_opt

Every constant below comes from the cited papers, as compiled (with provenance) in
/work/shared/reference/scaling_laws/published_scaling_law_fits.yaml.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import numpy as np
import polars as pl

from pipelines.lib.tables import ComputeOptimalAllocationSchema, dtypes_of
from pipelines.lib.trends.defaults import CHINCHILLA_TOKENS_PER_PARAM

FLOP_PER_PARAM_TOKEN = 6.0
"""Training FLOP per parameter per token: C ~= 6 N D (forward + backward, dense transformer)."""

CHINCHILLA_BUDGET_FLOP = 5.76e23
"""Chinchilla's training compute in FLOP (Hoffmann et al. 2022, arXiv:2203.15556)."""

CHINCHILLA_PARAMS = 7.0e10
"""Chinchilla's parameter count (Hoffmann et al. 2022)."""

CHINCHILLA_TOKENS = 1.4e12
"""Chinchilla's training tokens (Hoffmann et al. 2022)."""


HOFFMANN_2022_URL = "https://arxiv.org/abs/2203.15556"
BESIROGLU_2024_URL = "https://arxiv.org/abs/2404.10102"


@dataclass(frozen=True)
class ParametricFit:
    """A fitted L(N, D) = E + A/N^alpha + B/D^beta (L in nats/token, N params, D tokens)."""

    fit_id: str
    E: float
    A: float
    B: float
    alpha: float
    beta: float
    citation: str

    @property
    def params_exponent(self) -> float:
        """a in N_opt ∝ C^a, i.e. beta / (alpha + beta) (dimensionless)."""
        return self.beta / (self.alpha + self.beta)

    @property
    def tokens_exponent(self) -> float:
        """b in D_opt ∝ C^b, i.e. alpha / (alpha + beta) (dimensionless)."""
        return self.alpha / (self.alpha + self.beta)

    def loss(self, params: float | np.ndarray, tokens: float | np.ndarray) -> float | np.ndarray:
        """Predicted final loss in nats/token for `params` parameters trained on `tokens` tokens."""
        n = np.asarray(params, dtype=float)
        d = np.asarray(tokens, dtype=float)
        value = self.E + self.A / n**self.alpha + self.B / d**self.beta
        return float(value) if value.ndim == 0 else value


@dataclass(frozen=True)
class TokensPerParamRule:
    """A fixed tokens-per-parameter rule: D_opt = ratio * N_opt on the line C = 6 N D."""

    fit_id: str
    tokens_per_param: float
    citation: str


AllocationRule = ParametricFit | TokensPerParamRule

# Hoffmann et al. 2022, Approach 3 parametric fit, values as printed in the paper body (rounded).
# Besiroglu et al. 2024 show these rounded values are biased and the fit itself is mis-estimated;
# they are kept because they are the published numbers that everyone quotes.
HOFFMANN_2022 = ParametricFit(
    fit_id="hoffmann_2022",
    E=1.69,
    A=406.4,
    B=410.7,
    alpha=0.34,
    beta=0.28,
    citation=(
        "Hoffmann et al. 2022, Training Compute-Optimal Large Language Models, "
        f"Approach 3 parametric fit, {HOFFMANN_2022_URL}"
    ),
)

# Besiroglu, Erdil, Barnett & You 2024 (Epoch AI), refit of Approach 3 on data extracted from
# Chinchilla's Fig. 4; values as stored in epoch-research/analyzing-chinchilla@92258837 (the paper
# prints E=1.82, A=482.01, B=2085.43, alpha=0.3478, beta=0.3658).
BESIROGLU_2024 = ParametricFit(
    fit_id="besiroglu_2024",
    E=1.81686,
    A=482.00572,
    B=2085.43420,
    alpha=0.34781,
    beta=0.36585,
    citation=(
        f"Besiroglu et al. 2024, Chinchilla Scaling: A replication attempt, {BESIROGLU_2024_URL}"
    ),
)

CHINCHILLA_20X = TokensPerParamRule(
    fit_id="chinchilla_20x",
    tokens_per_param=CHINCHILLA_TOKENS_PER_PARAM,
    citation=f"Hoffmann et al. 2022, ~20 tokens per parameter rule of thumb, {HOFFMANN_2022_URL}",
)

PUBLISHED_FITS: dict[str, ParametricFit] = {
    fit.fit_id: fit for fit in (HOFFMANN_2022, BESIROGLU_2024)
}
"""The published parametric L(N, D) fits, by fit id."""

ALLOCATION_RULES: tuple[AllocationRule, ...] = (HOFFMANN_2022, BESIROGLU_2024, CHINCHILLA_20X)
"""Every allocation rule the tables report, in display order."""

DEFAULT_BUDGETS_FLOP: tuple[float, ...] = tuple(
    sorted([10.0**k for k in range(18, 28)] + [CHINCHILLA_BUDGET_FLOP])
)
"""1e18 ... 1e27 FLOP, one per decade, plus Chinchilla's 5.76e23 FLOP."""


def _positive_array(values: float | Sequence[float] | np.ndarray, name: str) -> np.ndarray:
    array = np.asarray(values, dtype=float)
    if not np.all(np.isfinite(array)) or np.any(array <= 0):
        raise ValueError(f"{name} must be finite and > 0, got {values!r}")
    return array


def _scalar_or_array(array: np.ndarray) -> float | np.ndarray:
    return float(array) if array.ndim == 0 else array


def optimal_allocation(
    fit: AllocationRule, budget_flop: float | Sequence[float] | np.ndarray
) -> tuple[float | np.ndarray, float | np.ndarray]:
    """Compute-optimal (params_opt, tokens_opt) for a training budget in FLOP, with C = 6 N D.

    For a `ParametricFit` this is the closed-form minimiser of L(N, D) on the iso-FLOP line; for a
    `TokensPerParamRule` it is N = sqrt(C / (6 * ratio)), D = ratio * N. Vectorised: an array of
    budgets gives arrays. Units: params_opt in parameters, tokens_opt in tokens.
    """
    budget = _positive_array(budget_flop, "budget_flop")
    param_tokens = budget / FLOP_PER_PARAM_TOKEN  # N * D
    if isinstance(fit, ParametricFit):
        g = (fit.alpha * fit.A / (fit.beta * fit.B)) ** (1.0 / (fit.alpha + fit.beta))
        params_opt = g * param_tokens**fit.params_exponent
    else:
        params_opt = np.sqrt(param_tokens / fit.tokens_per_param)
    tokens_opt = param_tokens / params_opt
    return _scalar_or_array(params_opt), _scalar_or_array(tokens_opt)


def allocation_table(
    budgets: Iterable[float] = DEFAULT_BUDGETS_FLOP,
    fits: Iterable[AllocationRule] = ALLOCATION_RULES,
) -> pl.DataFrame:
    """Compute-optimal allocation per (fit, budget).

    Columns: fit, budget_flop (FLOP), params_opt (parameters), tokens_opt (tokens),
    tokens_per_param (tokens per parameter), loss_opt (nats/token; null for a tokens-per-param
    rule, which has no loss model), citation.
    """
    budget_array = _positive_array(list(budgets), "budgets")
    frames = []
    for fit in fits:
        params_opt, tokens_opt = optimal_allocation(fit, budget_array)
        loss_opt = (
            list(np.atleast_1d(fit.loss(params_opt, tokens_opt)))
            if isinstance(fit, ParametricFit)
            else [None] * budget_array.size
        )
        frames.append(
            pl.DataFrame(
                {
                    "fit": [fit.fit_id] * budget_array.size,
                    "budget_flop": budget_array,
                    "params_opt": params_opt,
                    "tokens_opt": tokens_opt,
                    "tokens_per_param": np.asarray(tokens_opt) / np.asarray(params_opt),
                    "loss_opt": loss_opt,
                    "citation": [fit.citation] * budget_array.size,
                },
                schema=dtypes_of(ComputeOptimalAllocationSchema),
            )
        )
    return pl.concat(frames)


@dataclass(frozen=True)
class TrainingFactor:
    """How a model's (N, D) compares with the compute-optimal split of the same budget."""

    fit: str
    budget_flop: float
    params_opt: float
    tokens_opt: float
    over_training_factor: float
    """(D / N) / (D_opt / N_opt): 1 = compute-optimal, > 1 = more tokens per parameter."""


def training_factor(params: float, tokens: float, fit: AllocationRule) -> TrainingFactor:
    """Over-training factor of a model with `params` parameters trained on `tokens` tokens.

    The budget is C = 6 N D FLOP; params_opt / tokens_opt are the compute-optimal split of that
    same budget under `fit`.
    """
    n = float(_positive_array(params, "params"))
    d = float(_positive_array(tokens, "tokens"))
    budget = FLOP_PER_PARAM_TOKEN * n * d
    params_opt, tokens_opt = optimal_allocation(fit, budget)
    assert isinstance(params_opt, float) and isinstance(tokens_opt, float)
    return TrainingFactor(
        fit=fit.fit_id,
        budget_flop=budget,
        params_opt=params_opt,
        tokens_opt=tokens_opt,
        over_training_factor=(d / n) / (tokens_opt / params_opt),
    )


def _params_opt_expr(fit: AllocationRule, param_tokens: pl.Expr) -> pl.Expr:
    """params_opt as a polars expression of N * D (= C / 6)."""
    if isinstance(fit, ParametricFit):
        g = (fit.alpha * fit.A / (fit.beta * fit.B)) ** (1.0 / (fit.alpha + fit.beta))
        return pl.lit(g) * param_tokens.pow(fit.params_exponent)
    return (param_tokens / fit.tokens_per_param).sqrt()


def compute_optimal_extension(
    models: pl.DataFrame, fits: Iterable[AllocationRule] = ALLOCATION_RULES
) -> pl.DataFrame:
    """Per model and per fit: the budget 6 N D, the compute-optimal split, the over-training factor.

    `models` has model_id, params_active (parameters; active ones for MoE) and training_tokens
    (tokens). Returns model_id, fit, budget_flop (FLOP), params_opt (parameters), tokens_opt
    (tokens), over_training_factor (dimensionless), one row per (model, fit) in input order.
    A model missing N or D keeps its rows with null results; a non-positive N or D is an error.
    """
    missing = {"model_id", "params_active", "training_tokens"} - set(models.columns)
    if missing:
        raise ValueError(f"models is missing columns {sorted(missing)}")
    base = models.select(
        "model_id",
        pl.col("params_active").cast(pl.Float64, strict=True).alias("_n"),
        pl.col("training_tokens").cast(pl.Float64, strict=True).alias("_d"),
    ).with_row_index("_row")
    bad = base.filter((pl.col("_n") <= 0) | (pl.col("_d") <= 0))
    if bad.height:
        raise ValueError(
            "params_active and training_tokens must be > 0; offending model_id: "
            f"{bad['model_id'].to_list()}"
        )
    param_tokens = pl.col("_n") * pl.col("_d")
    frames = []
    for order, fit in enumerate(fits):
        frames.append(
            base.with_columns(
                pl.lit(fit.fit_id).alias("fit"),
                pl.lit(order).alias("_fit_order"),
                (FLOP_PER_PARAM_TOKEN * param_tokens).alias("budget_flop"),
                _params_opt_expr(fit, param_tokens).alias("params_opt"),
            )
            .with_columns((param_tokens / pl.col("params_opt")).alias("tokens_opt"))
            .with_columns(
                (
                    (pl.col("_d") / pl.col("_n")) / (pl.col("tokens_opt") / pl.col("params_opt"))
                ).alias("over_training_factor")
            )
        )
    if not frames:
        raise ValueError("fits must not be empty")
    return (
        pl.concat(frames)
        .sort("_row", "_fit_order")
        .select(
            "model_id", "fit", "budget_flop", "params_opt", "tokens_opt", "over_training_factor"
        )
    )
