"""On the first failed step of a run, remove what the run wrote beside the warehouse (its build
file, WAL, partial copy), so a full disk stays no fuller than before the build; the run's later
steps then refuse to start a new copy (`pipelines/lib/publish/buildfiles.py`)."""

import dagster as dg

from pipelines.lib.publish.buildfiles import discard_build
from pipelines.lib.settings import redact


@dg.failure_hook(required_resource_keys={"warehouse"})
def discard_failed_build(context: dg.HookContext) -> None:
    build = context.resources.warehouse.build(context.run_id)
    removed = discard_build(build)
    context.log.warning(
        f"step {context.step_key} failed: removed this run's build files "
        f"({redact(', '.join(p.name for p in removed)) or 'none left'}); nothing is published"
    )
