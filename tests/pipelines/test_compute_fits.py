"""GPQA Diamond and ECI against training compute (`benchmark_compute_fits`,
`benchmark_compute_curves`, pipelines/lib/trends/compute_fits.py).

No published fit of either against compute is stated in Epoch AI's Benchmarking Hub snapshot, so
the maths is tested on synthetic data drawn from a known curve (tolerances stated per test), and
the published tables on the real rows: monotone, inside [chance, 100] for GPQA Diamond, the band
around the curve, n as SQL counts it. The build's blocking checks are shown to fail on a fit
broken on purpose.
"""

from __future__ import annotations

import shutil

import duckdb
import numpy as np
import polars as pl
import pytest
from polars.testing import assert_frame_equal

from pipelines.defs.trends import benchmark_views as views
from pipelines.defs.trends.benchmark_views import COMPUTE_CURVES_CHECK_SQL, COMPUTE_FITS_CHECK_SQL
from pipelines.lib.publish.warehouse import read_table
from pipelines.lib.trends import benchmark_frontier as bf
from pipelines.lib.trends import compute_fits, fits
from pipelines.lib.trends.defaults import SEED, SIGMOID_BOOTSTRAP

TRUE_K, TRUE_X0 = 0.9, 25.0  # synthetic GPQA: per decade of FLOP, midpoint at 1e25 FLOP
TRUE_SLOPE, TRUE_INTERCEPT = 14.0, -215.0  # synthetic ECI: points per decade, value at 1e0


def _inputs(seed: int = 5, n: int = 40) -> pl.DataFrame:
    """Synthetic releases: GPQA Diamond from the known sigmoid + N(0, 3 points), ECI from the
    known line + N(0, 4 points), log10 FLOP evenly over 21-27."""
    rng = np.random.default_rng(seed)
    x = np.linspace(21.0, 27.0, n)
    gpqa = fits.sigmoid(x, TRUE_K, TRUE_X0, 25.0, 100.0) + rng.normal(0, 3.0, n)
    eci = TRUE_INTERCEPT + TRUE_SLOPE * x + rng.normal(0, 4.0, n)
    ids = [f"m{i}" for i in range(n)]
    return pl.concat(
        [
            pl.DataFrame(
                {"measure": "gpqa_diamond", "model_id": ids, "log10_compute": x}
            ).with_columns(value=pl.Series(gpqa)),
            pl.DataFrame({"measure": "eci", "model_id": ids, "log10_compute": x}).with_columns(
                value=pl.Series(eci)
            ),
        ]
    )


@pytest.fixture(scope="module")
def synthetic():
    return compute_fits.benchmark_compute_fits(_inputs(), SIGMOID_BOOTSTRAP, SEED)


def test_sigmoid_recovers_the_known_gpqa_curve(synthetic):
    """k within 15 %, x0 within 0.15 decade; intervals hold the estimate (a single 95 %
    interval misses the truth 1 time in 20 by design: coverage is tested over 20 data sets in
    test_fits.py, for this same `fit_sigmoid`); the fitted curve is
    within 3 points (the noise's sd) of the true one everywhere; floor and ceiling as stated."""
    table, curves = synthetic
    row = table.filter(pl.col("measure") == "gpqa_diamond").row(0, named=True)
    assert row["status"] == "fitted" and row["n_points"] == 40
    assert row["k"] == pytest.approx(TRUE_K, rel=0.15)
    assert row["x0"] == pytest.approx(TRUE_X0, abs=0.15)
    assert row["k_ci_low"] < row["k"] < row["k_ci_high"]
    assert row["x0_ci_low"] < row["x0"] < row["x0_ci_high"]
    assert (row["floor_pct"], row["ceiling_pct"]) == (25.0, 100.0)
    assert row["r_squared"] > 0.9
    curve = curves.filter(pl.col("measure") == "gpqa_diamond")
    truth = fits.sigmoid(curve["log10_compute"].to_numpy(), TRUE_K, TRUE_X0, 25.0, 100.0)
    assert np.abs(curve["value"].to_numpy() - truth).max() < 3.0  # the noise's sd


def test_line_recovers_the_known_eci_slope(synthetic):
    """Slope within 5 %, its interval holds the estimate, R² > 0.9, the line within 4 points (the
    noise's sd) of the true one; no sigmoid columns on a line's row."""
    table, curves = synthetic
    row = table.filter(pl.col("measure") == "eci").row(0, named=True)
    assert row["slope"] == pytest.approx(TRUE_SLOPE, rel=0.05)
    assert row["slope_ci_low"] < row["slope"] < row["slope_ci_high"]
    assert row["k"] is None and row["floor_pct"] is None
    assert row["r_squared"] > 0.9
    assert row["n_bootstrap"] == SIGMOID_BOOTSTRAP
    curve = curves.filter(pl.col("measure") == "eci")
    truth = TRUE_INTERCEPT + TRUE_SLOPE * curve["log10_compute"].to_numpy()
    assert np.abs(curve["value"].to_numpy() - truth).max() < 4.0  # the noise's sd


def test_bands_cover_the_true_curves():
    """A 95 % band misses the truth 1 time in 20 by design, so count over 20 seeded data sets:
    at the grid point nearest the true sigmoid's midpoint (GPQA) and at mid-range (ECI) the band
    holds the true value in at least 15 of 20 (14 or fewer has probability < 1 % at 93 %
    coverage, as for `fit_sigmoid`'s intervals in test_fits.py)."""
    covered = {"gpqa_diamond": 0, "eci": 0}
    for seed in range(20):
        _, curves = compute_fits.benchmark_compute_fits(_inputs(100 + seed), 200, seed)
        for measure, at in (("gpqa_diamond", TRUE_X0), ("eci", 24.0)):
            curve = curves.filter(pl.col("measure") == measure)
            point = curve.row(int((curve["log10_compute"] - at).abs().arg_min()), named=True)
            x = point["log10_compute"]
            truth = (
                fits.sigmoid(x, TRUE_K, TRUE_X0, 25.0, 100.0)
                if measure == "gpqa_diamond"
                else TRUE_INTERCEPT + TRUE_SLOPE * x
            )
            covered[measure] += point["value_lower"] <= truth <= point["value_upper"]
    assert min(covered.values()) >= 15, covered


def test_exact_line_and_r_squared():
    x = np.linspace(20.0, 27.0, 10)
    fit = compute_fits.fit_linear(x, 3.0 + 2.0 * x, n_bootstrap=20)
    assert (fit.slope, fit.intercept) == pytest.approx((2.0, 3.0), rel=1e-9)
    assert compute_fits.r_squared(3.0 + 2.0 * x, fit.predict(x)) == pytest.approx(1.0)
    y = np.array([1.0, 2.0, 3.0, 4.0])
    assert compute_fits.r_squared(y, np.full(4, y.mean())) == pytest.approx(0.0)


def test_too_few_points_is_a_status_not_a_fit():
    few = _inputs(n=7)
    table, curves = compute_fits.benchmark_compute_fits(few, n_bootstrap=10)
    assert table["status"].to_list() == [
        "not fitted: fit_sigmoid needs at least 8 points, got 7",
        "not fitted: fit_linear needs at least 8 points, got 7",
    ]
    assert curves.is_empty()


# ------------------------------------------------------------------------ the published tables


def test_published_fits_on_real_rows(warehouse):
    """GPQA Diamond rises with compute and stays inside [25, 100] (chance to perfect) over the
    fitted range, band included; the ECI line rises; n is at most the releases SQL finds with
    an Epoch GPQA Diamond run (or an ECI) and a training compute, and at least 8."""
    con = duckdb.connect(str(warehouse), read_only=True)
    try:
        fitted = con.sql("SELECT * FROM benchmark_compute_fits ORDER BY measure").pl()
        curves = con.sql("SELECT * FROM benchmark_compute_curves").pl()
        available = dict(
            con.execute(
                """SELECT 'gpqa_diamond', count(DISTINCT b.model_id) FROM benchmark_scores b
                   JOIN models m USING (model_id) WHERE b.benchmark = 'gpqa_diamond'
                   AND b.measured_by = 'epoch' AND m.training_compute_flop > 0
                   UNION ALL
                   SELECT 'eci', count(*) FROM capability_index c JOIN models m USING (model_id)
                   WHERE c.eci IS NOT NULL AND m.training_compute_flop > 0"""
            ).fetchall()
        )
    finally:
        con.close()
    assert fitted["measure"].to_list() == ["eci", "gpqa_diamond"]
    for row in fitted.iter_rows(named=True):
        assert row["status"] == "fitted", row
        assert 8 <= row["n_points"] <= available[row["measure"]]
        curve = curves.filter(pl.col("measure") == row["measure"]).sort("log10_compute")
        assert curve.height == compute_fits.N_GRID
        assert (curve["value"].diff().drop_nulls() > 0).all()
        assert (curve["value_lower"] <= curve["value"] + 1e-9).all()
        assert (curve["value"] <= curve["value_upper"] + 1e-9).all()
        assert curve["log10_compute"].min() == pytest.approx(row["log10_compute_min"])
    gpqa = curves.filter(pl.col("measure") == "gpqa_diamond")
    assert gpqa["value_lower"].min() >= 25.0 and gpqa["value_upper"].max() <= 100.0


@pytest.mark.parametrize(
    ("sql", "breakage"),
    [
        (COMPUTE_FITS_CHECK_SQL, "UPDATE benchmark_compute_fits SET k = -k"),
        (COMPUTE_FITS_CHECK_SQL, "UPDATE benchmark_compute_fits SET r_squared = -0.2"),
        (
            COMPUTE_CURVES_CHECK_SQL,
            "UPDATE benchmark_compute_curves SET value = 150 - value WHERE measure = 'eci'",
        ),
        (
            COMPUTE_CURVES_CHECK_SQL,
            "UPDATE benchmark_compute_curves SET value_upper = value_upper + 30 "
            "WHERE measure = 'gpqa_diamond'",
        ),
    ],
)
def test_the_build_checks_pass_and_fail_on_a_wrong_fit(warehouse, tmp_path, sql, breakage):
    copy = shutil.copy2(warehouse, tmp_path / "atlas.duckdb")
    con = duckdb.connect(str(copy))
    try:
        assert con.execute(sql).fetchall()[0][0] == 0
        con.execute(breakage)
        assert con.execute(sql).fetchall()[0][0] > 0
    finally:
        con.close()


def test_the_build_keeps_its_fits_for_the_next_build_with_the_same_inputs(warehouse, monkeypatch):
    """The build stored the compute fits and the cost trend under the hash of their inputs:
    the same inputs, made again from the published tables, find them with the fitting made to
    fail, and they are the published rows."""
    con = duckdb.connect(str(warehouse), read_only=True)
    try:
        models, scores = views._inputs(con)
        inputs = compute_fits.compute_fit_inputs(
            scores, models, read_table(con, "capability_index")
        )
        prices = bf.price_at_release(read_table(con, "claims"), models)
        cost = bf.benchmark_cost_frontier(scores, models, prices)
        names = ("benchmark_compute_fits", "benchmark_compute_curves", "benchmark_cost_trend")
        published = {name: read_table(con, name) for name in names}
    finally:
        con.close()

    def fitted_again(*args, **kwargs):
        raise AssertionError("fitted again although the inputs did not change")

    monkeypatch.setattr(compute_fits, "benchmark_compute_fits", fitted_again)
    monkeypatch.setattr(bf, "benchmark_cost_trend", fitted_again)
    kept = {**views.compute_fit_tables(inputs), **views.cost_trend_tables(cost)}
    assert sorted(kept) == sorted(names)
    for name in names:
        assert published[name].height > 0, name
        assert_frame_equal(
            kept[name].select(published[name].columns),
            published[name],
            check_row_order=False,
            check_dtypes=False,
        )
