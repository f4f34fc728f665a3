"""Checks on the resolved tables. Blocking ones stop trends and publish."""

import dagster as dg
import pandera.polars as pa

from pipelines.defs.resources import Warehouse
from pipelines.defs.step_checks import step_check
from pipelines.lib.publish.warehouse import read_table
from pipelines.lib.sql import load_sql
from pipelines.lib.staging import plausibility as pz
from pipelines.lib.staging.claims import FIELDS
from pipelines.lib.staging.coverage import CEILINGS
from pipelines.lib.tables import ModelsSchema


@step_check("models", blocking=True)
def models__schema(
    context: dg.AssetCheckExecutionContext, warehouse: Warehouse
) -> dg.AssetCheckResult:
    """`models` satisfies `ModelsSchema` (unique ids, ranges, active <= total)."""
    with warehouse.read(context.run.run_id) as con:
        frame = read_table(con, "models")
    try:
        ModelsSchema.validate(frame, lazy=True)
    except pa.errors.SchemaErrors as exc:
        cases = exc.failure_cases
        return dg.AssetCheckResult(
            passed=False,
            metadata={"failures": cases.height, "first": dg.MetadataValue.md(str(cases.head(10)))},
        )
    return dg.AssetCheckResult(passed=True, metadata={"rows": frame.height})


@step_check("models", blocking=True, additional_deps=["raw_model_records"])
def models__every_curated_record_published(
    context: dg.AssetCheckExecutionContext, warehouse: Warehouse
) -> dg.AssetCheckResult:
    """Every accepted curated record is a row of `models` (nothing lost between layers)."""
    with warehouse.read(context.run.run_id) as con:
        missing = con.execute(
            "SELECT model_id FROM raw_model_records EXCEPT SELECT model_id FROM models"
        ).fetchall()
    return dg.AssetCheckResult(
        passed=not missing, metadata={"missing": ", ".join(r[0] for r in missing) or "none"}
    )


@step_check("sources", blocking=True, additional_deps=["models"])
def sources__every_value_cited(
    context: dg.AssetCheckExecutionContext, warehouse: Warehouse
) -> dg.AssetCheckResult:
    """Every non-null number in `models` has a `sources` row with a citation and a method (MoE
    active counts need their own; a dense model's active count is its total)."""
    missing = 0
    examples: list[str] = []
    with warehouse.read(context.run.run_id) as con:
        for column in FIELDS:
            only_moe = "AND m.architecture = 'moe'" if column == "params_active" else ""
            field = column
            query = load_sql(__file__, "sources__every_value_cited")
            rows = con.execute(query.format(column=column, only_moe=only_moe), [field]).fetchall()
            missing += len(rows)
            examples += [f"{r[0]}.{column}" for r in rows[:5]]
    return dg.AssetCheckResult(
        passed=missing == 0, metadata={"uncited_values": missing, "examples": ", ".join(examples)}
    )


@step_check("models", blocking=False)
def models__every_moe_has_active_parameters(
    context: dg.AssetCheckExecutionContext, warehouse: Warehouse
) -> dg.AssetCheckResult:
    """Every MoE model carries both its total and its active parameter count."""
    with warehouse.read(context.run.run_id) as con:
        rows = con.execute(load_sql(__file__, "models__every_moe_has_active_parameters")).fetchall()
    return dg.AssetCheckResult(
        passed=not rows,
        severity=dg.AssetCheckSeverity.WARN,
        metadata={
            "moe_without_active": len(rows),
            "models": ", ".join(r[0] for r in rows) or "none",
        },
    )


@step_check("unmatched_names", blocking=False)
def unmatched_names__none(
    context: dg.AssetCheckExecutionContext, warehouse: Warehouse
) -> dg.AssetCheckResult:
    """Lists the names secondary sources use that no alias or exact rule places (their numbers
    are not used). Fails, without blocking, while any remain: add them to data/raw/aliases.yaml
    when they are a model we hold."""
    with warehouse.read(context.run.run_id) as con:
        frame = read_table(con, "unmatched_names")
    by_source = frame.group_by("source").len().sort("source")
    return dg.AssetCheckResult(
        passed=frame.height == 0,
        severity=dg.AssetCheckSeverity.WARN,
        metadata={
            "unmatched": frame.height,
            **{f"unmatched/{r[0]}": r[1] for r in by_source.iter_rows()},
            "names": dg.MetadataValue.md(
                "\n".join(
                    f"- {r['source']}: {r['name']}" for r in frame.head(200).iter_rows(named=True)
                )
            ),
        },
    )


@step_check(
    "upstream_errata",
    blocking=False,
    additional_deps=[
        "raw_llm_stats_models",
        "raw_obsscaling",
        "raw_epoch_notable_2026_08",
        "raw_epoch_large_scale_2026_08",
        "raw_epoch_frontier_2026_03",
        "raw_epoch_models_2025_08",
        "raw_epoch_models_2024_10",
    ],
)
def upstream_errata__each_names_a_snapshot_row(
    context: dg.AssetCheckExecutionContext, warehouse: Warehouse
) -> dg.AssetCheckResult:
    """Every erratum names a model the snapshot still has (a refreshed upstream may have fixed
    or dropped it: then the erratum is stale and should go)."""
    with warehouse.read(context.run.run_id) as con:
        stale = con.execute(
            load_sql(__file__, "upstream_errata__each_names_a_snapshot_row")
        ).fetchall()
        total = con.execute("SELECT count(*) FROM upstream_errata").fetchone()[0]
    return dg.AssetCheckResult(
        passed=not stale,
        severity=dg.AssetCheckSeverity.WARN,
        metadata={"errata": total, "stale": ", ".join(r[0] for r in stale) or "none"},
    )


@step_check("coverage", blocking=False)
def coverage__targets_met(
    context: dg.AssetCheckExecutionContext, warehouse: Warehouse
) -> dg.AssetCheckResult:
    """The data-set targets: >= 900 models, >= 450 with params+tokens+compute, >= 250 with MMLU
    5-shot, >= 150 with price and context window; at most 0 rankable models with an unresolved
    suspicious value."""
    with warehouse.read(context.run.run_id) as con:
        rows = con.execute(load_sql(__file__, "coverage__targets_met")).fetchall()
    short = [f"{f}: {n} < {t}" for f, n, t in rows if n < t and f not in CEILINGS]
    short += [f"{f}: {n} > {t}" for f, n, t in rows if n > t and f in CEILINGS]
    return dg.AssetCheckResult(
        passed=not short and bool(rows),
        severity=dg.AssetCheckSeverity.WARN,
        metadata={
            **{f"{f}": f"{n} / {t}" for f, n, t in rows},
            "short": ", ".join(short) or "none",
        },
    )


@step_check("claims", blocking=True, additional_deps=["models"])
def claims__every_resolved_value_is_a_claim(
    context: dg.AssetCheckExecutionContext, warehouse: Warehouse
) -> dg.AssetCheckResult:
    """Each value in `sources` for a claim field is one of that model's claims (same value and
    citation): nothing in `models` comes from nowhere."""
    with warehouse.read(context.run.run_id) as con:
        orphans = con.execute(
            load_sql(__file__, "claims__every_resolved_value_is_a_claim")
        ).fetchall()[0][0]
    return dg.AssetCheckResult(passed=orphans == 0, metadata={"orphan_values": orphans})


@step_check("conflicts", blocking=False)
def conflicts__beyond_tolerance_only(
    context: dg.AssetCheckExecutionContext, warehouse: Warehouse
) -> dg.AssetCheckResult:
    """Every conflict disagrees by more than zero and names a chosen value present in `models`."""
    with warehouse.read(context.run.run_id) as con:
        bad, n = con.execute(load_sql(__file__, "conflicts__beyond_tolerance_only")).fetchall()[0]
    return dg.AssetCheckResult(passed=bad == 0, metadata={"conflicts": n, "bad": bad})


@step_check("benchmark_scores", blocking=True, additional_deps=["models"])
def benchmark_scores__mmlu_matches_models(
    context: dg.AssetCheckExecutionContext, warehouse: Warehouse
) -> dg.AssetCheckResult:
    """Every `models.mmlu` appears as that model's 5-shot MMLU row, with a citation."""
    with warehouse.read(context.run.run_id) as con:
        missing = con.execute(
            load_sql(__file__, "benchmark_scores__mmlu_matches_models")
        ).fetchall()[0][0]
    return dg.AssetCheckResult(passed=missing == 0, metadata={"missing": missing})


@step_check("capability_index", blocking=True, additional_deps=["models"])
def capability_index__every_release_known(
    context: dg.AssetCheckExecutionContext, warehouse: Warehouse
) -> dg.AssetCheckResult:
    """Every ECI row belongs to a release in `models`, once, and its interval holds the index."""
    with warehouse.read(context.run.run_id) as con:
        orphans, duplicates, outside = con.execute(
            load_sql(__file__, "capability_index__every_release_known")
        ).fetchall()[0]
    return dg.AssetCheckResult(
        passed=orphans == 0 and duplicates == 0 and outside == 0,
        metadata={"orphans": orphans, "duplicates": duplicates, "outside_interval": outside},
    )


@step_check("benchmark_scores", blocking=True, additional_deps=["models"])
def benchmark_scores__every_score_placed(
    context: dg.AssetCheckExecutionContext, warehouse: Warehouse
) -> dg.AssetCheckResult:
    """Every score belongs to a release in `models` and says who measured it."""
    with warehouse.read(context.run.run_id) as con:
        orphans, unattributed = con.execute(
            load_sql(__file__, "benchmark_scores__every_score_placed")
        ).fetchall()[0]
    return dg.AssetCheckResult(
        passed=orphans == 0 and unattributed == 0,
        metadata={"orphans": orphans, "unattributed": unattributed},
    )


@dg.asset_check(  # its own step: it reads the rankings, downstream of `suspicious_values`
    asset="suspicious_values",
    # Not blocking: it reads the rankings, which are downstream of `suspicious_values`.
    blocking=False,
    additional_deps=["compute_optimal", "frontier_smallest_model"],
)
def suspicious_values__none_unresolved_in_rankings(
    context: dg.AssetCheckExecutionContext, warehouse: Warehouse
) -> dg.AssetCheckResult:
    """No unresolved or erratum (model, field) value is used by a ranking: `compute_optimal`
    has no such params, tokens or compute, and no `frontier_smallest_model` record rests on
    such a parameter count or MMLU score."""
    excluded = tuple(pz.EXCLUDED_STATUSES)
    with warehouse.read(context.run.run_id) as con:
        leaks = con.execute(
            load_sql(__file__, "suspicious_values__none_unresolved_in_rankings"),
            list(excluded),
        ).fetchall()
        counts = dict(
            con.execute("SELECT status, count(*) FROM suspicious_values GROUP BY 1").fetchall()
        )
    return dg.AssetCheckResult(
        passed=not leaks,
        metadata={
            "leaks": len(leaks),
            "examples": ", ".join(r[0] for r in leaks[:20]) or "none",
            **{f"status/{s}": counts.get(s, 0) for s in pz.STATUSES},
        },
    )


@step_check("upstream_revisions", blocking=True, additional_deps=["sources"])
def upstream_revisions__older_snapshot_never_resolves(
    context: dg.AssetCheckExecutionContext, warehouse: Warehouse
) -> dg.AssetCheckResult:
    """A value an upstream revised never resolves to the figure it replaced when the newer
    figure ranks as high (a newer figure Epoch converted from words, `estimate` at derived
    precedence, does not displace an older reported one)."""
    with warehouse.read(context.run.run_id) as con:
        stale = con.execute(
            load_sql(__file__, "upstream_revisions__older_snapshot_never_resolves")
        ).fetchall()
        total = con.execute("SELECT count(*) FROM upstream_revisions").fetchone()[0]
    return dg.AssetCheckResult(
        passed=not stale,
        metadata={"revisions": total, "stale": ", ".join(r[0] for r in stale[:50]) or "none"},
    )
