"""Analysis: compute-optimal allocation, fitted scaling laws and trends with intervals."""

import dagster as dg

from pipelines.dagster_meta import table_metadata
from pipelines.defs.resources import RawData, Warehouse
from pipelines.lib.plausibility import scores_without_suspicious, without_suspicious
from pipelines.lib.schemas import PUBLIC_SCHEMAS
from pipelines.lib.settings import REPO_ROOT
from pipelines.lib.trends import (
    allocation,
    capability,
    defaults,
    fits,
    sizes,
    trend_lines,
)
from pipelines.lib.trends.frontier import cost_frontier
from pipelines.lib.trends.prices import prices_at_release
from pipelines.lib.warehouse import read_table, write_table

KINDS = {"polars", "duckdb", "scipy"}
CHINCHILLA_RUNS = "upstream/scaling_laws/chinchilla_svg_extracted_data.csv"


class FitConfig(dg.Config):
    """Bootstrap sizes: larger is tighter intervals and slower builds."""

    loss_fit_bootstrap: int = defaults.LOSS_FIT_BOOTSTRAP
    trend_bootstrap: int = defaults.TREND_BOOTSTRAP
    sigmoid_bootstrap: int = defaults.SIGMOID_BOOTSTRAP


def _write(context, warehouse: Warehouse, tables: dict) -> list[dg.MaterializeResult]:
    with warehouse.connect(context.run.run_id) as con:
        for name, frame in tables.items():
            write_table(con, name, PUBLIC_SCHEMAS[name].validate(frame))
    return [
        dg.MaterializeResult(asset_key=name, metadata=table_metadata(name, frame))
        for name, frame in tables.items()
    ]


def _models(con):
    """`models` as fits see it: suspicious values not resolved as right set to null."""
    return without_suspicious(read_table(con, "models"), read_table(con, "suspicious_values"))


def _spec(name: str, deps: list[str]) -> dg.AssetSpec:
    if "models" in deps or "benchmark_scores" in deps:
        deps = [*deps, "suspicious_values"]
    return dg.AssetSpec(
        name,
        deps=deps,
        group_name="analysis",
        kinds=KINDS,
        description=f"`{name}`: see warehouse/README.md.",
    )


@dg.multi_asset(
    specs=[
        _spec("scaling_law_fits", []),
        _spec("compute_optimal_allocation", []),
        _spec("compute_optimal_by_fit", ["models"]),
    ],
    can_subset=False,
)
def compute_optimal_analysis(
    context: dg.AssetExecutionContext, config: FitConfig, raw: RawData, warehouse: Warehouse
):
    """Refit the Chinchilla loss on Epoch's extracted runs (as Besiroglu et al. 2024), then the
    compute-optimal allocation under each published fit and ours, and each model against it."""
    table, refit = allocation.refit_chinchilla(
        raw.root / CHINCHILLA_RUNS,
        config.loss_fit_bootstrap,
        cache_dir=REPO_ROOT / ".dagster" / "cache",
    )
    with warehouse.connect(context.run.run_id) as con:
        models = _models(con)
    yield from _write(
        context,
        warehouse,
        {
            "scaling_law_fits": table,
            "compute_optimal_allocation": allocation.allocation(refit),
            "compute_optimal_by_fit": allocation.compute_optimal_by_fit(models),
        },
    )


@dg.multi_asset(
    specs=[
        _spec("capability_fits", ["models", "sources"]),
        _spec("capability_curves", ["models", "sources"]),
    ],
    can_subset=False,
)
def capability_analysis(context: dg.AssetExecutionContext, config: FitConfig, warehouse: Warehouse):
    """MMLU against log10 compute and log10 parameters as sigmoids with bootstrap bands."""
    with warehouse.connect(context.run.run_id) as con:
        inputs = capability.capability_inputs(_models(con), read_table(con, "sources"))
    with fits.single_threaded_scipy_blas():
        table, curves = capability.capability_fits(inputs, n_bootstrap=config.sigmoid_bootstrap)
    yield from _write(context, warehouse, {"capability_fits": table, "capability_curves": curves})


@dg.multi_asset(
    specs=[
        _spec("growth_rates", ["models"]),
        _spec("frontier_trend", ["frontier_smallest_model"]),
        _spec("cost_frontier", ["models", "claims"]),
        _spec("cost_trend", ["models", "claims"]),
        _spec("size_classes", ["models"]),
        _spec("serving_memory", ["models"]),
        _spec("emergence_points", ["models", "benchmark_scores"]),
    ],
    can_subset=False,
)
def trend_analysis(context: dg.AssetExecutionContext, config: FitConfig, warehouse: Warehouse):
    """Growth rates, frontier density and forecasts, the cost frontier, size classes, serving
    memory and the emergence view — every fitted number with its interval and point count."""
    with warehouse.connect(context.run.run_id) as con:
        models = _models(con)
        # Counts, not fits or rankings: every model as published.
        published = read_table(con, "models")
        claims = read_table(con, "claims")
        frontier = read_table(con, "frontier_smallest_model")
        scores = scores_without_suspicious(
            read_table(con, "benchmark_scores"), read_table(con, "suspicious_values")
        )
    n = config.trend_bootstrap
    # Each point at the price in force at its release, so the fold per year compares like
    # with like (not each model's newest list price).
    cost, cost_trend = cost_frontier(prices_at_release(models, claims), n_bootstrap=n)
    yield from _write(
        context,
        warehouse,
        {
            "growth_rates": trend_lines.growth_rates(models, n_bootstrap=n),
            "frontier_trend": trend_lines.frontier_trend(frontier, n_bootstrap=n),
            "cost_frontier": cost,
            "cost_trend": cost_trend,
            "size_classes": sizes.size_classes(published),
            "serving_memory": sizes.serving_memory(published),
            "emergence_points": capability.emergence_points(models, scores),
        },
    )
