"""The Chinchilla loss refit (pipelines/lib/trends/loss_fit.py) against Besiroglu et al. 2024
(arXiv:2404.10102), as compiled in scaling_laws/published_scaling_law_fits.yaml, each with the
tolerance we find honest and why.
"""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np
import pytest

from pipelines.lib.trends import loss_fit, scaling
from tests.pipelines.scaling_reference import published_fits, reference_file


@pytest.fixture(scope="module")
def published() -> dict[str, dict]:
    return published_fits()


# ------------------------------------------------------------------------------------------
# loss_fit.py — Chinchilla refit (Besiroglu et al. 2024)
# ------------------------------------------------------------------------------------------

# A coarse 108-start subset of Besiroglu's 4500-start grid keeps the test fast; on these data it
# reaches the same optimum as the full grid (checked once: same parameters to 5 digits).
TEST_GRID = loss_fit.InitGrid(
    a=(0.0, 10.0, 20.0), b=(0.0, 10.0, 20.0), e=(-1.0, 0.0, 1.0), alpha=(0.5, 1.5), beta=(0.5, 1.5)
)
TEST_BOOTSTRAP = 200


@pytest.fixture(scope="module")
def chinchilla_csv() -> Path:
    return reference_file("chinchilla_svg_extracted_data.csv")


@pytest.fixture(scope="module")
def chinchilla_fit(chinchilla_csv) -> loss_fit.ChinchillaLossFit:
    return loss_fit.fit_chinchilla_loss(
        chinchilla_csv, n_bootstrap=TEST_BOOTSTRAP, seed=42, init_grid=TEST_GRID
    )


def test_read_chinchilla_runs_derives_tokens_as_epoch_does(chinchilla_csv):
    runs = loss_fit.read_chinchilla_runs(chinchilla_csv)
    assert runs.columns == ["params", "training_tokens", "training_compute_flop", "loss"]
    assert runs.height == 245  # SOURCE.md: 245 runs extracted from Chinchilla Fig. 4
    assert (
        runs["training_compute_flop"] / (6 * runs["params"] * runs["training_tokens"]) - 1
    ).abs().max() < 1e-12


def test_huber_objective_gradient_is_exact():
    """The analytic gradient agrees with central finite differences (relative 1e-5)."""
    rng = np.random.default_rng(0)
    log_n = np.log(rng.uniform(7e7, 1.6e10, 50))
    log_d = np.log(rng.uniform(5e9, 5e11, 50))
    log_loss = np.log(rng.uniform(2.0, 3.5, 50))
    weights = rng.integers(0, 4, 50).astype(float)
    theta = np.array([6.2, 7.6, 0.6, 0.35, 0.37])
    _, grad = loss_fit._huber_objective(theta, log_n, log_d, log_loss, weights, 0.05)
    step = 1e-6

    def value(t):
        return loss_fit._huber_objective(t, log_n, log_d, log_loss, weights, 0.05)[0]

    numeric = [(value(theta + step * u) - value(theta - step * u)) / (2 * step) for u in np.eye(5)]
    assert grad == pytest.approx(numeric, rel=1e-5)


def test_chinchilla_refit_uses_epochs_240_runs(chinchilla_fit):
    """Epoch drops the 5 highest-loss runs; `n_points` says how many were fitted."""
    assert (chinchilla_fit.n_points, chinchilla_fit.n_excluded) == (240, 5)
    assert chinchilla_fit.n_bootstrap == TEST_BOOTSTRAP


def test_chinchilla_refit_reproduces_besiroglu_point_estimates(chinchilla_fit, published):
    """We get E 1.8172, A 477.8, B 2143.4, alpha 0.3473, beta 0.3672 against the published
    1.8169, 482.0, 2085.4, 0.3478, 0.3659 (-0.9% A, +2.8% B). Tolerances: E 0.5%, alpha and
    beta 0.005 absolute, A 3%, B 5% — B is the least determined parameter (its published 95%
    interval spans 1042-5810) and our optimiser converges further (next test)."""
    params = published["besiroglu2024_replication"]["params"]
    tolerances = {
        "E": {"rel": 0.005},
        "alpha": {"abs": 0.005},
        "beta": {"abs": 0.005},
        "A": {"rel": 0.03},
        "B": {"rel": 0.05},
    }
    for name, tolerance in tolerances.items():
        ours = getattr(chinchilla_fit, name)
        assert ours == pytest.approx(params[name], **tolerance), name
    intervals = published["besiroglu2024_replication"]["bootstrap_95ci"]
    for name in ("alpha", "beta", "E", "A", "B"):
        low, high = intervals[name]
        assert low <= getattr(chinchilla_fit, name) <= high, name


def test_chinchilla_refit_is_at_least_as_good_as_the_published_one(chinchilla_fit, chinchilla_csv):
    """On the same 240 runs our minimum of the Huber objective is no worse than the objective at
    the published Besiroglu parameters, and far better than at Hoffmann's."""
    at_besiroglu = loss_fit.chinchilla_fit_objective(chinchilla_csv, scaling.BESIROGLU_2024)
    at_hoffmann = loss_fit.chinchilla_fit_objective(chinchilla_csv, scaling.HOFFMANN_2022)
    assert chinchilla_fit.huber_loss <= at_besiroglu
    assert chinchilla_fit.huber_loss < 0.5 * at_hoffmann


def test_chinchilla_refit_bootstrap_intervals_match_published(chinchilla_fit, published):
    """Published 95% intervals come from 4000 resamples; ours from 200, so each bound of alpha
    and beta within 0.015, of E within 0.02 (the resampling noise of a 2.5th percentile)."""
    intervals = published["besiroglu2024_replication"]["bootstrap_95ci"]
    for name, tolerance in (("alpha", 0.015), ("beta", 0.015), ("E", 0.02)):
        ours = chinchilla_fit.ci[name]
        assert ours[0] < getattr(chinchilla_fit, name) < ours[1]
        assert ours == pytest.approx(tuple(intervals[name]), abs=tolerance), name
    table = chinchilla_fit.table()
    assert table["parameter"].to_list() == ["E", "A", "B", "alpha", "beta", "params_exponent"]
    assert table["n_points"].unique().to_list() == [240]


def test_chinchilla_refit_as_scaling_fit_gives_chinchilla_size(chinchilla_fit):
    """The refit plugged into the allocation maths lands on Chinchilla (70B / 1.4T) within 10%."""
    params_opt, tokens_opt = scaling.optimal_allocation(
        chinchilla_fit.to_scaling_fit(), scaling.CHINCHILLA_BUDGET_FLOP
    )
    assert params_opt == pytest.approx(scaling.CHINCHILLA_PARAMS, rel=0.10)
    assert tokens_opt == pytest.approx(scaling.CHINCHILLA_TOKENS, rel=0.10)


def test_keeping_the_five_outlying_runs_changes_beta(chinchilla_csv, chinchilla_fit):
    """Why the exclusion matters: with all 245 runs beta rises above the published interval
    (0.45; the full grid finds the same). One start, at the 240-run optimum, keeps this fast."""
    start = loss_fit.InitGrid(
        a=(math.log(chinchilla_fit.A),),
        b=(math.log(chinchilla_fit.B),),
        e=(math.log(chinchilla_fit.E),),
        alpha=(chinchilla_fit.alpha,),
        beta=(chinchilla_fit.beta,),
    )
    everything = loss_fit.fit_chinchilla_loss(
        chinchilla_csv, n_bootstrap=0, exclude_highest_loss=0, init_grid=start
    )
    assert everything.n_points == 245
    assert everything.beta > 0.415


def test_chinchilla_refit_refuses_too_few_runs(chinchilla_csv):
    runs = loss_fit.read_chinchilla_runs(chinchilla_csv).head(24)  # 19 left after excluding 5
    with pytest.raises(ValueError, match="at least 20 runs"):
        loss_fit.fit_chinchilla_loss(runs, n_bootstrap=0, init_grid=TEST_GRID)
