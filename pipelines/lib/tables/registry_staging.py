"""Registry entries of the tables the staging layer writes: the resolved releases and scores,
their citations and claims, and the data-quality tables; `registry.py` assembles every layer's
entries in catalogue order."""

from __future__ import annotations

from pipelines.lib.staging.tolerances import TOLERANCE_TEXT
from pipelines.lib.tables.base import Table
from pipelines.lib.tables.staging import (
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
)

STAGING_TABLES: tuple[Table, ...] = (
    Table(
        "models",
        ModelsSchema,
        "staging",
        purpose=(
            "The releases: size, data, compute, MMLU, price and context window, one row each."
        ),
        grain=("one row per model release (accepted records only)"),
    ),
    Table(
        "benchmark_scores",
        BenchmarkScoresSchema,
        "staging",
        purpose=(
            "Every benchmark score in long form, each with its citation, shots and who measured it "
            "(`measured_by`): curated scores, the resolved 5-shot MMLU, the harness runs of the "
            "Open LLM Leaderboard v1/v2 and ObsScaling (one protocol per benchmark name), and Epoch"
            " AI's Benchmarking Hub (Epoch's own runs, the HLE leaderboard and every external "
            "leaderboard and paper collection the hub gathers, each effort variant of a release its"
            " own row, the version, effort and the row's source in `protocol`). Scores are percent "
            "except four native units (`unit`: METR minutes, WebDev Arena Elo, two point scales)."
        ),
        grain=("one row per (model_id, benchmark, shots, measured_by, protocol)"),
    ),
    Table(
        "capability_index",
        CapabilityIndexSchema,
        "staging",
        purpose=(
            "Epoch AI's Capabilities Index (ECI), one row per release Epoch rates: a unitless "
            "index stitched from many benchmarks (Claude 3.5 Sonnet = 130, GPT-5 = 150), with "
            "Epoch's confidence interval. Not a percent, so not in `benchmark_scores`."
        ),
        grain=("one row per model_id"),
    ),
    Table(
        "sources",
        SourcesSchema,
        "staging",
        purpose=(
            "The citation behind every value in `models` and every upstream score in "
            "`benchmark_scores`, with the source it was taken from, its method and the source's "
            "confidence."
        ),
        grain=("one row per (model_id, field)"),
    ),
    Table(
        "claims",
        ClaimsSchema,
        "staging",
        purpose=(
            "Every number from every source side by side (curated YAML, Epoch AI's database and "
            "MMLU file, Open LLM Leaderboard v1 and v2, ObsScaling, LiteLLM, LLM-Stats, Epoch API "
            "prices, Epoch AI's Benchmarking Hub), benchmark scores included. `models` (and "
            "`benchmark_scores`) hold one resolved value per (model, field), chosen by precedence: "
            "curated > primary paper (a curated value cited from a copy, `curated_copy`, last in "
            "this tier) > Epoch > other aggregators > derived conversions."
        ),
        grain=("one row per (model_id, field, source, citation) claim"),
    ),
    Table(
        "conflicts",
        ConflictsSchema,
        "staging",
        purpose=(
            "Where sources disagree beyond a per-field tolerance, each field compared the way it "
            "is used (`pipelines/lib/staging/tolerances.py`, the rule the Model page applies "
            f"too): {TOLERANCE_TEXT}."
        ),
        grain=("one row per disagreeing claim"),
    ),
    Table(
        "unmatched_names",
        UnmatchedNamesSchema,
        "staging",
        purpose=(
            "Names from secondary sources that neither the alias map (`data/raw/aliases.yaml`) "
            "nor an exact rule could place; their numbers are not used."
        ),
        grain=("one row per (source, name)"),
    ),
    Table(
        "upstream_errata",
        UpstreamErrataSchema,
        "staging",
        purpose=(
            "Upstream values known to be wrong, listed with the evidence in the `ERRATA.yaml` "
            "beside each snapshot and left out of `claims` (nothing is dropped silently)."
        ),
        grain=("one row per (source, name, field)"),
    ),
    Table(
        "upstream_revisions",
        UpstreamRevisionsSchema,
        "staging",
        purpose=(
            "Values an upstream revised between its dated snapshots (Epoch AI's model-database "
            "exports of 2024-10, 2025-08 and 2026-08): the newest snapshot resolves, the older "
            "value stays in `claims`, and this table lists each change with both dates."
        ),
        grain=("one row per (model_id, field, later snapshot date)"),
    ),
    Table(
        "suspicious_values",
        SuspiciousValuesSchema,
        "staging",
        purpose=(
            "Numbers that can't be true: each value a plausibility rule flags (6ND compute that "
            "is not 6·N·D, compute 10x from 6·N·D, > 50 epochs, implausible tokens per "
            "parameter, a fine-tune before its base, identical base and instruct scores, Epoch "
            "notes that contradict the column), with the evidence and its review status from "
            "`data/raw/suspicious_resolutions.yaml`. Unresolved and erratum values are left out "
            "of every fit and ranking until resolved."
        ),
        grain=("one row per (model_id, field, rule)"),
    ),
    Table(
        "coverage",
        CoverageSchema,
        "staging",
        purpose=(
            "Counts of models with each field, overall (year null) and per release year, with "
            "the Atlas's coverage targets."
        ),
        grain=("one row per (field, year)"),
    ),
)
