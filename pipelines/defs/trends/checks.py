"""Checks on the trend tables; each can fail on a wrong table."""

import dagster as dg

from pipelines.defs.resources import Warehouse
from pipelines.defs.step_checks import step_check
from pipelines.lib.sql import load_sql


@step_check("frontier_smallest_model", blocking=True)
def frontier_smallest_model__records_shrink(
    context: dg.AssetCheckExecutionContext, warehouse: Warehouse
) -> dg.AssetCheckResult:
    """Within each (benchmark, threshold, basis) every new record is strictly smaller and later,
    and every record scores at or above its threshold."""
    with warehouse.read(context.run.run_id) as con:
        bad = con.execute(load_sql(__file__, "frontier_smallest_model__records_shrink")).fetchone()[
            0
        ]
        groups = con.execute(
            "SELECT count(DISTINCT (benchmark, threshold, basis)) FROM frontier_smallest_model"
        ).fetchone()[0]
    return dg.AssetCheckResult(passed=bad == 0, metadata={"violations": bad, "series": groups})


@step_check("frontier_smallest_model", blocking=False)
def frontier_smallest_model__sixty_percent_history(
    context: dg.AssetCheckExecutionContext, warehouse: Warehouse
) -> dg.AssetCheckResult:
    """The 60 % MMLU (total-parameter) frontier falls by at least 5x from its first record to its
    latest, as published history says (65B in early 2023 to a few billion a year later)."""
    with warehouse.read(context.run.run_id) as con:
        row = con.execute(
            load_sql(__file__, "frontier_smallest_model__sixty_percent_history")
        ).fetchone()
    first, last, n = row
    fold = (first / last) if first and last else 0.0
    return dg.AssetCheckResult(
        passed=n >= 2 and fold >= 5, metadata={"records": n, "fold_decrease": fold}
    )


@step_check("compute_optimal", blocking=False)
def compute_optimal__6nd_matches_reported(
    context: dg.AssetCheckExecutionContext, warehouse: Warehouse
) -> dg.AssetCheckResult:
    """Where compute was obtained independently of N and D (reported by the developer or from
    hardware time) and N, D are known, 6·N·D lands within 2x of it for the median model (a large
    drift means a unit error, e.g. words counted as tokens). Compute that was itself estimated
    as 6·N·D would agree by construction, so it is left out."""
    with warehouse.read(context.run.run_id) as con:
        median, n = con.execute(
            load_sql(__file__, "compute_optimal__6nd_matches_reported")
        ).fetchall()[0]
    ok = n > 0 and 0.5 <= median <= 2.0
    return dg.AssetCheckResult(passed=ok, metadata={"models": n, "median_ratio": median or 0.0})
