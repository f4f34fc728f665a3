"""The 2026-12 price and context-window upstreams: Token Tariff's feed snapshots, models.dev and
genai-prices. They only add claims to models other sources define (never create one).

- `token_tariff_2026-08/litellm_model_prices_and_context_window_2026-08-01.json`: a second dated
  LiteLLM snapshot (format as ../litellm/, read by `aggregators.read_litellm`); its claims carry
  as-of 2026-08-01, so price history stays history (claims.resolve) and the newer one resolves.
- `token_tariff_2026-08/timeline.csv`: launch prices (USD per 1M tokens) of hand-picked models,
  each claimed with the row's release date as its as-of date and the row's `source_url` as its
  citation. Its `current_price_*` columns are OpenRouter's route (a reseller): not used.
- `token_tariff_2026-08/openrouter_models_2026-08-01.json`: context windows of models placed by
  their `hugging_face_id` (alias map `hf`, then the exact repo rules of `aggregators`), or by the
  alias map `openrouter`. Its prices (USD per token, strings) are OpenRouter's resale route and
  its `created` is the day a model was added to OpenRouter, not a release date: neither is used.
- models.dev (`models_dev_2026-07`, the two DERIVED flat files): first-party list prices (USD
  per 1M tokens; the base of a tiered table) of the lab's own API only, and context windows from
  the lab-level registry (`limit.input` where the lab caps the prompt, else `limit.context`, the
  same quantity as LiteLLM's `max_input_tokens`), both as of the pinned commit (2026-07-02).
- genai-prices (`genai_prices_2026-08/v2_data.json`): the developer's own prices (USD per 1M
  tokens; the base of a tiered price), the price in force on the feed's date with its
  `start_date` as as-of date (no start date: the feed's date); prices scheduled after the feed
  date and time-of-day windows (DeepSeek's peak hours) are not the list price, nor is a price
  the feed says it copied from OpenRouter (`price_comments`). Its context windows are stale by
  its own SOURCE.md (deepseek-chat 64000): not used.

Traps handled (tests/pipelines/test_prices_upstream.py):
- Moving aliases (`deepseek-chat`, `deepseek-reasoner`, `*-latest`) name whatever the vendor
  serves today, not a release: never mapped to a model, not even through the alias map; they are
  listed in `unmatched_names`. A genai-prices entry whose match rule also names `<id>-latest`
  (Mistral's `mistral-large`, `codestral`) is the family's moving name: no exact-name match.
- Units: USD per token in LiteLLM (x1e6, in `aggregators.litellm_claims`), per million in
  the timeline, models.dev and genai-prices.
- A reseller's price never stands for the developer's: only first-party offers are claimed
  (models.dev's NVIDIA NIM and Llama API listings of other labs' models, genai-prices' clouds
  and routers, OpenRouter are not), and a price of 0 (a free endpoint) is not a list price."""

# One module per topic; this package re-exports what callers use.
from pipelines.lib.upstream.prices.base import (  # noqa: F401
    DATE,
    LITELLM_2026_08_AS_OF,
    LITELLM_2026_08_URL,
    MODELS_DEV_COMMIT,
    NUMBER,
    moving_alias,
)
from pipelines.lib.upstream.prices.genai_prices import (  # noqa: F401
    genai_prices_claims,
    read_genai_prices,
)
from pipelines.lib.upstream.prices.models_dev import (  # noqa: F401
    models_dev_claims,
    read_models_dev_models,
    read_models_dev_prices,
)
from pipelines.lib.upstream.prices.openrouter import (  # noqa: F401
    openrouter_claims,
    read_openrouter,
)
from pipelines.lib.upstream.prices.token_tariff import (  # noqa: F401
    read_timeline,
    timeline_claims,
)
