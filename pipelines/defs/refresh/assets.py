"""Refresh: one asset per upstream file, replacing the committed snapshot only with a download
that passes its schema and drift checks and a trial of the build itself (one set of checks: the
build's; `pipelines/lib/upstream/trial.py`). Never part of `make build`; a failure keeps the last
good snapshot, records why, and fails a (non-blocking) check — never the build."""

import os

import dagster as dg

from pipelines.defs.resources import RawData
from pipelines.lib.staging.resolution import UPSTREAM_FILES, UPSTREAM_SENTINELS
from pipelines.lib.upstream.duplicates import UPSTREAM_KEYS
from pipelines.lib.upstream.refresh import RefreshResult, refresh_file


def _url(relative: str) -> str | None:
    """`ATLAS_REFRESH_BASE_URL` (tests, mirrors) replaces the MANIFEST origin host and path."""
    base = os.environ.get("ATLAS_REFRESH_BASE_URL")
    return f"{base.rstrip('/')}/{relative}" if base else None


def _refresh_asset(name: str, relative: str, reader) -> dg.AssetsDefinition:
    folder, filename = relative.split("/", 1)
    snapshot = "snapshot_" + name.removeprefix("raw_")

    @dg.asset(
        name=snapshot,
        group_name="refresh",
        kinds={"python"},
        description=f"`data/raw/upstream/{relative}`, refreshed from the origin URL in its "
        "MANIFEST.yaml when the download passes its schema, repeat and drift checks and a "
        "trial of the build itself.",
    )
    def _asset(raw: RawData) -> dg.MaterializeResult:
        if os.environ.get("ATLAS_OFFLINE") == "1":
            result = RefreshResult(filename, "failed", "offline (ATLAS_OFFLINE=1): kept snapshot")
        else:
            result = refresh_file(
                raw.root / "upstream" / folder,
                filename,
                reader,
                url=_url(relative),
                timeout=float(os.environ.get("ATLAS_REFRESH_TIMEOUT", "20")),
                sentinels=UPSTREAM_SENTINELS.get(name, ()),
                key=UPSTREAM_KEYS.get(name, ()),
            )
        return dg.MaterializeResult(
            metadata={
                "status": result.status,
                "reason": result.reason or "",
                "sha256": result.sha256 or "",
                "rows": result.rows or 0,
            }
        )

    @dg.asset_check(asset=snapshot, name=f"{snapshot}__refreshed", blocking=False)
    def _check(context: dg.AssetCheckExecutionContext) -> dg.AssetCheckResult:
        """Fails (without blocking anything) when the last refresh kept the old snapshot."""
        event = context.instance.get_latest_materialization_event(dg.AssetKey(snapshot))
        meta = event.asset_materialization.metadata if event and event.asset_materialization else {}
        status = meta["status"].value if "status" in meta else "never run"
        reason = meta["reason"].value if "reason" in meta else ""
        return dg.AssetCheckResult(
            passed=status in ("updated", "unchanged"),
            severity=dg.AssetCheckSeverity.WARN,
            metadata={"status": status, "reason": reason},
        )

    return [_asset, _check]


refresh_defs = [
    d for name, (rel, reader) in UPSTREAM_FILES.items() for d in _refresh_asset(name, rel, reader)
]
