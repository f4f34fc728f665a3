"""Epoch AI files: the models database (two snapshots), MMLU, model versions, API prices, the
benchmarks file with active parameters. Each reader validates the file as published (pandera) and
returns it with canonical column names; `*_claims` turn rows into claims.

Traps handled here (see ../shared/reference/README.md and tests/pipelines/test_upstream.py):
- `Training dataset size (datapoints)` is corpus size, in WORDS for older entries, but the same
  "1 token ~ 0.75 words" boilerplate also sits beside figures that are tokens (Switch's "576B
  total tokens"): the unit is read from the figure the notes state, then from their wording;
  words become the token count the notes quote, else x 4/3; times `Epochs` when given.
- `Parameters` is the TOTAL for MoE models; active counts come from the benchmarks file.
- `Training compute cost (2023 USD)` is a string like `$2056969.34`.
- The 2024-10 snapshot's first column is `\ufeffSystem`; the MMLU file's `EM` is a percent
  string.
"""

# One module per topic; this package re-exports what callers use.
from pipelines.lib.upstream.epoch.claims import (  # noqa: F401
    combine_moe_signals,
    epoch_claims,
    epoch_identity,
    is_moe,
    moe_signal,
    older_dataset_figures,
    tokens_seen,
    with_unit_hints,
)
from pipelines.lib.upstream.epoch.exports import (  # noqa: F401
    INSTRUCT_PATTERN,
    NUMBERS,
    read_epoch_frontier_2026,
    read_epoch_large_scale_2026,
    read_epoch_models,
    read_epoch_notable_2026,
)
from pipelines.lib.upstream.epoch.mmlu import (  # noqa: F401
    active_params_claims,
    carry_compute_method,
    keep_lowest_confidence,
    mmlu_claims,
    read_epoch_benchmarks,
    read_epoch_mmlu,
    read_model_versions,
    version_identities,
)
