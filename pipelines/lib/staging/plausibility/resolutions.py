"""Reviews of flagged values (`data/raw/suspicious_resolutions.yaml`): loading them, each
flag's status, and reviews no flag needs any more."""

from __future__ import annotations

from pathlib import Path

import polars as pl
import yaml

from pipelines.lib.ingest.aliases import AliasError, read_reference_yaml
from pipelines.lib.ingest.safe_yaml import FAST_LOADER, collector_paused
from pipelines.lib.staging.plausibility.notes import RULES
from pipelines.lib.staging.plausibility.rules import (
    COLUMNS,
    RESOLUTION_COLUMNS,
    RESOLUTIONS,
    TABLE_COLUMNS,
)


def _entry_lines(path: Path) -> list[dict[str, int]]:
    """Per entry of a top-level YAML list: its line and each key's line (1-based)."""
    # Already parsed safely (read_reference_yaml: no aliases, bounded): libyaml for speed.
    node = yaml.compose(path.read_text(encoding="utf-8"), Loader=FAST_LOADER)
    if not isinstance(node, yaml.SequenceNode):
        return []
    out = []
    for item in node.value:
        lines = {"": item.start_mark.line + 1}
        if isinstance(item, yaml.MappingNode):
            for k, _ in item.value:
                lines[str(k.value)] = k.start_mark.line + 1
        out.append(lines)
    return out


@collector_paused()  # a large list: docs/benchmarks.md, issue 15's seventh pass
def load_resolutions(path: Path) -> pl.DataFrame:
    """`data/raw/suspicious_resolutions.yaml`: a list of {model_id, field, rule, resolution,
    reason}. Raises AliasError (`file:line: field: reason`) on a malformed file: unknown or
    missing keys, an unknown rule or resolution, an empty reason, a duplicate entry."""
    if not path.exists():
        return pl.DataFrame(schema=RESOLUTION_COLUMNS)
    entries, _ = read_reference_yaml(path, top=list)
    lines = _entry_lines(path) if entries else []
    keys = set(RESOLUTION_COLUMNS)
    rows: list[tuple[str, ...]] = []
    seen: dict[tuple[str, str, str], int] = {}
    for i, entry in enumerate(entries):
        at = lines[i] if i < len(lines) else {"": 0}

        def where(key: str = "", at=at) -> str:
            line = at.get(key) or at.get("")
            return f"{path}:{line}: {key or '(entry)'}"

        if not isinstance(entry, dict):
            raise AliasError(f"{where()}: expected a mapping of {', '.join(RESOLUTION_COLUMNS)}")
        unknown = sorted(set(map(str, entry)) - keys)
        if unknown:
            raise AliasError(f"{where(unknown[0])}: unknown key (expected {', '.join(keys)})")
        missing = [k for k in RESOLUTION_COLUMNS if k not in entry]
        if missing:
            raise AliasError(f"{where()}: missing {', '.join(missing)}")
        for k in RESOLUTION_COLUMNS:
            if not isinstance(entry[k], str) or not entry[k].strip():
                raise AliasError(f"{where(k)}: expected non-empty text")
        if entry["rule"] not in RULES:
            raise AliasError(f"{where('rule')}: {entry['rule']!r} is not one of {', '.join(RULES)}")
        if entry["resolution"] not in RESOLUTIONS:
            raise AliasError(
                f"{where('resolution')}: {entry['resolution']!r} is not erratum or acknowledged"
            )
        ident = (entry["model_id"].strip(), entry["field"].strip(), entry["rule"])
        if ident in seen:
            raise AliasError(
                f"{where('model_id')}: duplicate of the entry on line {seen[ident]} "
                "(same model_id, field and rule)"
            )
        seen[ident] = at.get("")
        rows.append((*ident, entry["resolution"], " ".join(entry["reason"].split())))
    return pl.DataFrame(rows, schema=RESOLUTION_COLUMNS, orient="row")


def with_status(flags: pl.DataFrame, resolutions: pl.DataFrame) -> pl.DataFrame:
    """The `suspicious_values` table: each flag with its resolution (status `unresolved` when
    none names it) and the reviewer's reason."""
    return (
        flags.join(resolutions, on=["model_id", "field", "rule"], how="left")
        .select(
            *COLUMNS,
            pl.col("resolution").fill_null("unresolved").alias("status"),
            "reason",
        )
        .select([pl.col(c).cast(t) for c, t in TABLE_COLUMNS.items()])
        .sort("model_id", "field", "rule")
    )


def stale_resolutions(flags: pl.DataFrame, resolutions: pl.DataFrame) -> pl.DataFrame:
    """Resolutions no current flag matches (the value was fixed, or the rule changed)."""
    return resolutions.join(flags, on=["model_id", "field", "rule"], how="anti")
