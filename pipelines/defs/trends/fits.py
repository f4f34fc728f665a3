"""Trends: compute-optimal allocation, fitted scaling laws and trends with intervals.

One asset per table, named for it; a multi-asset only where one computation yields two tables
(its op is named for the first of them)."""

from collections.abc import Callable

import dagster as dg

from pipelines.dagster_meta import table_metadata
from pipelines.defs.resources import RawData, Warehouse
from pipelines.defs.step_checks import evaluate, specs
from pipelines.defs.trends import fit_checks as _checks  # noqa: F401  (registers step checks)
from pipelines.lib.publish.warehouse import read_table, write_table
from pipelines.lib.resultcache import cached_frames, frames_key
from pipelines.lib.settings import RESULT_CACHE_DIR
from pipelines.lib.staging.plausibility import scores_without_suspicious, without_suspicious
from pipelines.lib.tables import PUBLIC_SCHEMAS, table
from pipelines.lib.trends import allocation, capability, defaults, fits, sizes, trend_lines
from pipelines.lib.trends import frontier as frontier_maths
from pipelines.lib.trends.prices import prices_at_release

KINDS = {"polars", "duckdb", "scipy"}
CHINCHILLA_RUNS = "upstream/scaling_laws/chinchilla_svg_extracted_data.csv"


class FitConfig(dg.Config):
    """Bootstrap sizes: larger is tighter intervals and slower builds."""

    loss_fit_bootstrap: int = defaults.LOSS_FIT_BOOTSTRAP
    trend_bootstrap: int = defaults.TREND_BOOTSTRAP
    sigmoid_bootstrap: int = defaults.SIGMOID_BOOTSTRAP


def _write(context, warehouse: Warehouse, tables: dict) -> list:
    """Write the tables, then run their checks in this step (`step_checks.py`)."""
    with warehouse.connect(context.run.run_id) as con:
        for name, frame in tables.items():
            write_table(con, name, PUBLIC_SCHEMAS[name].validate(frame))
    return [
        dg.MaterializeResult(asset_key=name, metadata=table_metadata(name, frame))
        for name, frame in tables.items()
    ] + list(evaluate(context, tables, warehouse=warehouse))


def _models(con):
    """`models` as fits see it: suspicious values not resolved as right set to null."""
    return without_suspicious(read_table(con, "models"), read_table(con, "suspicious_values"))


def _deps(deps: list[str]) -> list[str]:
    if "models" in deps or "benchmark_scores" in deps:
        return [*deps, "suspicious_values"]
    return deps


def _spec(name: str, deps: list[str]) -> dg.AssetSpec:
    return dg.AssetSpec(
        name,
        deps=_deps(deps),
        group_name="trends",
        kinds=KINDS,
        description=table(name).description,
    )


def _table_asset(name: str, deps: list[str], compute: Callable) -> dg.AssetsDefinition:
    """An asset writing the one table `name`: `compute(con, config)` returns its frame."""

    @dg.asset(
        name=name,
        deps=_deps(deps),
        group_name="trends",
        kinds=KINDS,
        description=table(name).description,
        check_specs=specs(name),
    )
    def _asset(context: dg.AssetExecutionContext, config: FitConfig, warehouse: Warehouse):
        with warehouse.connect(context.run.run_id) as con:
            frame = compute(con, config)
        yield from _write(context, warehouse, {name: frame})

    return _asset


@dg.multi_asset(
    name="scaling_law_fits",
    # It reads a pinned upstream file (Epoch's extracted Chinchilla runs): after the cache check.
    specs=[
        _spec("scaling_law_fits", ["upstream_files"]),
        _spec("compute_optimal_allocation", ["upstream_files"]),
    ],
    check_specs=specs("scaling_law_fits", "compute_optimal_allocation"),
    can_subset=False,
)
def scaling_law_fits(
    context: dg.AssetExecutionContext, config: FitConfig, raw: RawData, warehouse: Warehouse
):
    """Refit the Chinchilla loss on Epoch's extracted runs (as Besiroglu et al. 2024), then the
    compute-optimal allocation under each published fit and ours."""
    fitted, refit = allocation.refit_chinchilla(
        raw.root / CHINCHILLA_RUNS,
        config.loss_fit_bootstrap,
        cache_dir=RESULT_CACHE_DIR,
    )
    yield from _write(
        context,
        warehouse,
        {"scaling_law_fits": fitted, "compute_optimal_allocation": allocation.allocation(refit)},
    )


@dg.multi_asset(
    name="capability_fits",
    specs=[
        _spec("capability_fits", ["models", "sources"]),
        _spec("capability_curves", ["models", "sources"]),
    ],
    check_specs=specs("capability_fits", "capability_curves"),
    can_subset=False,
)
def capability_fits(context: dg.AssetExecutionContext, config: FitConfig, warehouse: Warehouse):
    """MMLU against log10 compute and log10 parameters as sigmoids with bootstrap bands."""
    with warehouse.connect(context.run.run_id) as con:
        inputs = capability.capability_inputs(_models(con), read_table(con, "sources"))

    def compute() -> dict:
        with fits.single_threaded_scipy_blas():
            fitted, curves = capability.capability_fits(
                inputs, n_bootstrap=config.sigmoid_bootstrap
            )
        return {"capability_fits": fitted, "capability_curves": curves}

    # Recomputed only when the fitted points, the bootstrap size or the fitting code change.
    key = frames_key([inputs], [config.sigmoid_bootstrap], [capability, fits, defaults])
    tables = cached_frames(RESULT_CACHE_DIR, "capability", key, compute)
    yield from _write(context, warehouse, tables)


@dg.multi_asset(
    name="cost_frontier",
    specs=[
        _spec("cost_frontier", ["models", "claims"]),
        _spec("cost_trend", ["models", "claims"]),
    ],
    check_specs=specs("cost_frontier", "cost_trend"),
    can_subset=False,
)
def cost_frontier(context: dg.AssetExecutionContext, config: FitConfig, warehouse: Warehouse):
    """Record-holders for the cheapest price above each MMLU threshold, and their trend."""
    with warehouse.connect(context.run.run_id) as con:
        models = _models(con)
        claims = read_table(con, "claims")
    # Each point at the price in force at its release, so the fold per year compares like
    # with like (not each model's newest list price).
    frontier, trend = frontier_maths.cost_frontier(
        prices_at_release(models, claims), n_bootstrap=config.trend_bootstrap
    )
    yield from _write(context, warehouse, {"cost_frontier": frontier, "cost_trend": trend})


def _scores(con):
    return scores_without_suspicious(
        read_table(con, "benchmark_scores"), read_table(con, "suspicious_values")
    )


# Counts, not fits or rankings (`size_classes`, `serving_memory`): every model as published.
table_assets = [
    _table_asset(
        "compute_optimal_by_fit",
        ["models"],
        lambda con, _: allocation.compute_optimal_by_fit(_models(con)),
    ),
    _table_asset(
        "growth_rates",
        ["models"],
        lambda con, c: trend_lines.growth_rates(_models(con), n_bootstrap=c.trend_bootstrap),
    ),
    _table_asset(
        "frontier_trend",
        ["frontier_smallest_model"],
        lambda con, c: trend_lines.frontier_trend(
            read_table(con, "frontier_smallest_model"), n_bootstrap=c.trend_bootstrap
        ),
    ),
    _table_asset(
        "size_classes", ["models"], lambda con, _: sizes.size_classes(read_table(con, "models"))
    ),
    _table_asset(
        "serving_memory", ["models"], lambda con, _: sizes.serving_memory(read_table(con, "models"))
    ),
    _table_asset(
        "emergence_points",
        ["models", "benchmark_scores"],
        lambda con, _: capability.emergence_points(_models(con), _scores(con)),
    ),
]
