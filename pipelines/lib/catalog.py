"""Render `warehouse/README.md`, the table catalogue, from the pandera schemas (`make docs`).

The schemas are the single source of the column documentation; a test fails when the committed
catalogue differs from what this renders.
"""

from __future__ import annotations

import sys

from pipelines.lib.schemas import PUBLIC_SCHEMAS, columns_of
from pipelines.lib.settings import REPO_ROOT
from pipelines.lib.tolerances import TOLERANCE_TEXT

CATALOG_PATH = REPO_ROOT / "warehouse" / "README.md"

PURPOSE = {
    "models": "The releases: size, data, compute, MMLU, price and context window, one row each.",
    "benchmark_scores": "Every benchmark score in long form, each with its citation, shots and "
    "who measured it (`measured_by`): curated scores, the resolved 5-shot MMLU, the harness "
    "runs of the Open LLM Leaderboard v1/v2 and ObsScaling (one protocol per benchmark name), "
    "and Epoch AI's Benchmarking Hub (Epoch's own runs and the HLE leaderboard, each effort "
    "variant of a release its own row, the version and effort in `protocol`).",
    "capability_index": "Epoch AI's Capabilities Index (ECI), one row per release Epoch rates: "
    "a unitless index stitched from many benchmarks (Claude 3.5 Sonnet = 130, GPT-5 = 150), "
    "with Epoch's confidence interval. Not a percent, so not in `benchmark_scores`.",
    "sources": "The citation behind every value in `models` and every upstream score in "
    "`benchmark_scores`, with the source it was taken from, its method and the source's "
    "confidence.",
    "claims": "Every number from every source side by side (curated YAML, Epoch AI's database "
    "and MMLU file, Open LLM Leaderboard v1 and v2, ObsScaling, LiteLLM, LLM-Stats, Epoch API "
    "prices), benchmark scores included. `models` (and `benchmark_scores`) hold one resolved "
    "value per (model, field), chosen by precedence: curated > primary paper > Epoch > other "
    "aggregators > derived conversions.",
    "conflicts": "Where sources disagree beyond a per-field tolerance, each field compared the "
    f"way it is used (`pipelines/lib/tolerances.py`, the rule the Model page applies too): "
    f"{TOLERANCE_TEXT}.",
    "unmatched_names": "Names from secondary sources that neither the alias map "
    "(`data/raw/aliases.yaml`) nor an exact rule could place; their numbers are not used.",
    "upstream_errata": "Upstream values known to be wrong, listed with the evidence in the "
    "`ERRATA.yaml` beside each snapshot and left out of `claims` (nothing is dropped silently).",
    "upstream_revisions": "Values an upstream revised between its dated snapshots (Epoch AI's "
    "model-database exports of 2024-10, 2025-08 and 2026-08): the newest snapshot resolves, "
    "the older value stays in `claims`, and this table lists each change with both dates.",
    "suspicious_values": "Numbers that can't be true: each value a plausibility rule flags "
    "(6ND compute that is not 6·N·D, compute 10x from 6·N·D, > 50 epochs, implausible tokens "
    "per parameter, a fine-tune before its base, identical base and instruct scores, Epoch "
    "notes that contradict the column), with the evidence and its review status from "
    "`data/raw/suspicious_resolutions.yaml`. Unresolved and erratum values are left out of "
    "every fit and ranking until resolved.",
    "coverage": "Counts of models with each field, overall (year null) and per release year, "
    "with the Atlas's coverage targets.",
    "rejects": "Why record files were kept out of `models` (file, line, field, reason). "
    "Empty when the data is clean.",
    "frontier_smallest_model": "Record-holders over time: each release that, at its date, became "
    "the smallest model scoring at or above the threshold (MMLU 5-shot at 50/60/70/80 %, on total "
    "and on active parameters).",
    "compute_optimal": "Tokens per parameter against Chinchilla's ~20:1, and the 6·N·D compute "
    "estimate (active N for MoE) against the cited compute.",
}

PURPOSE |= {
    "build_manifest": "Traceability: when the build ran, the git commit, the content hash of "
    "every input file and the row count of every table.",
    "changelog": "What this build changed against the previously published one: models added "
    "or removed, values changed (field, old, new, source). Also written to "
    "`warehouse/CHANGELOG.md` on publish.",
}

PURPOSE |= {
    "compute_optimal_allocation": "Compute-optimal parameters and tokens for budgets 1e18-1e27 "
    "FLOP (and Chinchilla's 5.76e23) under Hoffmann et al. 2022 (Approach 3), Besiroglu et al. "
    "2024, the 20:1 rule and our own refit.",
    "compute_optimal_by_fit": "Each model's over- or under-training factor against each fit, and "
    "the compute-optimal model of the same budget.",
    "scaling_law_fits": "Our refit of the Chinchilla parametric loss on Epoch's extracted training "
    "runs (Huber loss on log-loss, L-BFGS-B from a grid, bootstrap intervals), next to Besiroglu "
    "et al.'s published values.",
    "capability_fits": "MMLU (5-shot) as a sigmoid (floor 25 %, ceiling 100 %) of log10 training "
    "compute and of log10 parameters: overall, without speculative compute, and per organisation.",
    "capability_curves": "The capability fits on a grid with 95 % bootstrap bands, for charts.",
    "growth_rates": "Growth per year, with 95 % intervals, of training compute, parameters, "
    "training tokens, context window and training cost (models since 2018).",
    "frontier_trend": "Density: the exponential decline of the smallest-model frontier, its "
    "halving time and the forecast date it crosses 1B parameters, with intervals; compare the "
    "densing law (capability density doubling ~3.3 months).",
    "cost_frontier": "Record-holders for the cheapest 3:1-blended API price at or above an MMLU "
    "threshold, over time, each model at the price in force at its release "
    "(`pipelines/lib/trends/prices.py`), so the fold per year compares like with like.",
    "cost_trend": "Fold change per year of the cost frontier, per threshold (where enough "
    "records exist), with intervals.",
    "size_classes": "Models per year and size class (Tiny < 1B, Small 1-10B, Medium 10-70B, "
    "Large 70-200B, Massive >= 200B).",
    "serving_memory": "Weights-only serving memory per model at FP16 / INT8 / INT4 "
    "(7B at FP16 = 14 GB).",
    "emergence_points": "Per benchmark, score against training compute with the chance level "
    "marked (metric-choice caveat: a discontinuous metric can make smooth progress look sharp).",
}

GRAIN = {
    "models": "one row per model release (accepted records only)",
    "benchmark_scores": "one row per (model_id, benchmark, shots, measured_by, protocol)",
    "capability_index": "one row per model_id",
    "sources": "one row per (model_id, field)",
    "claims": "one row per (model_id, field, source, citation) claim",
    "conflicts": "one row per disagreeing claim",
    "unmatched_names": "one row per (source, name)",
    "upstream_errata": "one row per (source, name, field)",
    "upstream_revisions": "one row per (model_id, field, later snapshot date)",
    "suspicious_values": "one row per (model_id, field, rule)",
    "coverage": "one row per (field, year)",
    "compute_optimal_allocation": "one row per (fit, budget_flop)",
    "compute_optimal_by_fit": "one row per (model_id, fit) for models with N and D",
    "scaling_law_fits": "one row per fitted parameter",
    "capability_fits": "one row per (x_variable, group, confidence_filter)",
    "capability_curves": "one row per (fit, grid point)",
    "growth_rates": "one row per (series, metric)",
    "frontier_trend": "one row per (benchmark, threshold, basis, target size)",
    "cost_frontier": "one row per (threshold, record-setting release)",
    "cost_trend": "one row per threshold",
    "size_classes": "one row per (year, size class) with models",
    "serving_memory": "one row per model with a parameter count",
    "emergence_points": "one row per `benchmark_scores` row of a model with compute (several "
    "when several parties or effort variants score it)",
    "build_manifest": "one row per input file and per table",
    "changelog": "one row per added or removed model, or changed value",
    "rejects": "one row per problem; a rejected file can have several",
    "frontier_smallest_model": "one row per (benchmark, threshold, basis, record-setting release)",
    "compute_optimal": "one row per model_id",
}

INTRO = """\
# Warehouse catalogue

`warehouse/atlas.duckdb` (or `ATLAS_WAREHOUSE`) is the published DuckDB file. It is replaced
atomically by each successful `make build`; open it read-only:

```python
import duckdb
con = duckdb.connect("warehouse/atlas.duckdb", read_only=True)
con.sql("SELECT name, release_date, params_total, mmlu FROM models ORDER BY release_date").show()
```

Table and column names are a public contract: they change only with a migration note in the
project README. Units: counts are plain numbers (not billions), compute is in FLOP, scores are
percent (0-100), prices are US dollars per million tokens, dates are ISO dates.

Data attribution: values derived from Epoch AI's "Data on AI Models" (https://epoch.ai/data/ai-models)
are licensed CC-BY 4.0; every value's own citation is in `sources`. Scores and the ECI from
Epoch AI's "AI Benchmarking Hub" (https://epoch.ai/benchmarks) are CC-BY 4.0 too; the external
leaderboards it collects (Humanity's Last Exam, the papers and HELM runs it quotes) keep their
own licences.

This file is generated from `pipelines/lib/schemas.py` by `make docs`; edit the schemas, not this.
"""


def render() -> str:
    parts = [INTRO]
    for name, schema in PUBLIC_SCHEMAS.items():
        parts.append(f"## `{name}`\n\n{PURPOSE[name]}\n\nGrain: {GRAIN[name]}.\n")
        parts.append("| column | type | meaning |\n|---|---|---|")
        dtypes = {c: str(col.dtype) for c, col in schema.to_schema().columns.items()}
        for column, description in columns_of(schema).items():
            parts.append(f"| `{column}` | {dtypes[column]} | {description} |")
        parts.append("")
    return "\n".join(parts)


def main() -> int:
    CATALOG_PATH.write_text(render(), encoding="utf-8")
    print(f"wrote {CATALOG_PATH.relative_to(REPO_ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
