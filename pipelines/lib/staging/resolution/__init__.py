"""From curated records and upstream snapshots to the public tables, through claims.

    curated records ─┐
    Epoch DB rows ───┼─► claims ─► resolve ─► models, sources, benchmark_scores
    other upstreams ─┘                └─────► conflicts

Identity: every curated record, every Epoch language model (the 2026-08 notable and large-scale
exports, plus rows of the 2025-08 and 2024-10 snapshots the newer ones dropped), every ObsScaling
base model, every LLM-Stats model and every dated Epoch model version that Epoch's MMLU file
scores is a model (matched to one another first by the alias map and exact rules, so each
release is one model). Other sources only add claims to models they match (alias map or an exact
rule); what they cannot match is listed in `unmatched_names`."""

# One module per topic; this package re-exports what callers use.
from pipelines.lib.staging.resolution.assemble import (  # noqa: F401
    assemble_scores,
    without_outranked_copies,
)
from pipelines.lib.staging.resolution.inputs import (  # noqa: F401
    UPSTREAM_FILES,
    UPSTREAM_SENTINELS,
    TablesOnDemand,
    read_upstream,
)
from pipelines.lib.staging.resolution.resolve import (  # noqa: F401
    build,
    curated_claims,
    epoch_identity,
)
