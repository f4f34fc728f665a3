"""Compute-optimal allocation: tokens per parameter against Chinchilla's rule (`compute_optimal`),
our refit of the Chinchilla loss and its parameters beside the published ones
(`scaling_law_fits`), the optimal parameters and tokens per budget under every rule
(`compute_optimal_allocation`, `compute_optimal_by_fit`) and for any one budget (the dashboard's
calculator).
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

import polars as pl

from pipelines.lib.tables import ComputeOptimalAllocationSchema, dtypes_of
from pipelines.lib.trends import fits, loss_fit, scaling
from pipelines.lib.trends.defaults import (
    CHINCHILLA_TOKENS_PER_PARAM,
    SEED,
)


def compute_optimal(models: pl.DataFrame) -> pl.DataFrame:
    """Per model: tokens per (active) parameter, its ratio to Chinchilla's 20, and the
    C ≈ 6·N·D estimate against the cited compute (Kaplan et al. 2020, eq. 2.1)."""
    n = pl.col("params_active")
    d = pl.col("training_tokens")
    c6 = 6.0 * n * d
    return models.select(
        "model_id",
        "name",
        "release_date",
        "architecture",
        "params_total",
        "params_active",
        "training_tokens",
        (d / n).alias("tokens_per_param"),
        (d / n / CHINCHILLA_TOKENS_PER_PARAM).alias("chinchilla_ratio"),
        c6.alias("compute_6nd_flop"),
        "training_compute_flop",
        "compute_method",
        (c6 / pl.col("training_compute_flop")).alias("compute_6nd_to_reported_ratio"),
    ).sort("release_date", "model_id")


# compute_optimal_allocation columns, read off the published schema
ALLOCATION_SCHEMA = dtypes_of(ComputeOptimalAllocationSchema)


def refit_from_table(table: pl.DataFrame) -> scaling.ParametricFit | None:
    """The warehouse's own Chinchilla refit (`scaling_law_fits`: fit, parameter, estimate,
    citation) as a `scaling.ParametricFit`, or None if a parameter is missing."""
    point = dict(zip(table["parameter"], table["estimate"], strict=True))
    if not {"E", "A", "B", "alpha", "beta"} <= point.keys():
        return None
    return scaling.ParametricFit(
        fit_id=table["fit"][0],
        E=point["E"],
        A=point["A"],
        B=point["B"],
        alpha=point["alpha"],
        beta=point["beta"],
        citation=table["citation"][0],
    )


def allocation_for_budget(
    budget_flop: float, refit: scaling.ParametricFit | None = None
) -> pl.DataFrame:
    """Compute-optimal parameters and tokens for one budget (FLOP) under every published rule
    (`scaling.ALLOCATION_RULES`) and, if given, our refit, with `scaling.optimal_allocation` (and
    each parametric fit's predicted loss). Rows in display order."""
    rules = list(scaling.ALLOCATION_RULES)
    if refit is not None:
        rules.append(refit)
    rows = []
    for rule in rules:
        params_opt, tokens_opt = scaling.optimal_allocation(rule, float(budget_flop))
        loss = (
            rule.loss(params_opt, tokens_opt) if isinstance(rule, scaling.ParametricFit) else None
        )
        rows.append(
            {
                "fit": rule.fit_id,
                "budget_flop": float(budget_flop),
                "params_opt": params_opt,
                "tokens_opt": tokens_opt,
                "tokens_per_param": tokens_opt / params_opt,
                "loss_opt": loss,
                "citation": rule.citation,
            }
        )
    return pl.DataFrame(rows, schema=ALLOCATION_SCHEMA)


BESIROGLU_2024 = "https://arxiv.org/abs/2404.10102"


# Published 95% intervals (Besiroglu et al. 2024, Table 1).
BESIROGLU_INTERVALS = {"alpha": (0.317, 0.373), "beta": (0.331, 0.415)}


def allocation(refit: scaling.ParametricFit | None = None) -> pl.DataFrame:
    rules = list(scaling.ALLOCATION_RULES)
    if refit is not None:
        rules.append(refit)
    return scaling.allocation_table(fits=rules)


REFIT_ID = "atlas_refit_2026"


def refit_chinchilla(
    runs: Path, n_bootstrap: int, seed: int = SEED, cache_dir: Path | None = None
) -> tuple[pl.DataFrame, scaling.ParametricFit]:
    """The Chinchilla refit as (`scaling_law_fits` table, fit for the allocation), cached on
    disk by the runs file's sha256, the bootstrap size and the seed: the fit is deterministic,
    and a rebuild with unchanged inputs should not recompute it. Multi-start from
    `loss_fit.REFIT_INIT_GRID` (108 starts, same optimum as Besiroglu's 4500); the bootstrap
    refits start from the full-data optimum. The key includes the fitting code."""
    grid = loss_fit.REFIT_INIT_GRID
    key = (
        hashlib.sha256(
            runs.read_bytes() + repr(grid).encode() + Path(loss_fit.__file__).read_bytes()
        ).hexdigest()[:16]
        + f"-{n_bootstrap}-{seed}"
    )
    table_path = cache_dir / f"chinchilla_refit-{key}.parquet" if cache_dir else None
    if table_path is not None and table_path.exists():
        table = pl.read_parquet(table_path)
    else:
        with fits.single_threaded_scipy_blas():
            refit = loss_fit.fit_chinchilla_loss(
                runs, n_bootstrap=n_bootstrap, seed=seed, init_grid=grid
            )
        table = scaling_law_table(refit)
        if table_path is not None:
            table_path.parent.mkdir(parents=True, exist_ok=True)
            tmp = table_path.with_suffix(f".{os.getpid()}.tmp")  # concurrent builds never collide
            table.write_parquet(tmp)
            os.replace(tmp, table_path)
    point = dict(zip(table["parameter"], table["estimate"], strict=True))
    fit = scaling.ParametricFit(
        fit_id=REFIT_ID,
        E=point["E"],
        A=point["A"],
        B=point["B"],
        alpha=point["alpha"],
        beta=point["beta"],
        citation="Refit of Epoch AI's Chinchilla data following arXiv:2404.10102 (Scaling Atlas)",
    )
    return table, fit


def compute_optimal_by_fit(models: pl.DataFrame) -> pl.DataFrame:
    """Per model (with N and D) and per fit: the compute-optimal model of the same budget and
    the over-training factor (1 = compute-optimal, > 1 = more tokens per parameter)."""
    have = models.filter(
        pl.col("params_active").is_not_null() & pl.col("training_tokens").is_not_null()
    )
    ext = scaling.compute_optimal_extension(
        have.select("model_id", "params_active", "training_tokens")
    )
    return (
        ext.join(have.select("model_id", "name", "release_date"), on="model_id")
        .select(
            "model_id",
            "name",
            "release_date",
            "fit",
            "budget_flop",
            "params_opt",
            "tokens_opt",
            "over_training_factor",
        )
        .sort("release_date", "model_id", "fit")
    )


def scaling_law_table(refit: loss_fit.ChinchillaLossFit) -> pl.DataFrame:
    """Our refit next to Besiroglu et al.'s published estimates and intervals."""
    published = next(f for f in scaling.ALLOCATION_RULES if f.fit_id == "besiroglu_2024")
    ours = refit.table().with_columns(pl.lit(REFIT_ID).alias("fit"))
    pub_point = {
        "E": published.E,
        "A": published.A,
        "B": published.B,
        "alpha": published.alpha,
        "beta": published.beta,
        "params_exponent": published.beta / (published.alpha + published.beta),
    }
    return ours.with_columns(
        pl.col("parameter")
        .replace_strict(pub_point, default=None, return_dtype=pl.Float64)
        .alias("published_estimate"),
        pl.col("parameter")
        .replace_strict(
            {k: v[0] for k, v in BESIROGLU_INTERVALS.items()}, default=None, return_dtype=pl.Float64
        )
        .alias("published_ci_low"),
        pl.col("parameter")
        .replace_strict(
            {k: v[1] for k, v in BESIROGLU_INTERVALS.items()}, default=None, return_dtype=pl.Float64
        )
        .alias("published_ci_high"),
        pl.lit(refit.n_bootstrap, dtype=pl.Int64).alias("n_bootstrap"),
        pl.lit(refit.n_excluded, dtype=pl.Int64).alias("n_excluded"),
        pl.lit(BESIROGLU_2024).alias("citation"),
    ).select(
        "fit",
        "parameter",
        "estimate",
        "ci_low",
        "ci_high",
        "n_points",
        "n_excluded",
        "n_bootstrap",
        "published_estimate",
        "published_ci_low",
        "published_ci_high",
        "citation",
    )
