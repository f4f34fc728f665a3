"""Trends derived from the record tables."""

import dagster as dg

from pipelines.dagster_meta import table_metadata
from pipelines.defs.resources import Warehouse
from pipelines.defs.step_checks import evaluate, specs
from pipelines.defs.trends import checks as _checks  # noqa: F401  (registers the step checks)
from pipelines.lib.publish.warehouse import read_table, write_table
from pipelines.lib.staging.plausibility import without_suspicious
from pipelines.lib.tables import ComputeOptimalSchema, FrontierSmallestModelSchema, table
from pipelines.lib.trends import allocation, frontier


def ranked_models(con):
    """`models` as the rankings and fits see it: suspicious values that are unresolved, or
    resolved as an erratum, set to null (see `suspicious_values`)."""
    return without_suspicious(read_table(con, "models"), read_table(con, "suspicious_values"))


@dg.asset(
    deps=["models", "sources", "suspicious_values"],
    group_name="trends",
    kinds={"polars", "duckdb"},
    description=table("frontier_smallest_model").description,
    check_specs=specs("frontier_smallest_model"),
)
def frontier_smallest_model(context: dg.AssetExecutionContext, warehouse: Warehouse):
    """Record-holders for the smallest model at or above an MMLU (5-shot) threshold, over time.

    Grain: one row per (benchmark, threshold, basis, record-setting release). Built for MMLU at
    50/60/70/80 % on total and on active parameters: the "60 % MMLU fell from 65B to a few
    billion parameters" history, with the source of every score and parameter count.
    Suspicious values not resolved as right (`suspicious_values`) set no record.
    """
    with warehouse.connect(context.run.run_id) as con:
        inputs = frontier.mmlu_frontier_inputs(ranked_models(con), read_table(con, "sources"))
        frame = FrontierSmallestModelSchema.validate(frontier.frontier_table(inputs))
        write_table(con, "frontier_smallest_model", frame)
    yield dg.MaterializeResult(metadata=table_metadata("frontier_smallest_model", frame))
    yield from evaluate(context, ["frontier_smallest_model"], warehouse=warehouse)


@dg.asset(
    deps=["models", "suspicious_values"],
    group_name="trends",
    kinds={"polars", "duckdb"},
    description=table("compute_optimal").description,
    check_specs=specs("compute_optimal"),
)
def compute_optimal(context: dg.AssetExecutionContext, warehouse: Warehouse):
    """Per model: tokens per parameter against Chinchilla's ~20, and C ≈ 6·N·D against the cited
    compute. Grain: one row per `models` row (nulls where an input is unknown, or suspicious
    and not resolved as right: see `suspicious_values`)."""
    with warehouse.connect(context.run.run_id) as con:
        frame = ComputeOptimalSchema.validate(allocation.compute_optimal(ranked_models(con)))
        write_table(con, "compute_optimal", frame)
    with_ratio = frame.drop_nulls("compute_6nd_to_reported_ratio")
    metadata = table_metadata("compute_optimal", frame)
    if with_ratio.height:
        metadata["median_6nd_to_reported"] = float(
            with_ratio["compute_6nd_to_reported_ratio"].median()
        )
    yield dg.MaterializeResult(metadata=metadata)
    yield from evaluate(context, ["compute_optimal"], warehouse=warehouse)
