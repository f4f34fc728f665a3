"""Checks on the analysis tables; each compares with a published number or can fail on data."""

import dagster as dg

from pipelines.defs.resources import Warehouse
from pipelines.defs.step_checks import step_check
from pipelines.defs.trends.count_checks import count_check
from pipelines.lib.sql import load_sql


def _rows(context, warehouse: Warehouse, sql: str):
    with warehouse.read(context.run.run_id) as con:
        return con.execute(sql).fetchall()


@step_check("compute_optimal_allocation", blocking=True)
def compute_optimal_allocation__besiroglu_gives_chinchilla(
    context: dg.AssetCheckExecutionContext, warehouse: Warehouse
) -> dg.AssetCheckResult:
    """Besiroglu et al.'s fit at Chinchilla's budget (5.76e23 FLOP) gives about Chinchilla's
    size: 70B parameters and 1.4T tokens, each within 10 %."""
    rows = _rows(
        context,
        warehouse,
        load_sql(__file__, "compute_optimal_allocation__besiroglu_gives_chinchilla"),
    )
    ok = bool(rows) and abs(rows[0][0] / 70e9 - 1) <= 0.10 and abs(rows[0][1] / 1.4e12 - 1) <= 0.10
    return dg.AssetCheckResult(
        passed=ok,
        metadata={
            "params_opt": rows[0][0] if rows else 0.0,
            "tokens_opt": rows[0][1] if rows else 0.0,
        },
    )


@step_check("scaling_law_fits", blocking=False)
def scaling_law_fits__within_published_intervals(
    context: dg.AssetCheckExecutionContext, warehouse: Warehouse
) -> dg.AssetCheckResult:
    """Our alpha and beta fall inside Besiroglu et al.'s published 95 % intervals
    (alpha 0.317-0.373, beta 0.331-0.415), on enough runs (>= 200)."""
    rows = _rows(
        context,
        warehouse,
        load_sql(__file__, "scaling_law_fits__within_published_intervals"),
    )
    inside = {p: lo <= est <= hi for p, est, lo, hi, _ in rows}
    enough = bool(rows) and min(r[4] for r in rows) >= 200
    return dg.AssetCheckResult(
        passed=enough and len(inside) == 2 and all(inside.values()),
        metadata={**{f"{p}": est for p, est, *_ in rows}, "n_points": rows[0][4] if rows else 0},
    )


def _fitted_check(table: str, label: str, where: str = "TRUE"):
    @step_check(table, name=f"{table}__every_fit_has_enough_points", blocking=False)
    def _check(context: dg.AssetCheckExecutionContext, warehouse: Warehouse) -> dg.AssetCheckResult:
        """Fails (without blocking) while any requested fit had too few points to be made."""
        rows = _rows(
            context, warehouse, f"SELECT {label}, n_points, status FROM {table} WHERE {where}"
        )
        short = [f"{r[0]} (n={r[1]})" for r in rows if r[2] != "fitted"]
        return dg.AssetCheckResult(
            passed=bool(rows) and not short,
            severity=dg.AssetCheckSeverity.WARN,
            metadata={"fits": len(rows), "not_fitted": ", ".join(short) or "none"},
        )

    return _check


fit_checks = [
    _fitted_check("capability_fits", "x_variable || ' ' || \"group\""),
    _fitted_check("growth_rates", "metric"),
    _fitted_check("frontier_trend", "benchmark || ' ' || threshold || ' ' || basis"),
    _fitted_check("cost_trend", "series"),
]


@step_check("growth_rates", blocking=False)
def growth_rates__compute_grows_like_published(
    context: dg.AssetCheckExecutionContext, warehouse: Warehouse
) -> dg.AssetCheckResult:
    """Training compute grows between 2x and 10x per year — bracketing Epoch AI's ~4-5x/year
    for notable models (our population is every language model since 2018)."""
    rows = _rows(
        context,
        warehouse,
        load_sql(__file__, "growth_rates__compute_grows_like_published"),
    )
    ok = bool(rows) and rows[0][0] is not None and 2 <= rows[0][0] <= 10
    return dg.AssetCheckResult(
        passed=ok,
        severity=dg.AssetCheckSeverity.WARN,
        metadata={
            "fold_per_year": rows[0][0] if rows and rows[0][0] else 0.0,
            "n_points": rows[0][3] if rows else 0,
        },
    )


@step_check("serving_memory", blocking=True)
def serving_memory__seven_billion_at_fp16_is_14_gb(
    context: dg.AssetCheckExecutionContext, warehouse: Warehouse
) -> dg.AssetCheckResult:
    """7B parameters at FP16 need 14 GB for the weights (the primer's rule of thumb)."""
    rows = _rows(
        context,
        warehouse,
        "SELECT memory_gb_fp16 FROM serving_memory WHERE params_total = 7e9 LIMIT 1",
    )
    return dg.AssetCheckResult(
        passed=bool(rows) and abs(rows[0][0] - 14.0) < 1e-9,
        metadata={"memory_gb_fp16": rows[0][0] if rows else 0.0},
    )


@step_check("compute_optimal_by_fit", blocking=False)
def compute_optimal_by_fit__chinchilla_is_optimal_under_20x(
    context: dg.AssetCheckExecutionContext, warehouse: Warehouse
) -> dg.AssetCheckResult:
    """Chinchilla (70B, 1.4T tokens) is compute-optimal under the 20:1 rule: factor 1 ± 5 %."""
    rows = _rows(
        context,
        warehouse,
        load_sql(__file__, "compute_optimal_by_fit__chinchilla_is_optimal_under_20x"),
    )
    ok = bool(rows) and abs(rows[0][0] - 1) <= 0.05
    return dg.AssetCheckResult(passed=ok, metadata={"factor": rows[0][0] if rows else 0.0})


@step_check("size_classes", blocking=False)
def size_classes__every_sized_model_counted_once(
    context: dg.AssetCheckExecutionContext, warehouse: Warehouse
) -> dg.AssetCheckResult:
    """The class counts add up to the models with a parameter count and a release date (the
    classes are per release year)."""
    counted, sized = _rows(
        context,
        warehouse,
        load_sql(__file__, "size_classes__every_sized_model_counted_once"),
    )[0]
    return dg.AssetCheckResult(
        passed=counted == sized and sized > 0,
        metadata={"counted": counted or 0, "models_with_params": sized},
    )


# Count checks: `sql/<name>.sql` returns (rows breaking the property, rows looked at).
capability_curves__bands_bracket_the_fit = count_check(
    "capability_curves",
    "bands_bracket_the_fit",
    blocking=False,
    description="Every curve point lies inside its band, and the band inside chance (25 %) and "
    "100 %.",
    total_key="points",
    bad_key="outside",
)
cost_frontier__records_get_cheaper = count_check(
    "cost_frontier",
    "records_get_cheaper",
    blocking=False,
    description="Within each threshold every new record is strictly cheaper and scores at or "
    "above it.",
    total_key="records",
    bad_key="bad",
)
emergence_points__chance_level_marked = count_check(
    "emergence_points",
    "chance_level_marked",
    blocking=False,
    description="MMLU points carry the 4-choice chance level (25 %) and have compute.",
    total_key="points",
    bad_key="bad",
)
