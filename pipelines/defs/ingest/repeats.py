"""Repeated rows in a pinned upstream file: reported by a visible (non-blocking) check per file.
The raw table keeps the file as published; staging resolves each distinct row once, so a repeat
never becomes a second claim or conflict (`pipelines/lib/upstream/duplicates.py`)."""

import dagster as dg

from pipelines.defs.resources import Warehouse
from pipelines.lib.resolution import UPSTREAM_FILES
from pipelines.lib.upstream.duplicates import UPSTREAM_KEYS, duplicate_problems
from pipelines.lib.warehouse import read_table


def _repeats_check(name: str):
    @dg.asset_check(asset=name, name=f"{name}__no_repeated_rows", blocking=False)
    def _check(context: dg.AssetCheckExecutionContext, warehouse: Warehouse):
        """No row repeats another word for word, and no key that is one row per model in the
        pinned file (UPSTREAM_KEYS) is on two rows. Fails visibly without blocking: repeats are
        counted once downstream."""
        with warehouse.read(context.run.run_id) as con:
            frame = read_table(con, name)
        problems = duplicate_problems(frame, UPSTREAM_KEYS.get(name, ()))
        return dg.AssetCheckResult(
            passed=not problems,
            severity=dg.AssetCheckSeverity.WARN,
            metadata={
                "problems": dg.MetadataValue.md("\n".join(f"- {p}" for p in problems) or "none")
            },
        )

    return _check


repeats_checks = [_repeats_check(name) for name in UPSTREAM_FILES]
