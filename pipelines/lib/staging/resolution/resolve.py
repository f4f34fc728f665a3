"""From curated records and upstream snapshots to the public tables, through claims:
curated claims, Epoch identity and `build`, which resolves every claim into the staging tables."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass

import polars as pl

from pipelines.lib.staging import claims as cl
from pipelines.lib.staging.resolution.assemble import (
    assemble_models,
    assemble_scores,
    assemble_sources,
    without_outranked_copies,
)
from pipelines.lib.staging.resolution.inputs import (
    LITELLM_AS_OF,
    RETRIEVED,
    RETRIEVED_2026_12,
    UPSTREAM_FILES,
)
from pipelines.lib.upstream import aggregators as ag
from pipelines.lib.upstream import benchmark_hub as hub
from pipelines.lib.upstream import epoch as ep
from pipelines.lib.upstream import epoch_runs as er
from pipelines.lib.upstream import hub_external as hx
from pipelines.lib.upstream import llm_stats as ls
from pipelines.lib.upstream import llm_stats_scores as lss
from pipelines.lib.upstream import prices as pr
from pipelines.lib.upstream.manifest import ERRATA_SCHEMA


def curated_claims(records: pl.DataFrame, record_sources: pl.DataFrame) -> pl.DataFrame:
    """Claims from the accepted curated records (`raw_model_records` + `raw_sources`)."""
    # A value the record cites from a copy of the maker's source (`source_kinds`) is a claim
    # of `curated_copy`, in the primary tier and below the maker's own quotes (`cl.resolve`).
    copy = pl.col("kind") == "copy"
    cite = record_sources.select(
        "model_id",
        pl.col("field").alias("_record_field"),
        "citation",
        pl.when(copy).then(pl.lit("curated_copy")).otherwise(pl.lit("curated")).alias("source"),
        pl.when(copy).then(cl.PRIMARY).otherwise(cl.CURATED).alias("precedence"),
    )
    moe = pl.col("architecture") == "moe"
    specs = [  # (models column, record field cited, method expr, as-of expr, row filter)
        ("params_total", "parameters", None, None, None),
        ("params_active", "active_parameters", pl.col("params_active_method"), None, moe),
        ("training_tokens", "training_tokens", None, None, None),
        ("training_compute_flop", "training_compute_flop", pl.col("compute_method"), None, None),
        ("context_window", "context_window", None, None, None),
        ("training_cost_usd", "training_cost_usd", None, None, None),
        ("mmlu", "benchmarks.mmlu", None, None, None),
        ("price_usd_per_1m_input_tokens", "price", None, pl.col("price_as_of_date"), None),
        ("price_usd_per_1m_output_tokens", "price", None, pl.col("price_as_of_date"), None),
    ]
    parts = []
    for column, record_field, method, as_of, keep in specs:
        rows = records if keep is None else records.filter(keep)
        parts.append(
            rows.select(
                "model_id",
                pl.lit(column).alias("field"),
                pl.col(column).cast(pl.Float64).alias("value"),
                pl.lit(record_field).alias("_record_field"),
                (method if method is not None else pl.lit("reported")).alias("method"),
                (as_of if as_of is not None else pl.lit(None, dtype=pl.Date)).alias("as_of_date"),
            )
        )
    frame = pl.concat(parts).join(cite, on=["model_id", "_record_field"], how="left")
    return cl.claims_frame(frame.drop("_record_field"), retrieved_date=RETRIEVED).with_columns(
        pl.col("model_id").alias("source_record")
    )


@dataclass
class Resolved:
    claims: pl.DataFrame
    conflicts: pl.DataFrame
    models: pl.DataFrame
    sources: pl.DataFrame
    benchmark_scores: pl.DataFrame
    unmatched_names: pl.DataFrame
    upstream_errata: pl.DataFrame
    upstream_revisions: pl.DataFrame
    capability_index: pl.DataFrame


# Epoch's model-database snapshots, newest first: (asset, claim source, as-of date). The
# notable and large-scale exports of 2026-08 are two views of one database, both last changed
# on 2026-08-19 in the mirror (one as-of date, so where they disagree it is a conflict, not a
# revision); neither is a subset of the other, so both are read.
EPOCH_SNAPSHOTS = (
    ("raw_epoch_notable_2026_08", "epoch_notable_2026_08", dt.date(2026, 8, 19)),
    ("raw_epoch_large_scale_2026_08", "epoch_large_scale_2026_08", dt.date(2026, 8, 19)),
    ("raw_epoch_frontier_2026_03", "epoch_frontier_2026_03", dt.date(2026, 3, 30)),
    ("raw_epoch_models_2025_08", "epoch_models_2025_08", dt.date(2025, 8, 7)),
    ("raw_epoch_models_2024_10", "epoch_models_2024_10", dt.date(2024, 10, 16)),
)


def epoch_identity(raw: Mapping[str, pl.DataFrame], aliases: pl.DataFrame) -> pl.DataFrame:
    """Epoch language models, newest snapshot first, each model_id once."""
    cols = [
        "model_id",
        "Model",
        "Organization",
        "Publication date",
        "Model accessibility",
        "Base model",
        "Confidence",
        "Parameters notes",
        "Training compute notes",
        "Sparsity",
        "snapshot",
    ]
    hf = "Hugging Face developer id"  # only the 2025-08 export has it
    # Each snapshot narrowed to these columns as it is read: one wide table held at a time.
    frames = []
    for name, _, _ in EPOCH_SNAPSHOTS:
        f = ep.epoch_identity(raw[name], aliases, UPSTREAM_FILES[name][0])
        if hf not in f.columns:
            f = f.with_columns(pl.lit(None, dtype=pl.String).alias(hf))
        frames.append(f.select(*cols, hf))
    both = pl.concat(frames)
    return both.unique("model_id", keep="first", maintain_order=True)


def build(
    curated: pl.DataFrame,
    record_sources: pl.DataFrame,
    record_scores: pl.DataFrame,
    raw: Mapping[str, pl.DataFrame],
    aliases: pl.DataFrame,
    organizations: pl.DataFrame | None = None,
    llm_stats_errata: pl.DataFrame | None = None,
    obsscaling_errata: pl.DataFrame | None = None,
    epoch_errata: pl.DataFrame | None = None,
) -> Resolved:
    """All the staging tables from the curated tables (`raw_model_records`, `raw_sources`,
    `raw_benchmark_scores`) and the upstream tables (`raw_*`, keyed by asset name: a dict, or
    `TablesOnDemand`, which reads each when asked; nothing here lists or copies the mapping,
    so only the tables in use are held)."""
    if organizations is None:
        organizations = pl.DataFrame(
            schema={"namespace": pl.String, "org_id": pl.String, "organization": pl.String}
        )
    identity = epoch_identity(raw, aliases)
    known = pl.concat([curated.select("model_id"), identity.select("model_id")]).unique()
    versions = raw["raw_epoch_model_versions"]
    rule = ag.hf_rule(known, versions, identity)
    # Display names in use: a new model with one of them is named apart (its id appended).
    taken = pl.concat([curated["name"], identity["Model"].str.strip_chars()]).drop_nulls()
    # ObsScaling's base models nothing else places are releases of their own.
    obs_models = ag.obsscaling_identities(
        raw["raw_obsscaling"],
        aliases,
        rule,
        versions,
        organizations,
        taken,
        ag.hub_upload_dates(raw["raw_open_llm_leaderboard_v2"]),
    )
    date_sources = obs_models.filter(pl.col("date_source").is_not_null()).select(
        "model_id",
        pl.lit("release_date").alias("field"),
        pl.col("date_citation").alias("citation"),
        pl.col("date_source").alias("source"),
        pl.col("date_method").alias("method"),
        pl.lit(None, dtype=pl.String).alias("confidence"),
    )
    known = pl.concat([known, obs_models.select("model_id")])
    rule = ag.with_slug_rules(rule, obs_models)
    # LLM-Stats models nothing else places are releases of their own (with its dates).
    llm = ls.attach(
        ls.with_final(raw["raw_llm_stats_models"], raw["raw_llm_stats_final_models"]),
        aliases,
        known,
    )
    if llm_stats_errata is None:
        llm_stats_errata = pl.DataFrame(schema=ERRATA_SCHEMA)
    llm_models = ls.identities(
        llm, organizations, llm_stats_errata, pl.concat([taken, obs_models["name"]])
    )
    known = pl.concat([known, llm_models.select("model_id")])
    extra = pl.concat(
        [
            obs_models.drop("hf_org", "repo_key", "date_source", "date_method", "date_citation"),
            llm_models.cast({"release_date": pl.Date, "open_weights": pl.Boolean}),
        ],
        how="vertical_relaxed",
    )

    parts = [curated_claims(curated, record_sources)]
    signals = []
    # the notable and frontier exports share the new `Training dataset size (total)`
    # (the older exports read one at a time: `older_dataset_figures` only iterates them)
    older = ep.older_dataset_figures(
        raw[name] for name in ("raw_epoch_models_2025_08", "raw_epoch_models_2024_10")
    )
    hinted = ("raw_epoch_notable_2026_08", "raw_epoch_frontier_2026_03")
    for name, source, exported in EPOCH_SNAPSHOTS:
        frame = ep.with_unit_hints(raw[name], older) if name in hinted else raw[name]
        snap = ep.epoch_identity(frame, aliases, source)
        del frame
        parts.append(
            cl.without_errata(ep.epoch_claims(snap, source, RETRIEVED, exported), epoch_errata)
        )
        # Each snapshot's own columns (only 2024-10 has `Sparsity`) speak for the model.
        signals.append(snap.select("model_id", "Base model", ep.moe_signal(snap).alias("signal")))
    del snap  # the last snapshot's every column: not kept for the rest of the build
    mmlu, unmatched_mmlu = ep.mmlu_claims(
        raw["raw_epoch_mmlu"], raw["raw_epoch_model_versions"], identity, aliases, RETRIEVED
    )
    # Epoch model versions its MMLU file scores, dated in its versions file, but no model of
    # ours: releases of their own; their MMLU rows then attach by the version id.
    version_models = ep.version_identities(unmatched_mmlu, versions, identity, known, organizations)
    hub_aliases = aliases  # the hub's version ids place by the same version models
    if version_models.height:
        known = pl.concat([known, version_models.select("model_id")])
        extra = pl.concat([extra, version_models.drop("version_key")], how="vertical_relaxed")
        version_aliases = version_models.select(
            pl.lit("epoch_mmlu").alias("namespace"),
            pl.col("version_key").alias("name_key"),
            pl.col("name"),
            "model_id",
        )
        hub_aliases = pl.concat([aliases, version_aliases.select(aliases.columns)])
        mmlu, unmatched_mmlu = ep.mmlu_claims(
            raw["raw_epoch_mmlu"], versions, identity, hub_aliases, RETRIEVED
        )
    parts.append(mmlu)
    parts.append(ep.active_params_claims(raw["raw_epoch_benchmarks"], identity, aliases, RETRIEVED))
    signal = ep.combine_moe_signals(pl.concat(signals), identity, curated)
    moe_ids = pl.concat(
        [
            curated.filter(pl.col("architecture") == "moe").select("model_id"),
            signal.filter(pl.col("signal") == "strong").select("model_id"),
        ]
    )["model_id"]
    # Only hinted at (e.g. notes citing an MoE paper), or defined by LLM-Stats, whose one
    # parameter count may be total or active: neither called MoE nor assumed dense.
    unsure_ids = pl.concat(
        [signal.filter(pl.col("signal") == "weak")["model_id"], llm_models["model_id"]]
    )
    board, unmatched_board = ag.leaderboard_claims(
        raw["raw_open_llm_leaderboard"], aliases, rule, RETRIEVED
    )
    board_v2, unmatched_board_v2 = ag.leaderboard_v2_claims(
        raw["raw_open_llm_leaderboard_v2"], aliases, rule, RETRIEVED
    )
    obs, unmatched_obs = ag.obsscaling_claims(
        raw["raw_obsscaling"],
        aliases,
        rule,
        pl.concat([moe_ids, unsure_ids]),
        RETRIEVED,
        obsscaling_errata,
    )
    parts += [
        board,
        board_v2,
        obs,
        ag.litellm_claims(raw["raw_litellm"], aliases, known, LITELLM_AS_OF, RETRIEVED),
        ag.litellm_claims(
            raw["raw_litellm_2026_08"],
            aliases,
            known,
            pr.LITELLM_2026_08_AS_OF,
            RETRIEVED_2026_12,
            source="litellm_2026_08",
            citation=pr.LITELLM_2026_08_URL,
        ),
        ag.epoch_price_claims(raw["raw_epoch_api_prices"], aliases, identity, RETRIEVED),
        ls.claims(
            llm,
            raw["raw_llm_stats_scores"],
            raw["raw_llm_stats_providers"],
            RETRIEVED,
            llm_stats_errata,
        ),
    ]
    # The 2026-12 price and context upstreams: claims for models the sources above define.
    timeline, unmatched_timeline = pr.timeline_claims(
        raw["raw_token_tariff_timeline"], aliases, known, RETRIEVED_2026_12
    )
    openrouter, unmatched_openrouter = pr.openrouter_claims(
        raw["raw_openrouter_models_2026_08"],
        aliases,
        lambda frame, col: ag._attach_hf(frame, col, aliases, rule),
        RETRIEVED_2026_12,
    )
    models_dev, unmatched_models_dev = pr.models_dev_claims(
        raw["raw_models_dev_models"],
        raw["raw_models_dev_prices"],
        aliases,
        known,
        RETRIEVED_2026_12,
    )
    genai, unmatched_genai = pr.genai_prices_claims(
        raw["raw_genai_prices"], aliases, known, RETRIEVED_2026_12
    )
    parts += [timeline, openrouter, models_dev, genai]
    # Epoch AI's Benchmarking Hub: scores by several parties and effort variants, kept apart
    # (claims, never resolved to one value) and the ECI (its own table).
    hub_claims, hub_table, unmatched_hub = hub.hub_scores(
        {bench: raw[name] for name, (_, bench) in hub.EPOCH_RUNS.items()},
        raw["raw_epoch_hub_hle"],
        raw["raw_epoch_benchmarked_models"],
        hub_aliases,
        known,
        {name: what for name, (_, what) in cl.HUB_BENCHMARKS.items()},
        RETRIEVED_2026_12,
    )
    # Epoch's public runs table: runs the hub files do not show (a run in both is kept once)
    runs_claims, runs_table, unmatched_runs, superseded = er.runs_scores(
        raw["raw_epoch_runs_2026_05"],
        {bench: raw[name] for name, (_, bench) in hub.EPOCH_RUNS.items()},
        raw["raw_epoch_benchmarked_models"],
        hub_aliases,
        known,
        RETRIEVED_2026_12,
    )
    hub_table = er.without_superseded(hub_table, superseded)
    external_claims, external_table, unmatched_external = hx.external_scores(
        {stem: raw[hx.asset_of(stem)] for stem in hx.EXTERNALS},
        raw["raw_epoch_benchmarked_models"],
        hub_aliases,
        known,
        RETRIEVED_2026_12,
    )
    # the makers' own scores, as LLM-Stats quotes them with their links (not resolved either)
    maker_claims, maker_table, unmatched_maker = lss.self_reported_scores(
        raw["raw_llm_stats_scores"], llm, RETRIEVED
    )
    hub_claims = pl.concat([hub_claims, runs_claims, external_claims, maker_claims])
    hub_table = pl.concat([hub_table, runs_table, external_table, maker_table])
    unmatched_hub = pl.concat([unmatched_hub, unmatched_runs, unmatched_external, unmatched_maker])
    capability_index, unmatched_eci = hub.capability_index(
        raw["raw_epoch_benchmarked_models"], aliases, known
    )
    claims = pl.concat(parts).filter(pl.col("model_id").is_in(known["model_id"].implode()))
    claims = ep.keep_lowest_confidence(claims, [source for _, source, _ in EPOCH_SNAPSHOTS])
    claims = ep.carry_compute_method(claims, ["epoch_notable_2026_08", "epoch_large_scale_2026_08"])
    resolved, conflicts = cl.resolve(claims)

    models = assemble_models(curated, identity, resolved, moe_ids, unsure_ids, extra)
    # MoE fine-tunes without an active count take their base model's (same total size).
    inherited = cl.inherited_active_claims(models, resolved)
    if inherited.height:
        claims = pl.concat([claims, inherited])
        resolved, conflicts = cl.resolve(claims)
        models = assemble_models(curated, identity, resolved, moe_ids, unsure_ids, extra)
    sources = pl.concat([assemble_sources(record_sources, resolved), date_sources]).sort(
        "model_id", "field"
    )
    scores = pl.concat(
        [
            assemble_scores(
                without_outranked_copies(record_scores, record_sources, resolved), resolved
            ),
            hub_table,
        ]
    ).sort("model_id", "benchmark", "shots", "measured_by", "protocol")
    # An alias naming a model_id no source defines would drop that name's claims unseen.
    orphans = aliases.filter(~pl.col("model_id").is_in(known["model_id"].implode())).select(
        pl.lit("aliases.yaml").alias("source"),
        pl.col("name"),
        pl.concat_str(
            [
                pl.lit("mapped to "),
                pl.col("model_id"),
                pl.lit(", which no source defines ("),
                pl.col("namespace"),
                pl.lit(")"),
            ]
        ).alias("detail"),
    )
    unmatched = (
        pl.concat(
            [
                unmatched_mmlu,
                unmatched_board,
                unmatched_board_v2,
                unmatched_obs,
                unmatched_timeline,
                unmatched_openrouter,
                unmatched_models_dev,
                unmatched_genai,
                unmatched_hub,
                unmatched_eci,
                orphans,
            ]
        )
        .unique(["source", "name"], maintain_order=True)
        .sort("source", "name")
    )
    errata = pl.concat(
        [
            frame.select(
                pl.lit(source).alias("source"), pl.col("model_id").alias("name"), "field", "reason"
            )
            for source, frame in (
                ("llm_stats", llm_stats_errata),
                ("obsscaling", obsscaling_errata),
                ("epoch", epoch_errata),
            )
            if frame is not None
        ]
    ).sort("source", "name", "field")
    epoch_sources = [source for _, source, _ in EPOCH_SNAPSHOTS]
    claims = pl.concat([claims, hub_claims])  # after every resolve: hub scores are not resolved
    return Resolved(
        claims.sort("model_id", "field", "precedence", "source"),
        conflicts,
        models,
        sources,
        scores,
        unmatched,
        errata,
        cl.revisions(claims, epoch_sources),
        capability_index,
    )
