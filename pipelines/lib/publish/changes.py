"""What a build is made of, and what changed since the last published build."""

from __future__ import annotations

import datetime as dt
import subprocess
from pathlib import Path

import polars as pl

from pipelines.lib.ingest import rawtree
from pipelines.lib.settings import REPO_ROOT
from pipelines.lib.tables import ModelsSchema, columns_of, dtypes_of
from pipelines.lib.tables.publish import ChangelogSchema

# The `models` values a reader would notice changing (identity and bookkeeping columns aside).
TRACKED_COLUMNS = tuple(
    c
    for c in columns_of(ModelsSchema)
    if c not in ("model_id", "price_as_of_date", "base_model_id", "source_file")
)
CHANGELOG_DTYPES = dtypes_of(ChangelogSchema)  # the published `changelog` columns


def git_commit(root: Path = REPO_ROOT) -> str:
    try:
        out = subprocess.run(
            ["git", "rev-parse", "HEAD"],
            cwd=root,
            capture_output=True,
            text=True,
            timeout=10,
            check=False,
        )
    except (OSError, subprocess.SubprocessError):
        return "unknown"
    commit = out.stdout.strip()
    if out.returncode != 0 or not commit:
        return "unknown"
    dirty = subprocess.run(
        ["git", "status", "--porcelain", "--untracked-files=no"],
        cwd=root,
        capture_output=True,
        text=True,
        timeout=10,
        check=False,
    ).stdout.strip()
    return commit + ("-dirty" if dirty else "")


def input_files(raw: Path) -> pl.DataFrame:
    """Every input file under the raw folder with its sha256 and size: the regular files
    `rawtree.scan` finds (no link followed, no special file opened, each read within its cap).
    What it cannot read is in `rejects`, not here."""
    rows = []
    for entry in rawtree.scan(raw):
        if isinstance(entry, rawtree.RawFile):
            try:
                digest, size = entry.sha256()
            except rawtree.RawFileError:
                continue  # changed since the scan; `build_manifest__every_input_hashed` fails
            rows.append((entry.name, digest, size))
    return pl.DataFrame(
        rows, schema={"name": pl.String, "sha256": pl.String, "bytes": pl.Int64}, orient="row"
    )


def build_manifest(
    raw: Path, table_rows: dict[str, int], built_at: dt.datetime, commit: str, run_id: str
) -> pl.DataFrame:
    """One row per input file (kind `input`) and per table (kind `table`) of this build."""
    inputs = input_files(raw).with_columns(
        pl.lit("input").alias("kind"), pl.lit(None, dtype=pl.Int64).alias("rows")
    )
    tables = pl.DataFrame(
        {"name": list(table_rows), "rows": list(table_rows.values())},
        schema={"name": pl.String, "rows": pl.Int64},
    ).with_columns(
        pl.lit("table").alias("kind"),
        pl.lit(None, dtype=pl.String).alias("sha256"),
        pl.lit(None, dtype=pl.Int64).alias("bytes"),
    )
    both = pl.concat(
        [
            inputs.select("kind", "name", "sha256", "bytes", "rows"),
            tables.select("kind", "name", "sha256", "bytes", "rows"),
        ]
    )
    return both.with_columns(
        pl.lit(built_at).alias("built_at"),
        pl.lit(commit).alias("git_commit"),
        pl.lit(run_id).alias("run_id"),
    ).select("built_at", "git_commit", "run_id", "kind", "name", "sha256", "bytes", "rows")


def _text(expr: pl.Expr) -> pl.Expr:
    return expr.cast(pl.String)


def diff_models(old: pl.DataFrame | None, new: pl.DataFrame, sources: pl.DataFrame) -> pl.DataFrame:
    """Models added or removed, and values changed (field, old, new, source of the new value).
    With no previous build (`old` is None) every model is added."""
    if old is None:
        old = new.clear()
    columns = [c for c in TRACKED_COLUMNS if c in old.columns and c in new.columns]
    added = new.join(old.select("model_id"), on="model_id", how="anti").select(
        pl.lit("added").alias("change"), "model_id", "name"
    )
    removed = old.join(new.select("model_id"), on="model_id", how="anti").select(
        pl.lit("removed").alias("change"), "model_id", "name"
    )

    def long(frame: pl.DataFrame, tag: str) -> pl.DataFrame:
        return frame.select("model_id", *[_text(pl.col(c)).alias(c) for c in columns]).unpivot(
            index="model_id", variable_name="field", value_name=tag
        )

    both = long(old, "old_value").join(long(new, "new_value"), on=["model_id", "field"])
    changed = (
        both.filter(pl.col("old_value").ne_missing(pl.col("new_value")))
        .join(new.select("model_id", "name"), on="model_id")
        .join(
            sources.select("model_id", "field", pl.col("citation").alias("source")),
            on=["model_id", "field"],
            how="left",
        )
        .with_columns(pl.lit("changed").alias("change"))
    )
    out = pl.concat(
        [
            added.with_columns(
                *[
                    pl.lit(None, dtype=pl.String).alias(c)
                    for c in ("field", "old_value", "new_value", "source")
                ]
            ),
            removed.with_columns(
                *[
                    pl.lit(None, dtype=pl.String).alias(c)
                    for c in ("field", "old_value", "new_value", "source")
                ]
            ),
            changed,
        ],
        how="diagonal",
    )
    return out.select([pl.col(c).cast(t) for c, t in CHANGELOG_DTYPES.items()]).sort(
        "change", "model_id", "field"
    )


def changelog_markdown(
    changes: pl.DataFrame,
    built_at: dt.datetime,
    commit: str,
    limit: int = 500,
    revisions: pl.DataFrame | None = None,
) -> str:
    """CHANGELOG.md: what this build changed against the published one, then what the
    upstreams revised between their dated snapshots (`upstream_revisions`)."""
    counts = {
        k: changes.filter(pl.col("change") == k).height for k in ("added", "removed", "changed")
    }
    lines = [
        f"# Warehouse changelog — build {built_at:%Y-%m-%d %H:%M UTC} ({commit[:12]})",
        "",
        f"{counts['added']} models added, {counts['removed']} removed, "
        f"{counts['changed']} values changed, against the previously published build.",
        "",
    ]
    if changes.height:
        lines += ["| change | model | field | old | new | source |", "|---|---|---|---|---|---|"]
        for r in changes.head(limit).iter_rows(named=True):
            cells = [
                r["change"],
                f"{r['name'] or ''} (`{r['model_id']}`)",
                r["field"] or "",
                r["old_value"] or "",
                r["new_value"] or "",
                r["source"] or "",
            ]
            lines.append("| " + " | ".join(str(c).replace("|", "\\|") for c in cells) + " |")
        if changes.height > limit:
            lines.append(f"\n…and {changes.height - limit} more rows in the `changelog` table.")
    if revisions is not None and revisions.height:
        by_field = revisions.group_by("field").len().sort("field")
        lines += [
            "",
            "## What the upstreams revised between their snapshots",
            "",
            f"{revisions.height} values changed between dated snapshots of one source ("
            + ", ".join(f"{f} {n}" for f, n in by_field.iter_rows())
            + "); the newest is used, both stay in `claims`. The largest changes:",
            "",
            "| model | field | before | after | change | snapshots |",
            "|---|---|---|---|---|---|",
        ]
        top = revisions.sort(pl.col("relative_change").abs(), descending=True).head(limit // 10)
        for r in top.iter_rows(named=True):
            cells = [
                f"`{r['model_id']}`",
                r["field"],
                f"{r['value_before']:.4g}",
                f"{r['value_after']:.4g}",
                f"{r['relative_change']:+.1%}",
                f"{r['source_before']} ({r['as_of_before']}) → {r['source_after']} "
                f"({r['as_of_after']})",
            ]
            lines.append("| " + " | ".join(str(c).replace("|", "\\|") for c in cells) + " |")
    return "\n".join(lines) + "\n"
