"""Numbers that can't be true: plausibility rules over the resolved tables.

Each rule is one function over the resolved `models` frame (and, where it needs them, `claims`,
`benchmark_scores` or Epoch's raw rows) returning rows (model_id, field, value, rule, evidence):
the (model, field) whose value is suspect, and a sentence with the numbers a reviewer needs.
They flag classes of error seen in the warehouse, not single typos:

- `6nd_mismatch`: compute labelled 6ND that is not 6 x N x D of the resolved N and D (HGRN2 1B:
  6e21 labelled 6ND, 10x 6 x 1e9 x 100e9);
- `compute_vs_6nd`: a dense pre-trained model's other compute > 10x away from 6·N·D (MADLAD-400
  10B's tokens are its 3T-token dataset, not the 250B it trained on);
- `implausible_epochs`: tokens derived from a dataset size times Epoch's `Epochs` > 50 (Hybrid
  H3-2.7B: 400B tokens x 509 epochs = 204T);
- `implausible_tokens_per_param`: training tokens per (active) parameter outside [0.1, 100,000]
  (BaGuaLu, M6-10T: 0.0001 — MoE totals read as dense);
- `finetune_before_base`: a fine-tune released before its base model;
- `identical_base_instruct_scores`: a fine-tune and its base with the very same score on the
  same benchmark and shots (one copied onto the other);
- `notes_contradict_column`: Epoch's own notes quote a figure with its unit (`300B tokens`)
  that is >= 10x away from the column (xLSTM 1.4B: 3e8 tokens).

A reviewer resolves each row in `data/raw/suspicious_resolutions.yaml` (`acknowledged`: the
value is right; `erratum`: it is wrong and stays out of fits and rankings) or fixes the value
(an `ERRATA.yaml` entry, a cited curated record). Unresolved rows stay out of fits and rankings
too (`without_suspicious`). Plain polars; no Dagster."""

# One module per topic; this package re-exports what callers use.
from pipelines.lib.staging.plausibility.exclusion import (  # noqa: F401
    excluded,
    scores_without_suspicious,
    without_suspicious,
)
from pipelines.lib.staging.plausibility.notes import (  # noqa: F401
    notes_contradict_column,
    quoted_figures,
    suspicious,
)
from pipelines.lib.staging.plausibility.resolutions import (  # noqa: F401
    load_resolutions,
    stale_resolutions,
    with_status,
)
from pipelines.lib.staging.plausibility.rules import (  # noqa: F401
    COLUMNS,
    EXCLUDED_STATUSES,
    RESOLUTIONS,
    RESOLUTIONS_FILE,
    STATUSES,
    compute_vs_6nd,
    epoch_rows,
    finetune_before_base,
    identical_base_instruct_scores,
    implausible_epochs,
    implausible_tokens_per_param,
    six_nd_mismatch,
)
