"""Ingest: the contributor YAML records and the upstream snapshots, validated, as raw tables."""

from datetime import timedelta

import dagster as dg

from pipelines.dagster_meta import table_metadata
from pipelines.defs.ingest import checks as _checks  # noqa: F401  (registers the step checks)
from pipelines.defs.resources import RawData, Warehouse
from pipelines.defs.step_checks import evaluate, specs
from pipelines.lib.ingest import verdicts
from pipelines.lib.ingest.dataset import load_raw
from pipelines.lib.publish.warehouse import write_table
from pipelines.lib.staging.resolution import UPSTREAM_FILES, read_upstream
from pipelines.lib.tables import table
from pipelines.lib.upstream.cache import failure_message, materialize
from pipelines.lib.upstream.manifest import sha256_of, snapshot_files

RECORD_TABLES = {
    "raw_model_records": "Accepted curated records (data/raw/models), shaped like `models`.",
    "raw_benchmark_scores": "Benchmark scores from the accepted curated records.",
    "raw_sources": "Citations from the accepted curated records, by record field.",
    "rejects": table("rejects").description,
}


@dg.multi_asset(
    specs=[
        dg.AssetSpec(name, description=doc, group_name="ingest", kinds={"polars", "duckdb"})
        for name, doc in RECORD_TABLES.items()
    ],
    check_specs=specs(*RECORD_TABLES),
    name="raw_model_records",
    can_subset=False,
)
def raw_model_records(context: dg.AssetExecutionContext, raw: RawData, warehouse: Warehouse):
    """Read every `data/raw/models/**/*.yaml` record, validate it (per-record rules, then pandera
    over the assembled table) and write the accepted records and `rejects`. Nothing is lost:
    each file is accepted or has rows in `rejects`, and so has every entry of the raw folder
    that is not read (a link, a FIFO, a device, `x.YAML`: see `pipelines/lib/ingest/rawtree.py`)."""
    dataset = load_raw(raw.root, cache=verdicts.CACHE_FILE)  # a file accepted before: not re-parsed
    tables = dataset.tables()
    context.log.info(
        f"{len(dataset.files)} record files: {len(dataset.accepted)} accepted, "
        f"{len(dataset.rejected_files)} rejected ({len(dataset.problems)} problems)"
    )
    with warehouse.connect(context.run.run_id) as con:
        for name, frame in tables.items():
            write_table(con, name, frame)
    for name, frame in tables.items():
        metadata = table_metadata(name, frame)
        if name == "raw_model_records":
            metadata["record_files"] = dg.MetadataValue.int(len(dataset.files))
            metadata["rejected_files"] = dg.MetadataValue.int(len(dataset.rejected_files))
        yield dg.MaterializeResult(asset_key=name, metadata=metadata)
    yield from evaluate(context, RECORD_TABLES, raw=raw, warehouse=warehouse)


@dg.asset(
    group_name="upstream",
    kinds={"python"},
    deps=["snapshot_" + name.removeprefix("raw_") for name in UPSTREAM_FILES],
)
def upstream_files(raw: RawData) -> dg.MaterializeResult:
    """Every pinned upstream file, present in the local cache with its pinned sha256.

    Third-party files are not committed: each `data/raw/upstream/<source>/MANIFEST.yaml` pins
    them and this step fetches them (cache, then `ATLAS_UPSTREAM_MIRROR`, then the origin URL)
    before any ingest. A file that cannot be had fails this step, so nothing is built or
    published without it (the same step as `make upstream`)."""
    outcomes = materialize(raw.root / "upstream")
    message = failure_message(outcomes)
    if message:
        raise dg.Failure(description=message)
    return dg.MaterializeResult(
        metadata={
            "files": len(outcomes),
            "fetched": dg.MetadataValue.md(
                "\n".join(
                    f"- `{o.pin.relative}`: {o.status}" for o in outcomes if o.status != "cached"
                )
                or "all cached"
            ),
        }
    )


def _upstream_asset(name: str, relative: str) -> dg.AssetsDefinition:

    @dg.asset(
        name=name,
        group_name="upstream",
        kinds={"polars", "duckdb"},
        deps=["upstream_files"],
        freshness_policy=dg.FreshnessPolicy.time_window(
            fail_window=timedelta(days=8), warn_window=timedelta(days=2)
        ),
        description=f"`data/raw/upstream/{relative}` as published, validated by its own "
        "pandera schema (a changed upstream format fails here, at its own door).",
        check_specs=specs(name),
    )
    def _asset(context: dg.AssetExecutionContext, raw: RawData, warehouse: Warehouse):
        frame = read_upstream(name, raw.root)
        with warehouse.connect(context.run.run_id) as con:
            write_table(con, name, frame)
        path = raw.root / "upstream" / relative
        folder = raw.root / "upstream" / relative.split("/", 1)[0]
        entry = next((f for f in snapshot_files(folder) if f.path == path), None)
        metadata = table_metadata(name, frame, preview_rows=5)
        metadata["sha256"] = sha256_of(path)
        if entry is not None:
            metadata["origin_url"] = dg.MetadataValue.url(entry.origin_url)
            metadata["upstream_date"] = entry.upstream_date
            metadata["licence"] = entry.licence
        yield dg.MaterializeResult(metadata=metadata)
        yield from evaluate(context, [name], raw=raw)

    return _asset


upstream_assets = [_upstream_asset(name, rel) for name, (rel, _) in UPSTREAM_FILES.items()]
