"""The benchmark view tables: frontier, cost, ECI open vs closed, maker vs third party (the maths
is pipelines/lib/trends/benchmark_frontier.py), and GPQA Diamond and ECI against training compute
(pipelines/lib/trends/compute_fits.py). One asset per table, a multi-asset only where one
computation yields two tables (named for the first); each check's SQL is `sql/<check>.sql`."""

from collections.abc import Iterator

import dagster as dg
import polars as pl

from pipelines.dagster_meta import table_metadata
from pipelines.defs.resources import Warehouse
from pipelines.defs.trends.count_checks import count_check
from pipelines.lib.publish.warehouse import read_table, write_table
from pipelines.lib.resultcache import cached_frames, frames_key
from pipelines.lib.settings import RESULT_CACHE_DIR
from pipelines.lib.sql import load_sql
from pipelines.lib.staging.plausibility import scores_without_suspicious, without_suspicious
from pipelines.lib.tables import benchmark_views as view_tables
from pipelines.lib.tables.benchmark_views import COMPUTE_FIT_SCHEMAS, VIEW_SCHEMAS
from pipelines.lib.trends import benchmark_frontier as bf
from pipelines.lib.trends import compute_fits, defaults, fits
from pipelines.lib.trends.defaults import SIGMOID_BOOTSTRAP, TREND_BOOTSTRAP

DEPS = ["models", "benchmark_scores", "claims", "capability_index", "suspicious_values"]
SCHEMAS = {**VIEW_SCHEMAS, **COMPUTE_FIT_SCHEMAS}


def _asset_kwargs(name: str) -> dict:
    """What a single-table asset declares (the same as its spec in a multi-asset)."""
    return {
        "deps": DEPS,
        "group_name": "trends",
        "kinds": {"polars", "duckdb"},
        "description": f"`{name}`: see warehouse/README.md. {SCHEMAS[name].__doc__}",
    }


def _spec(name: str, kinds: frozenset = frozenset()) -> dg.AssetSpec:
    return dg.AssetSpec(
        name,
        deps=DEPS,
        group_name="trends",
        kinds={"polars", "duckdb", *kinds},
        description=f"`{name}`: see warehouse/README.md. {SCHEMAS[name].__doc__}",
    )


def _inputs(con) -> tuple[pl.DataFrame, pl.DataFrame]:
    """(models, benchmark_scores) as every ranking sees them: suspicious values not resolved as
    right (`suspicious_values`) left out."""
    suspicious = read_table(con, "suspicious_values")
    models = without_suspicious(read_table(con, "models"), suspicious)
    return models, scores_without_suspicious(read_table(con, "benchmark_scores"), suspicious)


def cost_trend_tables(cost: pl.DataFrame) -> dict[str, pl.DataFrame]:
    """`benchmark_cost_trend`, the fold decrease per year fitted through `cost` (the
    `benchmark_cost_frontier` rows), its bootstrap (~0.3 s) run again only when the records,
    the bootstrap size or the code change."""
    key = frames_key([cost], [TREND_BOOTSTRAP], [bf, defaults, view_tables])
    return cached_frames(
        RESULT_CACHE_DIR,
        "cost_trend",
        key,
        lambda: {"benchmark_cost_trend": bf.benchmark_cost_trend(cost, TREND_BOOTSTRAP)},
    )


def compute_fit_tables(inputs: pl.DataFrame) -> dict[str, pl.DataFrame]:
    """`benchmark_compute_fits` and `benchmark_compute_curves` through `inputs`
    (`compute_fits.compute_fit_inputs`), fitted again only when the points, the bootstrap size
    or the fitting code change."""

    def compute() -> dict[str, pl.DataFrame]:
        with fits.single_threaded_scipy_blas():
            fitted, curves = compute_fits.benchmark_compute_fits(inputs, SIGMOID_BOOTSTRAP)
        return {"benchmark_compute_fits": fitted, "benchmark_compute_curves": curves}

    key = frames_key([inputs], [SIGMOID_BOOTSTRAP], [compute_fits, fits, defaults, view_tables])
    return cached_frames(RESULT_CACHE_DIR, "compute_fits", key, compute)


def _write(con, tables: dict[str, pl.DataFrame]) -> None:
    for name, frame in tables.items():
        write_table(con, name, SCHEMAS[name].validate(frame))


def _results(tables: dict[str, pl.DataFrame]) -> Iterator[dg.MaterializeResult]:
    for name, frame in tables.items():
        yield dg.MaterializeResult(asset_key=name, metadata=table_metadata(name, frame))


@dg.asset(**_asset_kwargs("benchmark_frontier"))
def benchmark_frontier(context: dg.AssetExecutionContext, warehouse: Warehouse):
    """Smallest open-weights record-holders on GPQA Diamond, MMLU-Pro, SWE-bench Verified (one
    measurer and protocol family per group)."""
    with warehouse.connect(context.run.run_id) as con:
        models, scores = _inputs(con)
        frame = bf.benchmark_frontier(scores, models)
        _write(con, {"benchmark_frontier": frame})
    return dg.MaterializeResult(metadata=table_metadata("benchmark_frontier", frame))


@dg.multi_asset(
    specs=[_spec("benchmark_cost_frontier"), _spec("benchmark_cost_trend")], can_subset=False
)
def benchmark_cost_frontier(context: dg.AssetExecutionContext, warehouse: Warehouse):
    """The cheapest price reaching a level, at the price in force at release, and the fold
    decrease per year fitted through those records."""
    with warehouse.connect(context.run.run_id) as con:
        models, scores = _inputs(con)
        claims = read_table(con, "claims")
        cost = bf.benchmark_cost_frontier(scores, models, bf.price_at_release(claims, models))
        tables = {"benchmark_cost_frontier": cost, **cost_trend_tables(cost)}
        _write(con, tables)
    yield from _results(tables)


@dg.multi_asset(specs=[_spec("eci_frontier"), _spec("eci_open_closed_gap")], can_subset=False)
def eci_frontier(context: dg.AssetExecutionContext, warehouse: Warehouse):
    """ECI records, open and closed, and the gap in months between them."""
    with warehouse.connect(context.run.run_id) as con:
        models, _ = _inputs(con)
        records = bf.eci_frontier(read_table(con, "capability_index"), models)
        tables = {"eci_frontier": records, "eci_open_closed_gap": bf.open_closed_gap(records)}
        _write(con, tables)
    yield from _results(tables)


@dg.asset(**_asset_kwargs("maker_vs_independent"))
def maker_vs_independent(context: dg.AssetExecutionContext, warehouse: Warehouse):
    """Every model with a maker's score and an independent one on the same benchmark."""
    with warehouse.connect(context.run.run_id) as con:
        _, scores = _inputs(con)
        frame = bf.maker_vs_independent(scores)
        _write(con, {"maker_vs_independent": frame})
    return dg.MaterializeResult(metadata=table_metadata("maker_vs_independent", frame))


@dg.multi_asset(
    specs=[_spec(name, frozenset({"scipy"})) for name in COMPUTE_FIT_SCHEMAS], can_subset=False
)
def benchmark_compute_fits(context: dg.AssetExecutionContext, warehouse: Warehouse):
    """GPQA Diamond (Epoch's runs) as a sigmoid of log10 training compute (floor 25 %, ceiling
    100 %) and ECI as a line in log10 compute, with 95 % bootstrap bands. Suspicious values not
    resolved as right are left out, as in every fit."""
    with warehouse.connect(context.run.run_id) as con:
        models, scores = _inputs(con)
        inputs = compute_fits.compute_fit_inputs(
            scores, models, read_table(con, "capability_index")
        )
        tables = compute_fit_tables(inputs)
        _write(con, tables)
    yield from _results(tables)


COMPUTE_FITS_CHECK_SQL = load_sql(__file__, "benchmark_compute_fits__rises_and_explains_variance")
COMPUTE_CURVES_CHECK_SQL = load_sql(
    __file__, "benchmark_compute_curves__rises_inside_band_and_bounds"
)


def _check(asset: str, what: str):
    """A blocking check in its own step: `sql/<asset>__<what>.sql` counts the rows that break
    the property (zero passes)."""
    return count_check(asset, what, blocking=True, in_step=False)


benchmark_view_checks = [
    _check("benchmark_frontier", "records_are_open_weights"),
    _check("benchmark_cost_frontier", "records_get_cheaper"),
    _check("benchmark_cost_trend", "interval_holds_estimate"),
    _check("eci_frontier", "records_rise"),
    _check("eci_open_closed_gap", "closed_reached_the_level"),
    _check("maker_vs_independent", "pairs_a_maker_score"),
    # A wrong fit fails here (tests/pipelines/test_compute_fits.py breaks one on purpose).
    _check("benchmark_compute_fits", "rises_and_explains_variance"),
    _check("benchmark_compute_curves", "rises_inside_band_and_bounds"),
]
