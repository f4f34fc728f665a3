"""Jobs and the daily schedule. `warehouse_build` is what `make build` runs (no network);
`warehouse_daily` refreshes the upstream snapshots first, then rebuilds and publishes."""

import dagster as dg

from pipelines.defs.cleanup import discard_failed_build
from pipelines.defs.console import CONSOLE

BUILD = dg.AssetSelection.all() - dg.AssetSelection.groups("refresh")

warehouse_build = dg.define_asset_job(
    "warehouse_build",
    selection=BUILD,
    description="Ingest, resolve, trends, publish: the whole warehouse from data/raw, offline.",
    hooks={discard_failed_build},
    config=CONSOLE,
)

warehouse_refresh = dg.define_asset_job(
    "warehouse_refresh",
    selection=dg.AssetSelection.all(),
    description="Refresh every upstream snapshot (keeping the last good one on any failure), "
    "then rebuild and publish.",
    hooks={discard_failed_build},
    config=CONSOLE,
)

warehouse_daily = dg.ScheduleDefinition(
    name="warehouse_daily",
    cron_schedule="0 5 * * *",
    job=warehouse_refresh,
    execution_timezone="UTC",
    default_status=dg.DefaultScheduleStatus.STOPPED,
    description="Daily at 05:00 UTC: refresh upstreams, rebuild, publish.",
)
