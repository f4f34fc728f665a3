"""Aggregators beside Epoch: Open LLM Leaderboard v1 and v2, ObsScaling, LiteLLM, Epoch's prices.

Traps handled (tested in tests/pipelines/test_upstream.py):
- Leaderboard: only `pretrained` rows (no fine-tunes or merges attached to base models); params
  rounded to whole billions (never claimed); `date` is a submission date (never used as release
  date); the `moe`/`flagged` booleans are garbled (ignored).
- Leaderboard v2: its six scores are fractions beside chance-rescaled "normalized" ones (the raw
  fraction is used, x100); only `pretrained` and `chatmodels` rows, not merged or flagged. Its
  Hub upload dates are the release-date estimate of an ObsScaling base model no other file
  dates (exact repo id; the 2022-03-02 placeholder every repository older than the Hub's own
  dates carries is refused; an empty date is no date).
- Leaderboard v1 and ObsScaling benchmarks: one protocol per name (claims.BENCHMARKS);
  ObsScaling's "Winograd" is v1's WinoGrande; its XWinograd (protocol unstated) is not used.
- ObsScaling: benchmarks are fractions (x100); FLOPs are 6·N·D by construction (method `6ND`);
  MoE sizes mix total and active (no parameter claims for models the data marks as MoE).
- LiteLLM: USD per token (x1e6); current prices only (as-of the snapshot date); chat mode only.
- Epoch prices: several dates per model; the latest price per model and direction is claimed."""

# One module per topic; this package re-exports what callers use.
from pipelines.lib.upstream.aggregators.api_prices import (  # noqa: F401
    epoch_price_claims,
    litellm_claims,
    read_epoch_prices,
    read_litellm,
)
from pipelines.lib.upstream.aggregators.hf import (  # noqa: F401
    _attach_hf,
    hf_rule,
    with_slug_rules,
)
from pipelines.lib.upstream.aggregators.leaderboard import (  # noqa: F401
    hub_upload_dates,
    leaderboard_claims,
    leaderboard_v2_claims,
    read_leaderboard,
    read_leaderboard_v2,
)
from pipelines.lib.upstream.aggregators.obsscaling import (  # noqa: F401
    obsscaling_claims,
    obsscaling_identities,
    read_obsscaling,
)
