"""The one shape most trend checks share: `sql/<asset>__<what>.sql` counts the rows of `asset`
that break a property (first column) and, optionally, the rows it looked at (second column);
the check passes when no row breaks it and, given a total, when there was a row to look at.

`count_check` makes such a check either inside its asset's step (`@step_check`, the default) or
as a separate Dagster asset check (`in_step=False`, for assets that do not evaluate step checks).
The check's name is `<asset>__<what>`; its description, blocking flag and metadata keys are the
caller's (they are public in the Dagster UI).
"""

import dagster as dg

from pipelines.defs.resources import Warehouse
from pipelines.defs.step_checks import step_check
from pipelines.lib.sql import load_sql


def count_check(
    asset: str,
    what: str,
    *,
    blocking: bool,
    description: str | None = None,
    bad_key: str = "violations",
    total_key: str | None = None,
    in_step: bool = True,
):
    """A check named `<asset>__<what>` running `sql/<asset>__<what>.sql`: metadata
    `{total_key: total, bad_key: bad}` (only `bad_key` without a total); passes when bad == 0
    (and total > 0 when `total_key` is given)."""
    name = f"{asset}__{what}"

    def result(con) -> dg.AssetCheckResult:
        row = con.execute(load_sql(__file__, name)).fetchall()[0]
        bad = row[0]
        if total_key is None:
            return dg.AssetCheckResult(passed=bad == 0, metadata={bad_key: bad})
        total = row[1]
        return dg.AssetCheckResult(
            passed=total > 0 and bad == 0, metadata={total_key: total, bad_key: bad}
        )

    if in_step:

        def in_step_check(
            context: dg.AssetCheckExecutionContext, warehouse: Warehouse
        ) -> dg.AssetCheckResult:
            with warehouse.read(context.run.run_id) as con:
                return result(con)

        in_step_check.__doc__ = description
        return step_check(asset, blocking=blocking, name=name)(in_step_check)

    @dg.asset_check(asset=asset, name=name, blocking=blocking, description=description)
    def check(context: dg.AssetCheckExecutionContext, warehouse: Warehouse):
        with warehouse.connect(context.run.run_id) as con:
            return result(con)

    return check
