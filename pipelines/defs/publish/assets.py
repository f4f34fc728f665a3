"""Publish: trace the build, diff it against what readers see now, then swap it in atomically."""

import datetime as dt
from pathlib import Path

import dagster as dg

from pipelines.dagster_meta import table_metadata
from pipelines.defs.resources import RawData, Warehouse
from pipelines.lib.publish.buildfiles import write_text_atomic
from pipelines.lib.publish.changes import build_manifest as manifest_of
from pipelines.lib.publish.changes import changelog_markdown, diff_models, git_commit
from pipelines.lib.publish.warehouse import read_table, write_table
from pipelines.lib.settings import RESULT_CACHE_DIR, redact
from pipelines.lib.sql import load_sql
from pipelines.lib.tables import BuildManifestSchema, ChangelogSchema, table, table_names

# Every public table (the registry, pipelines/lib/tables/); this layer writes its own last.
PUBLIC_TABLES = table_names()
DATA_TABLES = [t for t in PUBLIC_TABLES if t not in table_names("publish")]


@dg.asset(
    deps=["models", "sources"],
    group_name="publish",
    kinds={"polars", "duckdb"},
    description=table("changelog").description,
)
def changelog(context: dg.AssetExecutionContext, warehouse: Warehouse) -> dg.MaterializeResult:
    """Differences between this build's `models` and the currently published one: models added
    or removed, values changed (field, old, new, source of the new value)."""
    old = warehouse.published_models(context.log)
    with warehouse.connect(context.run.run_id) as con:
        frame = ChangelogSchema.validate(
            diff_models(old, read_table(con, "models"), read_table(con, "sources"))
        )
        write_table(con, "changelog", frame)
    metadata = table_metadata("changelog", frame)
    for kind in ("added", "removed", "changed"):
        metadata[kind] = dg.MetadataValue.int(frame.filter(frame["change"] == kind).height)
    return dg.MaterializeResult(metadata=metadata)


@dg.asset(
    deps=[*DATA_TABLES, "changelog"],
    group_name="publish",
    kinds={"polars", "duckdb"},
    description=table("build_manifest").description,
)
def build_manifest(
    context: dg.AssetExecutionContext, raw: RawData, warehouse: Warehouse
) -> dg.MaterializeResult:
    """When, from which commit and which exact inputs (sha256 of every file under data/raw)
    this build was made, with the row count of every table."""
    with warehouse.connect(context.run.run_id) as con:
        rows = {
            t: con.execute(f'SELECT count(*) FROM "{t}"').fetchall()[0][0]
            for t in [*DATA_TABLES, "changelog"]
        }
        frame = BuildManifestSchema.validate(
            manifest_of(
                raw.root,
                rows,
                dt.datetime.now(dt.UTC).replace(tzinfo=None),
                git_commit(),
                context.run.run_id,
            )
        )
        write_table(con, "build_manifest", frame)
    started = warehouse.origin(context.run.run_id)
    context.log.info(f"this build started from: {started}")
    metadata = table_metadata("build_manifest", frame)
    metadata["started_from"] = dg.MetadataValue.text(started or "unknown")
    return dg.MaterializeResult(metadata=metadata)


@dg.asset(deps=PUBLIC_TABLES, group_name="publish", kinds={"duckdb"})
def published_warehouse(
    context: dg.AssetExecutionContext, warehouse: Warehouse
) -> dg.MaterializeResult:
    """The published warehouse at `ATLAS_WAREHOUSE`, made visible only after every table is
    built and every blocking check passed: an atomic `os.replace` of the file (a one-transaction
    table swap for MotherDuck), so readers never see a half-built or locked warehouse. Also
    writes `CHANGELOG.md` beside it (this build's changes, then what the upstreams revised
    between their snapshots)."""
    with warehouse.read(context.run.run_id) as con:
        changes = read_table(con, "changelog")
        revisions = read_table(con, "upstream_revisions")
        built_at, commit = con.execute(
            "SELECT max(built_at), max(git_commit) FROM build_manifest"
        ).fetchall()[0]
    started = warehouse.origin(context.run.run_id)
    target = warehouse.publish(context.run.run_id)
    notes = warehouse.published.with_name("CHANGELOG.md")
    # a temporary name of this writer's own: two builds at once never clash (the later wins)
    write_text_atomic(notes, changelog_markdown(changes, built_at, commit, revisions=revisions))
    with warehouse.open_published() as con:
        counts = {
            t: con.execute(f'SELECT count(*) FROM "{t}"').fetchall()[0][0] for t in PUBLIC_TABLES
        }
    context.log.info(
        f"published {redact(target)}: {counts.get('models', 0):,} models; "
        f"{changes.height:,} changes since the last build, listed in {redact(str(notes))}"
    )
    metadata = published_metadata(target, notes, counts)
    metadata["started_from"] = redact(started or "unknown")
    return dg.MaterializeResult(metadata=metadata)


def published_metadata(target: str, changelog: Path, counts: dict[str, int]) -> dict:
    """Run metadata of `published_warehouse`: where it went (credentials redacted: a MotherDuck
    target may carry `motherduck_token=...`), the changelog file and each table's row count."""
    return {
        "target": redact(target),
        "changelog": redact(str(changelog)),
        **{f"rows/{t}": n for t, n in counts.items()},
    }


@dg.asset_check(asset=published_warehouse, blocking=True)
def published_warehouse__opens_read_only(
    context: dg.AssetCheckExecutionContext, warehouse: Warehouse
) -> dg.AssetCheckResult:
    """The published warehouse opens read-only and holds every public table."""
    with warehouse.open_published() as con:
        have = {
            r[0] for r in con.execute("SELECT table_name FROM information_schema.tables").fetchall()
        }
    missing = sorted(set(PUBLIC_TABLES) - have)
    return dg.AssetCheckResult(
        passed=not missing, metadata={"missing": ", ".join(missing) or "none"}
    )


@dg.asset(deps=[published_warehouse], group_name="publish", kinds={"altair"})
def headline_report(warehouse: Warehouse) -> dg.MaterializeResult:
    """The headline charts (60 % MMLU frontier, training compute over time, tokens per
    parameter) as PNGs and one self-contained offline HTML page in `report/` beside the
    published warehouse, for people who don't run the dashboard."""
    from pipelines.lib.publish.report import write_report

    with warehouse.open_published() as con:
        models = read_table(con, "models")
        frontier = read_table(con, "frontier_smallest_model")
        optimal = read_table(con, "compute_optimal")
        built_at, commit = con.execute(
            "SELECT max(built_at), max(git_commit) FROM build_manifest"
        ).fetchall()[0]
    folder = warehouse.published.with_name("report")
    files = write_report(
        folder,
        models,
        frontier,
        optimal,
        str(built_at),
        commit,
        cache_dir=RESULT_CACHE_DIR,
    )
    return dg.MaterializeResult(
        metadata={
            "folder": str(folder),
            "files": ", ".join(p.name for p in files),
            "html_bytes": (folder / "index.html").stat().st_size,
        }
    )


@dg.asset_check(asset=build_manifest, blocking=True)
def build_manifest__every_input_hashed(
    context: dg.AssetCheckExecutionContext, raw: RawData, warehouse: Warehouse
) -> dg.AssetCheckResult:
    """Every regular file under the raw folder (as `rawtree.scan` finds them) has a sha256 in
    the manifest, and every public table a row count."""
    from pipelines.lib.ingest import rawtree

    on_disk = {e.name for e in rawtree.scan(raw.root) if isinstance(e, rawtree.RawFile)}
    with warehouse.read(context.run.run_id) as con:
        hashed = {
            r[0]
            for r in con.execute(
                "SELECT name FROM build_manifest WHERE kind = 'input' AND length(sha256) = 64"
            ).fetchall()
        }
        tables = {
            r[0]
            for r in con.execute("SELECT name FROM build_manifest WHERE kind = 'table'").fetchall()
        }
    missing = sorted(on_disk - hashed) + sorted(set(DATA_TABLES + ["changelog"]) - tables)
    return dg.AssetCheckResult(
        passed=not missing, metadata={"missing": ", ".join(missing[:20]) or "none"}
    )


@dg.asset_check(asset=changelog, blocking=False)
def changelog__accounts_for_model_count(
    context: dg.AssetCheckExecutionContext, warehouse: Warehouse
) -> dg.AssetCheckResult:
    """new models = previous models + added - removed."""
    previous = warehouse.published_model_count()
    with warehouse.read(context.run.run_id) as con:
        now, added, removed = con.execute(
            load_sql(__file__, "changelog__accounts_for_model_count")
        ).fetchall()[0]
    return dg.AssetCheckResult(
        passed=now == previous + added - removed,
        metadata={"previous": previous, "now": now, "added": added, "removed": removed},
    )
