"""Repeated rows in a pinned upstream file: reported by a visible (non-blocking) check per file,
all evaluated in one step. The raw table keeps the file as published; staging resolves each
distinct row once, so a repeat never becomes a second claim or conflict
(`pipelines/lib/upstream/duplicates.py`)."""

import dagster as dg

from pipelines.defs.resources import Warehouse
from pipelines.lib.publish.warehouse import read_table
from pipelines.lib.staging.resolution import UPSTREAM_FILES
from pipelines.lib.upstream.duplicates import UPSTREAM_KEYS, duplicate_problems


@dg.multi_asset_check(
    specs=[
        dg.AssetCheckSpec(
            f"{name}__no_repeated_rows",
            asset=name,
            blocking=False,
            description="No row repeats another word for word, and no key that is one row per "
            "model in the pinned file (UPSTREAM_KEYS) is on two rows. Fails visibly without "
            "blocking: repeats are counted once downstream.",
        )
        for name in UPSTREAM_FILES
    ],
    can_subset=True,
)
def upstream_repeats(context: dg.AssetCheckExecutionContext, warehouse: Warehouse):
    selected = {key.asset_key.to_user_string() for key in context.selected_asset_check_keys}
    with warehouse.read(context.run.run_id) as con:
        for name in [n for n in UPSTREAM_FILES if n in selected]:
            problems = duplicate_problems(read_table(con, name), UPSTREAM_KEYS.get(name, ()))
            yield dg.AssetCheckResult(
                asset_key=name,
                check_name=f"{name}__no_repeated_rows",
                passed=not problems,
                severity=dg.AssetCheckSeverity.WARN,
                metadata={
                    "problems": dg.MetadataValue.md("\n".join(f"- {p}" for p in problems) or "none")
                },
            )
