"""Checks on the ingest tables. `rejects__empty` only warns (visibly failing in the UI) so one bad
pull request never blocks everyone else's data; a snapshot that no longer matches its MANIFEST
is flagged the same way."""

import dagster as dg

from pipelines.defs.resources import RawData, Warehouse
from pipelines.defs.step_checks import step_check
from pipelines.lib.ingest.dataset import raw_inputs
from pipelines.lib.sql import load_sql
from pipelines.lib.staging.resolution import UPSTREAM_FILES
from pipelines.lib.upstream.manifest import verify


@step_check("raw_model_records", blocking=True, additional_deps=["rejects"])
def raw_model_records__records_accounted_for(
    context: dg.AssetCheckExecutionContext, raw: RawData, warehouse: Warehouse
):
    """Every record file on disk, and every raw entry that cannot be read, is either an accepted
    record or a file in `rejects`."""
    files_in = len(raw_inputs(raw.root))
    with warehouse.read(context.run.run_id) as con:
        accepted = con.execute("SELECT count(*) FROM raw_model_records").fetchone()[0]
        rejected = con.execute("SELECT count(DISTINCT source_file) FROM rejects").fetchone()[0]
        overlap = con.execute(
            load_sql(__file__, "raw_model_records__records_accounted_for")
        ).fetchone()[0]
    return dg.AssetCheckResult(
        passed=files_in == accepted + rejected and overlap == 0,
        metadata={
            "files_in": files_in,
            "accepted": accepted,
            "rejected": rejected,
            "accepted_and_rejected": overlap,
        },
    )


@step_check("rejects", blocking=False)
def rejects__empty(
    context: dg.AssetCheckExecutionContext, warehouse: Warehouse
) -> dg.AssetCheckResult:
    """Fails (without blocking the build) while any record file is rejected."""
    with warehouse.read(context.run.run_id) as con:
        n = con.execute("SELECT count(*) FROM rejects").fetchone()[0]
        first = con.execute(load_sql(__file__, "rejects__empty")).fetchall()
    return dg.AssetCheckResult(
        passed=n == 0,
        severity=dg.AssetCheckSeverity.ERROR,
        description=None if n == 0 else f"{n} problems keep record files out of `models`",
        metadata={
            "problems": n,
            "first": dg.MetadataValue.md("\n".join(f"- {r[0]}" for r in first)),
        },
    )


def _manifest_check(name: str, relative: str):
    folder, filename = relative.split("/", 1)

    @step_check(name, name=f"{name}__matches_manifest", blocking=False)
    def _check(raw: RawData) -> dg.AssetCheckResult:
        """The snapshot's files match the sha256 and row counts in its MANIFEST.yaml."""
        problems = verify(raw.root / "upstream" / folder, only=filename)
        return dg.AssetCheckResult(
            passed=not problems,
            severity=dg.AssetCheckSeverity.WARN,
            metadata={
                "problems": dg.MetadataValue.md("\n".join(f"- {p}" for p in problems) or "none")
            },
        )

    return _check


manifest_checks = [_manifest_check(name, rel) for name, (rel, _) in UPSTREAM_FILES.items()]
