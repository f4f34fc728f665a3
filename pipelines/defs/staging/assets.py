"""Staging: claims from every source, resolved into the public model tables."""

import dagster as dg

from pipelines.dagster_meta import table_metadata
from pipelines.defs.resources import RawData, Warehouse
from pipelines.defs.staging import checks as _checks  # noqa: F401  (registers the step checks)
from pipelines.defs.step_checks import evaluate, specs
from pipelines.lib.ingest.aliases import AliasError, load_aliases, load_organizations
from pipelines.lib.publish.warehouse import read_table, write_table
from pipelines.lib.staging import plausibility as pz
from pipelines.lib.staging.coverage import coverage as coverage_of
from pipelines.lib.staging.resolution import UPSTREAM_FILES, TablesOnDemand, build
from pipelines.lib.tables import (
    BenchmarkScoresSchema,
    CapabilityIndexSchema,
    ClaimsSchema,
    ConflictsSchema,
    CoverageSchema,
    ModelsSchema,
    SourcesSchema,
    SuspiciousValuesSchema,
    UnmatchedNamesSchema,
    UpstreamErrataSchema,
    UpstreamRevisionsSchema,
    table,
)
from pipelines.lib.upstream.duplicates import without_repeats
from pipelines.lib.upstream.manifest import load_errata

# The tables one resolution writes (one computation: claims in, resolved values out).
RESOLVED = {
    "models": ModelsSchema,
    "claims": ClaimsSchema,
    "conflicts": ConflictsSchema,
    "sources": SourcesSchema,
    "benchmark_scores": BenchmarkScoresSchema,
    "capability_index": CapabilityIndexSchema,
    "unmatched_names": UnmatchedNamesSchema,
    "upstream_errata": UpstreamErrataSchema,
    "upstream_revisions": UpstreamRevisionsSchema,
}
INPUTS = ["raw_model_records", "raw_sources", "raw_benchmark_scores", *UPSTREAM_FILES]


@dg.multi_asset(
    specs=[
        dg.AssetSpec(
            name,
            description=table(name).description,
            deps=INPUTS,
            group_name="staging",
            kinds={"polars", "duckdb"},
        )
        for name in RESOLVED
    ],
    check_specs=specs(*RESOLVED),
    name="models",
    can_subset=False,
)
def models(context: dg.AssetExecutionContext, raw: RawData, warehouse: Warehouse):
    """Turn curated records and every upstream snapshot into claims, resolve one value per
    (model, field) by precedence (curated > primary paper, then curated copies > Epoch >
    aggregators > derived), and
    write `claims`, `conflicts`, `models`, `sources`, `benchmark_scores`, `capability_index`,
    `unmatched_names`, `upstream_errata`, `upstream_revisions`.
    The alias map `data/raw/aliases.yaml` decides identity; vectorised polars throughout."""
    try:
        aliases = load_aliases(raw.aliases)
        organizations = load_organizations(raw.organizations)
        errata = {
            name: load_errata(raw.root / "upstream" / name)
            for name in ("llm_stats", "obsscaling", "epoch")
        }
    except AliasError as exc:  # a malformed reference file: its located reason, no traceback
        raise dg.Failure(
            description=f"{exc} (run `make validate` to check the reference files)"
        ) from None
    with warehouse.connect(context.run.run_id) as con:
        # A row repeated word for word is one claim, not ten: the raw table keeps it as
        # published and `raw_<file>__no_repeated_rows` reports it. Each table is read when
        # `build` needs it and dropped after (peak memory: one raw table, not all of them).
        upstream = TablesOnDemand(con, UPSTREAM_FILES, prepare=without_repeats)
        result = build(
            read_table(con, "raw_model_records"),
            read_table(con, "raw_sources"),
            read_table(con, "raw_benchmark_scores"),
            upstream,
            aliases,
            organizations,
            errata["llm_stats"],
            errata["obsscaling"],
            errata["epoch"],
        )
        tables = {name: schema.validate(getattr(result, name)) for name, schema in RESOLVED.items()}
        for name, frame in tables.items():
            write_table(con, name, frame)
    for name, frame in tables.items():
        yield dg.MaterializeResult(asset_key=name, metadata=table_metadata(name, frame))
    yield from evaluate(context, RESOLVED, warehouse=warehouse)


@dg.asset(
    deps=[
        "models",
        "claims",
        "benchmark_scores",
        "raw_epoch_models_2025_08",
        "raw_epoch_models_2024_10",
    ],
    group_name="staging",
    kinds={"polars", "duckdb"},
    description=table("suspicious_values").description,
)
def suspicious_values(
    context: dg.AssetExecutionContext, raw: RawData, warehouse: Warehouse
) -> dg.MaterializeResult:
    """Values that can't be true: each (model, field) a plausibility rule flags, with the
    evidence and its review status from `data/raw/suspicious_resolutions.yaml`.

    Grain: one row per (model_id, field, rule). Rules in `pipelines/lib/staging/plausibility/`
    (6ND that is not 6·N·D, compute 10x from 6·N·D, > 50 epochs, tokens per parameter outside
    0.1-100,000, fine-tune before base, identical base/instruct scores, notes that contradict
    the column). Unresolved and erratum rows stay out of fits and rankings."""
    try:
        resolutions = pz.load_resolutions(raw.root / pz.RESOLUTIONS_FILE)
    except AliasError as exc:  # a malformed reference file: its located reason, no traceback
        raise dg.Failure(
            description=f"{exc} (run `make validate` to check the reference files)"
        ) from None
    with warehouse.connect(context.run.run_id) as con:
        epoch = pz.epoch_rows(
            ("epoch_models_2025_08", read_table(con, "raw_epoch_models_2025_08")),
            ("epoch_models_2024_10", read_table(con, "raw_epoch_models_2024_10")),
        )
        flags = pz.suspicious(
            read_table(con, "models"),
            read_table(con, "claims"),
            read_table(con, "benchmark_scores"),
            epoch,
        )
        frame = SuspiciousValuesSchema.validate(pz.with_status(flags, resolutions))
        write_table(con, "suspicious_values", frame)
    stale = pz.stale_resolutions(flags, resolutions)
    metadata = table_metadata("suspicious_values", frame, preview_rows=20)
    for rule, n in sorted(frame.group_by("rule").len().iter_rows()):
        metadata[f"rule/{rule}"] = dg.MetadataValue.int(n)
    for status in pz.STATUSES:
        metadata[f"status/{status}"] = dg.MetadataValue.int(
            frame.filter(frame["status"] == status).height
        )
    metadata["stale_resolutions"] = dg.MetadataValue.md(
        "\n".join(
            f"- {r['model_id']} {r['field']} {r['rule']}" for r in stale.iter_rows(named=True)
        )
        or "none"
    )
    return dg.MaterializeResult(metadata=metadata)


@dg.asset(
    deps=["models", "suspicious_values", "sources", "benchmark_scores"],
    group_name="staging",
    kinds={"polars", "duckdb"},
    description=table("coverage").description,
    check_specs=specs("coverage"),
)
def coverage(context: dg.AssetExecutionContext, warehouse: Warehouse):
    """Coverage of `models` by field, overall and per release year, against the targets
    (>= 900 models; >= 450 with params, tokens and compute; >= 250 with MMLU 5-shot; >= 150
    with price and context window; every MoE with active parameters; no unresolved suspicious
    value in a model the rankings would rank; >= 150 records citing a maker's own source at a
    commit; >= 60 releases dated 2025 or later with a cited 5-shot MMLU or MMLU-Pro)."""
    with warehouse.connect(context.run.run_id) as con:
        frame = CoverageSchema.validate(
            coverage_of(
                read_table(con, "models"),
                read_table(con, "suspicious_values"),
                read_table(con, "sources"),
                read_table(con, "benchmark_scores"),
            )
        )
        write_table(con, "coverage", frame)
    overall = frame.filter(frame["year"].is_null())
    metadata = table_metadata("coverage", overall, preview_rows=20)
    for row in overall.iter_rows(named=True):
        metadata[f"count/{row['field']}"] = dg.MetadataValue.int(row["with_value"])
    yield dg.MaterializeResult(metadata=metadata)
    yield from evaluate(context, ["coverage"], warehouse=warehouse)
