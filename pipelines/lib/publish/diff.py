"""The data diff between two built warehouses, as the markdown a pull request's comment shows.

`compare(base, head)` reads the published tables of two DuckDB files and says what a reader
would see change: models added and removed, values changed (old → new, with the new value's
source), frontier and cost records that change, conflicts and suspicious values that appear or
go, coverage counts, new rejects and row counts. `make diff BASE=<ref>` (`pipelines/cli/diff.py`)
builds the two files and calls this; so does the pull-request workflow.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

import duckdb
import polars as pl

from pipelines.lib.publish.changes import diff_models
from pipelines.lib.tables import TABLES

MARKER = "<!-- scaling-atlas-data-diff -->"  # the comment the bot updates carries this line
LIMIT = 60  # rows shown per section; the counts above each table are always complete


@dataclass
class Warehouse:
    """The tables of one built file that the diff reads (absent tables are empty frames)."""

    path: Path
    tables: dict[str, pl.DataFrame] = field(default_factory=dict)
    rows: dict[str, int] = field(default_factory=dict)
    commit: str = "unknown"


READ = (
    "models",
    "sources",
    "conflicts",
    "suspicious_values",
    "coverage",
    "rejects",
    "frontier_smallest_model",
    "cost_frontier",
    "frontier_trend",
    "build_manifest",
)


def load(path: Path) -> Warehouse:
    if not Path(path).is_file():
        raise FileNotFoundError(f"{path}: no warehouse file (build it first)")
    out = Warehouse(Path(path))
    con = duckdb.connect(str(path), read_only=True)
    try:
        have = {
            r[0] for r in con.execute("SELECT table_name FROM information_schema.tables").fetchall()
        }
        for t in list(TABLES):
            if t.name in have:
                out.rows[t.name] = con.execute(f'SELECT count(*) FROM "{t.name}"').fetchall()[0][0]
        for name in READ:
            if name in have:
                out.tables[name] = con.sql(f'SELECT * FROM "{name}"').pl()
    finally:
        con.close()
    manifest = out.tables.get("build_manifest")
    if manifest is not None and manifest.height:
        out.commit = str(manifest["git_commit"][0])
    return out


def _cell(value: object) -> str:
    if value is None:
        return "—"
    if isinstance(value, float):
        return f"{value:.6g}"
    return str(value).replace("|", "\\|").replace("\n", " ")


def _table(header: list[str], rows: Iterable[list[object]], total: int) -> list[str]:
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    shown = 0
    for row in rows:
        if shown == LIMIT:
            break
        lines.append("| " + " | ".join(_cell(c) for c in row) + " |")
        shown += 1
    if total > shown:
        lines.append(f"\n…and {total - shown} more.")
    return lines + [""]


def _new_rows(base: pl.DataFrame | None, head: pl.DataFrame | None, key: list[str]) -> pl.DataFrame:
    """Rows of `head` whose key is not in `base` (both may be missing: older builds)."""
    if head is None:
        return pl.DataFrame()
    if base is None or not set(key) <= set(base.columns):
        return head
    return head.join(base.select(key).unique(), on=key, how="anti", nulls_equal=True)


def _n(count: int, noun: str) -> str:
    return f"{count} {noun}" + ("" if count == 1 else "s")


def _params(value: float | None) -> str:
    if value is None:
        return "?"
    return f"{value / 1e9:.3g}B"


def record_changes(base: Warehouse, head: Warehouse) -> list[str]:
    """One line per frontier or cost record that appears, goes or changes holder, e.g.
    `60 % MMLU record since 2024-09 (total parameters): Qwen2.5-1.5B (1.54B, 60.9) → …`."""
    specs = [
        (
            "frontier_smallest_model",
            ["benchmark", "threshold", "basis", "release_date"],
            lambda r: f"{r['name']} ({_params(r['params'])}, {r['score']:g})",
            lambda k: f"{k[1]:g} % {k[0].upper()} record since {k[3]:%Y-%m} ({k[2]} parameters)",
        ),
        (
            "cost_frontier",
            ["benchmark", "threshold", "release_date"],
            lambda r: f"{r['name']} (${r['price_usd_per_1m_blended']:.3g} per 1M, {r['score']:g})",
            lambda k: f"{k[1]:g} % {k[0].upper()} cheapest since {k[2]:%Y-%m}",
        ),
    ]
    lines = []
    for table, key, describe, label in specs:
        old, new = base.tables.get(table), head.tables.get(table)
        if old is None or new is None:
            continue
        columns = [c for c in new.columns if c in old.columns]
        gone = old.select(columns).join(
            new.select(columns), on=columns, how="anti", nulls_equal=True
        )
        came = new.select(columns).join(
            old.select(columns), on=columns, how="anti", nulls_equal=True
        )
        before: dict[tuple, list[str]] = {}
        after: dict[tuple, list[str]] = {}
        for frame, into in ((gone, before), (came, after)):
            for r in frame.sort(key).iter_rows(named=True):
                into.setdefault(tuple(r[k] for k in key), []).append(describe(r))
        for k in sorted(set(before) | set(after)):
            was = " / ".join(before.get(k, [])) or "no record"
            now = " / ".join(after.get(k, [])) or "no record"
            lines.append(f"{label(k)}: {was} → {now}")
    return lines


def _months(value: float | None) -> str:
    return "not fitted" if value is None else f"{value:.1f} months"


def trend_changes(base: Warehouse, head: Warehouse) -> list[str]:
    """One line per frontier trend whose halving time (to 0.1 month), point count or forecast
    date changes, e.g. `60 % MMLU frontier (total parameters): halving time 5.2 → 5.0 months
    (10 → 11 record-holders); 1B forecast 2025-04-11 → 2025-03-02`."""
    old, new = base.tables.get("frontier_trend"), head.tables.get("frontier_trend")
    if old is None or new is None:
        return []
    key = ["benchmark", "threshold", "basis", "target_params"]
    pick = [*key, "halving_time_months", "n_points", "forecast_date"]
    both = old.select(pick).join(
        new.select(pick), on=key, how="full", suffix="_head", coalesce=True
    )
    lines = []
    for r in both.sort(key).iter_rows(named=True):
        was, now = r["halving_time_months"], r["halving_time_months_head"]
        same_time = (was is None) == (now is None) and (
            was is None or round(was, 1) == round(now, 1)
        )
        if (
            same_time
            and r["n_points"] == r["n_points_head"]
            and r["forecast_date"] == r["forecast_date_head"]
        ):
            continue
        lines.append(
            f"{r['threshold']:g} % {r['benchmark'].upper()} frontier ({r['basis']} parameters): "
            f"halving time {_months(was)} → {_months(now)} ({r['n_points'] or 0} → "
            f"{r['n_points_head'] or 0} record-holders); {_params(r['target_params'])} forecast "
            f"{r['forecast_date'] or 'none'} → {r['forecast_date_head'] or 'none'}"
        )
    return lines


def _coverage(base: Warehouse, head: Warehouse) -> pl.DataFrame:
    old, new = base.tables.get("coverage"), head.tables.get("coverage")
    if old is None or new is None:
        return pl.DataFrame()
    pick = ["field", "models", "with_value"]
    return (
        old.filter(pl.col("year").is_null())
        .select(pick)
        .join(
            new.filter(pl.col("year").is_null()).select(pick),
            on="field",
            how="full",
            suffix="_head",
            coalesce=True,
        )
        .filter(pl.col("with_value").ne_missing(pl.col("with_value_head")))
        .sort("field")
    )


def compare(
    base_path: Path, head_path: Path, base_label: str = "base", head_label: str = "head"
) -> str:
    """The data-diff markdown between two built warehouse files."""
    base, head = load(base_path), load(head_path)
    empty_models = head.tables["models"].clear()
    changes = diff_models(
        base.tables.get("models", empty_models), head.tables["models"], head.tables["sources"]
    )
    added = changes.filter(pl.col("change") == "added")
    removed = changes.filter(pl.col("change") == "removed")
    changed = changes.filter(pl.col("change") == "changed")
    conflict_key = [
        "model_id",
        "field",
        "source_chosen",
        "source_other",
        "value_chosen",
        "value_other",
    ]
    new_conflicts = _new_rows(
        base.tables.get("conflicts"), head.tables.get("conflicts"), conflict_key
    )
    gone_conflicts = _new_rows(
        head.tables.get("conflicts"), base.tables.get("conflicts"), conflict_key
    )
    suspicious_key = ["model_id", "field", "rule"]
    new_suspicious = _new_rows(
        base.tables.get("suspicious_values"), head.tables.get("suspicious_values"), suspicious_key
    )
    gone_suspicious = _new_rows(
        head.tables.get("suspicious_values"), base.tables.get("suspicious_values"), suspicious_key
    )
    reject_key = ["source_file", "field", "reason"]
    new_rejects = _new_rows(base.tables.get("rejects"), head.tables.get("rejects"), reject_key)
    gone_rejects = _new_rows(head.tables.get("rejects"), base.tables.get("rejects"), reject_key)
    records = record_changes(base, head)
    trends = trend_changes(base, head)
    coverage = _coverage(base, head)
    row_counts = [
        (t, base.rows.get(t), head.rows.get(t))
        for t in head.rows.keys() | base.rows.keys()
        if base.rows.get(t) != head.rows.get(t) and t not in ("build_manifest", "changelog")
    ]

    lines = [
        MARKER,
        f"## Data diff: `{base_label}` → `{head_label}`",
        "",
        f"Base build `{base.commit[:12]}`, head build `{head.commit[:12]}`. Regenerate with "
        f"`make diff BASE={base_label}`.",
        "",
        "**"
        + " · ".join(
            [
                f"{_n(added.height, 'model')} added, {removed.height} removed",
                f"{_n(changed.height, 'value')} changed",
                f"{_n(len(records), 'frontier or cost record')} changed",
                f"{_n(new_conflicts.height, 'new conflict')}",
                f"{_n(new_suspicious.height, 'new suspicious value')}",
                f"{_n(new_rejects.height, 'new reject')}",
            ]
        )
        + "**",
        "",
    ]
    if not (
        changes.height
        or records
        or trends
        or new_conflicts.height
        or gone_conflicts.height
        or new_suspicious.height
        or gone_suspicious.height
        or new_rejects.height
        or gone_rejects.height
        or coverage.height
        or row_counts
    ):
        return "\n".join([*lines, "No change to the published tables.", ""])
    models = head.tables["models"].select("model_id", "organization", "release_date", "source_file")
    if added.height:
        rows = added.join(models, on="model_id", how="left").sort("model_id")
        lines += [f"### Models added ({added.height})", ""]
        lines += _table(
            ["model", "organization", "release", "defined by"],
            (
                [
                    f"{r['name']} (`{r['model_id']}`)",
                    r["organization"],
                    r["release_date"],
                    f"`{r['source_file']}`",
                ]
                for r in rows.iter_rows(named=True)
            ),
            rows.height,
        )
    if removed.height:
        lines += [f"### Models removed ({removed.height})", ""]
        lines += _table(
            ["model"],
            ([f"{r['name']} (`{r['model_id']}`)"] for r in removed.iter_rows(named=True)),
            removed.height,
        )
    if changed.height:
        lines += [f"### Values changed ({changed.height})", ""]
        lines += _table(
            ["model", "field", "old → new", "source of the new value"],
            (
                [
                    f"{r['name']} (`{r['model_id']}`)",
                    r["field"],
                    f"{_cell(r['old_value'])} → {_cell(r['new_value'])}",
                    r["source"],
                ]
                for r in changed.iter_rows(named=True)
            ),
            changed.height,
        )
    if records:
        lines += [f"### Frontier and cost records ({len(records)})", ""]
        lines += [f"- {line}" for line in records[:LIMIT]]
        lines += ([f"\n…and {len(records) - LIMIT} more."] if len(records) > LIMIT else []) + [""]
    if trends:
        lines += [f"### Frontier trends ({len(trends)})", ""]
        lines += [f"- {line}" for line in trends] + [""]
    for title, frame in (("New conflicts", new_conflicts), ("Conflicts resolved", gone_conflicts)):
        if frame.height:
            lines += [f"### {title} ({frame.height})", ""]
            lines += _table(
                ["model", "field", "chosen (source)", "other (source)", "difference"],
                (
                    [
                        f"`{r['model_id']}`",
                        r["field"],
                        f"{_cell(r['value_chosen'])} ({r['source_chosen']})",
                        f"{_cell(r['value_other'])} ({r['source_other']})",
                        f"{_cell(r['difference'])} {r['difference_kind'] or ''}".strip(),
                    ]
                    for r in frame.sort("model_id", "field").iter_rows(named=True)
                ),
                frame.height,
            )
    for title, frame in (
        ("New suspicious values", new_suspicious),
        ("Suspicious values gone", gone_suspicious),
    ):
        if frame.height:
            lines += [f"### {title} ({frame.height})", ""]
            lines += _table(
                ["model", "field", "value", "rule", "status", "evidence"],
                (
                    [
                        f"`{r['model_id']}`",
                        r["field"],
                        r["value"],
                        r["rule"],
                        r["status"],
                        r["evidence"],
                    ]
                    for r in frame.sort("model_id", "field").iter_rows(named=True)
                ),
                frame.height,
            )
    if coverage.height:
        lines += ["### Coverage (all years)", ""]
        lines += _table(
            ["field", "models with a value", "models in scope"],
            (
                [
                    r["field"],
                    f"{_cell(r['with_value'])} → {_cell(r['with_value_head'])}",
                    f"{_cell(r['models'])} → {_cell(r['models_head'])}",
                ]
                for r in coverage.iter_rows(named=True)
            ),
            coverage.height,
        )
    for title, frame in (("New rejects", new_rejects), ("Rejects fixed", gone_rejects)):
        if frame.height:
            lines += [f"### {title} ({frame.height})", ""]
            lines += _table(
                ["file", "line", "field", "reason"],
                (
                    [f"`{r['source_file']}`", r["source_line"], r["field"], r["reason"]]
                    for r in frame.iter_rows(named=True)
                ),
                frame.height,
            )
    if row_counts:
        lines += ["### Rows per table", ""]
        lines += _table(
            ["table", "base", "head"],
            ([f"`{t}`", b, h] for t, b, h in sorted(row_counts)),
            len(row_counts),
        )
    return "\n".join(lines)
