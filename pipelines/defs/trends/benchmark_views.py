"""The benchmark view tables: frontier, cost, ECI open vs closed, maker vs third party (the maths
is pipelines/lib/trends/benchmark_frontier.py), and GPQA Diamond and ECI against training compute
(pipelines/lib/trends/compute_fits.py)."""

import dagster as dg

from pipelines.dagster_meta import table_metadata
from pipelines.defs.resources import Warehouse
from pipelines.lib.publish.warehouse import read_table, write_table
from pipelines.lib.staging.plausibility import scores_without_suspicious, without_suspicious
from pipelines.lib.tables.benchmark_views import COMPUTE_FIT_SCHEMAS, VIEW_SCHEMAS
from pipelines.lib.trends import benchmark_frontier as bf
from pipelines.lib.trends import compute_fits, fits
from pipelines.lib.trends.defaults import SIGMOID_BOOTSTRAP

DEPS = ["models", "benchmark_scores", "claims", "capability_index", "suspicious_values"]


def _spec(name: str, schemas: dict = VIEW_SCHEMAS, kinds: frozenset = frozenset()) -> dg.AssetSpec:
    return dg.AssetSpec(
        name,
        deps=DEPS,
        group_name="trends",
        kinds={"polars", "duckdb", *kinds},
        description=f"`{name}`: see warehouse/README.md. {schemas[name].__doc__}",
    )


@dg.multi_asset(specs=[_spec(name) for name in VIEW_SCHEMAS], can_subset=False)
def benchmark_views(context: dg.AssetExecutionContext, warehouse: Warehouse):
    """Frontier (GPQA Diamond, MMLU-Pro, SWE-bench Verified), cost at the price in force at
    release, ECI open vs closed with the gap in months, and maker vs independent scores.
    Suspicious values not resolved as right (`suspicious_values`) are left out, as in every
    ranking."""
    with warehouse.connect(context.run.run_id) as con:
        suspicious = read_table(con, "suspicious_values")
        models = without_suspicious(read_table(con, "models"), suspicious)
        scores = scores_without_suspicious(read_table(con, "benchmark_scores"), suspicious)
        claims = read_table(con, "claims")
        eci = read_table(con, "capability_index")
        cost = bf.benchmark_cost_frontier(scores, models, bf.price_at_release(claims, models))
        eci_records = bf.eci_frontier(eci, models)
        tables = {
            "benchmark_frontier": bf.benchmark_frontier(scores, models),
            "benchmark_cost_frontier": cost,
            "benchmark_cost_trend": bf.benchmark_cost_trend(cost),
            "eci_frontier": eci_records,
            "eci_open_closed_gap": bf.open_closed_gap(eci_records),
            "maker_vs_independent": bf.maker_vs_independent(scores),
        }
        for name, frame in tables.items():
            write_table(con, name, VIEW_SCHEMAS[name].validate(frame))
    for name, frame in tables.items():
        yield dg.MaterializeResult(asset_key=name, metadata=table_metadata(name, frame))


@dg.multi_asset(
    specs=[_spec(name, COMPUTE_FIT_SCHEMAS, frozenset({"scipy"})) for name in COMPUTE_FIT_SCHEMAS],
    can_subset=False,
)
def benchmark_compute_fits(context: dg.AssetExecutionContext, warehouse: Warehouse):
    """GPQA Diamond (Epoch's runs) as a sigmoid of log10 training compute (floor 25 %, ceiling
    100 %) and ECI as a line in log10 compute, with 95 % bootstrap bands. Suspicious values not
    resolved as right are left out, as in every fit."""
    with warehouse.connect(context.run.run_id) as con:
        suspicious = read_table(con, "suspicious_values")
        inputs = compute_fits.compute_fit_inputs(
            scores_without_suspicious(read_table(con, "benchmark_scores"), suspicious),
            without_suspicious(read_table(con, "models"), suspicious),
            read_table(con, "capability_index"),
        )
        with fits.single_threaded_scipy_blas():
            fitted, curves = compute_fits.benchmark_compute_fits(inputs, SIGMOID_BOOTSTRAP)
        tables = {"benchmark_compute_fits": fitted, "benchmark_compute_curves": curves}
        for name, frame in tables.items():
            write_table(con, name, COMPUTE_FIT_SCHEMAS[name].validate(frame))
    for name, frame in tables.items():
        yield dg.MaterializeResult(asset_key=name, metadata=table_metadata(name, frame))


COMPUTE_FITS_CHECK_SQL = """
SELECT count(*) FROM benchmark_compute_fits WHERE status = 'fitted' AND NOT (
  coalesce(k, slope) > 0 AND r_squared > 0
  AND (measure <> 'gpqa_diamond' OR (k_ci_low <= k AND k <= k_ci_high
                                     AND x0_ci_low <= x0 AND x0 <= x0_ci_high)))
"""
"""Fitted rows whose curve falls with compute, whose interval misses its estimate, or that
explain less of the variance than the flat mean (R² <= 0)."""

COMPUTE_CURVES_CHECK_SQL = """
SELECT count(*) FROM (
  SELECT c.*, f.floor_pct, f.ceiling_pct,
         lag(c.value) OVER (PARTITION BY c.measure ORDER BY c.log10_compute) AS before
  FROM benchmark_compute_curves c JOIN benchmark_compute_fits f USING (measure))
WHERE NOT (value_lower <= value + 1e-9 AND value <= value_upper + 1e-9)
   OR (before IS NOT NULL AND value <= before)
   OR (floor_pct IS NOT NULL AND NOT (value_lower >= floor_pct - 1e-9
                                      AND value_upper <= ceiling_pct + 1e-9))
"""
"""Grid points outside their band, not above the previous point, or (for the sigmoid) outside
[floor, ceiling]."""


def _check(asset: str, sql: str, what: str):
    """A blocking check: `sql` counts the rows that break the property (zero passes)."""

    @dg.asset_check(asset=asset, name=f"{asset}__{what}", blocking=True)
    def check(context: dg.AssetCheckExecutionContext, warehouse: Warehouse):
        with warehouse.connect(context.run.run_id) as con:
            bad = con.execute(sql).fetchall()[0][0]
        return dg.AssetCheckResult(passed=bad == 0, metadata={"violations": bad})

    return check


benchmark_view_checks = [
    _check(
        "benchmark_frontier",
        """SELECT count(*) FROM benchmark_frontier f JOIN models m USING (model_id)
           WHERE NOT coalesce(m.open_weights, false)""",
        "records_are_open_weights",
    ),
    _check(
        "benchmark_cost_frontier",
        """SELECT count(*) FROM (
             SELECT price_usd_per_1m_blended AS p, lag(price_usd_per_1m_blended) OVER (
               PARTITION BY benchmark, measured_by, threshold
               ORDER BY release_date, price_usd_per_1m_blended) AS before
             FROM benchmark_cost_frontier) WHERE before IS NOT NULL AND p >= before""",
        "records_get_cheaper",
    ),
    _check(
        "benchmark_cost_trend",
        """SELECT count(*) FROM benchmark_cost_trend WHERE fold_decrease_per_year IS NOT NULL
           AND NOT (fold_decrease_per_year_low <= fold_decrease_per_year
                    AND fold_decrease_per_year <= fold_decrease_per_year_high)""",
        "interval_holds_estimate",
    ),
    _check(
        "eci_frontier",
        """SELECT count(*) FROM (
             SELECT eci, lag(eci) OVER (PARTITION BY weights ORDER BY release_date, eci) AS before
             FROM eci_frontier) WHERE before IS NOT NULL AND eci <= before""",
        "records_rise",
    ),
    _check(
        "eci_open_closed_gap",
        """SELECT count(*) FROM eci_open_closed_gap
           WHERE closed_model_id IS NOT NULL AND closed_eci < open_eci""",
        "closed_reached_the_level",
    ),
    _check(
        "maker_vs_independent",
        """SELECT count(*) FROM maker_vs_independent v
           WHERE abs(v.difference_pts - (v.maker_score - v.independent_score)) > 1e-9
              OR NOT EXISTS (SELECT 1 FROM benchmark_scores b WHERE b.model_id = v.model_id
                  AND (b.benchmark = v.benchmark
                       OR (v.benchmark = 'gpqa_diamond' AND b.benchmark = 'gpqa'))
                  AND b.measured_by = 'maker'
                  AND b.score = v.maker_score)""",
        "pairs_a_maker_score",
    ),
    # A wrong fit fails here (tests/pipelines/test_compute_fits.py breaks one on purpose).
    _check("benchmark_compute_fits", COMPUTE_FITS_CHECK_SQL, "rises_and_explains_variance"),
    _check("benchmark_compute_curves", COMPUTE_CURVES_CHECK_SQL, "rises_inside_band_and_bounds"),
]
