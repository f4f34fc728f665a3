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
  and routers, OpenRouter are not), and a price of 0 (a free endpoint) is not a list price.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pandera.polars as pa
import polars as pl

from pipelines.lib.ingest.aliases import attach_ids
from pipelines.lib.staging.claims import AGGREGATOR, claims_frame
from pipelines.lib.upstream.manifest import read_published_csv

NUMBER = r"^-?[0-9]+(\.[0-9]*)?([eE][+-]?[0-9]+)?$"
DATE = r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$"
DAY_OR_MONTH = r"^[0-9]{4}-[0-9]{2}(-[0-9]{2})?$"  # models.dev dates: "2025-04" or "2025-04-16"
BOOL = ["True", "False"]

# Names a vendor re-points at newer models: never a release.
MOVING_ALIAS = r"(?i)(-latest$|^(deepseek-chat|deepseek-reasoner)$)"

TOKEN_TARIFF_REPO = "https://github.com/Prajwalsrinvas/token-tariff"
TOKEN_TARIFF_COMMIT = "dc2baf9d80f97138860483855433ff2936886b20"
LITELLM_2026_08_URL = (
    f"{TOKEN_TARIFF_REPO}/blob/{TOKEN_TARIFF_COMMIT}/model_prices_and_context_window.json"
)
LITELLM_2026_08_AS_OF = dt.date(2026, 8, 1)  # the file's last change in the repo (77b8722)
OPENROUTER_URL = (
    f"{TOKEN_TARIFF_REPO}/blob/{TOKEN_TARIFF_COMMIT}/data/history/2026-08-01/openrouter_models.json"
)
OPENROUTER_AS_OF = dt.date(2026, 8, 1)

MODELS_DEV_REPO = "https://github.com/anomalyco/models.dev"
MODELS_DEV_COMMIT = "f3fc692299671838c7c65fd8126bf84d81a2e817"
MODELS_DEV_AS_OF = dt.date(2026, 7, 2)  # the pinned commit
# models.dev provider folder -> the lab folder whose models it serves as their developer.
MODELS_DEV_PROVIDER_LAB = {
    "openai": "openai",
    "anthropic": "anthropic",
    "google": "google",
    "deepseek": "deepseek",
    "mistral": "mistral",
    "xai": "xai",
    "alibaba": "alibaba",
    "moonshotai": "moonshotai",
    "zai": "zhipuai",
    "zhipuai": "zhipuai",
    "minimax": "minimax",
    "cohere": "cohere",
    "llama": "meta",
    "nvidia": "nvidia",
}

GENAI_PRICES_REPO = "https://github.com/pydantic/genai-prices"
GENAI_PRICES_COMMIT = "47df840a5ab10bbcffb8e5ac01b9899032245d1b"
GENAI_PRICES_AS_OF = dt.date(2026, 8, 21)  # the feed's commit
# genai-prices providers that are the developers of the models they price (the others are
# clouds, routers and inference hosts reselling other labs' models). Not `zhipuai`: the feed
# converts Zhipu's CNY prices at an assumed rate (7.25 CNY per USD); Z.ai (`zai`) is Zhipu's
# own USD list.
GENAI_FIRST_PARTY = (
    "anthropic",
    "cohere",
    "deepseek",
    "google",
    "minimax",
    "mistral",
    "moonshotai",
    "openai",
    "perplexity",
    "x-ai",
    "zai",
)

UNMATCHED_SCHEMA = {"source": pl.String, "name": pl.String, "detail": pl.String}


def moving_alias(col: str | pl.Expr) -> pl.Expr:
    """True where the name (its last `/` part) is a moving alias."""
    expr = pl.col(col) if isinstance(col, str) else col
    return expr.str.strip_chars().str.split("/").list.last().str.contains(MOVING_ALIAS)


def _exact(known_ids: pl.DataFrame) -> pl.DataFrame:
    """The exact rule: a name equal (after aliases.key) to a known model_id."""
    return known_ids.select(pl.col("model_id").alias("name_key"), "model_id")


def _place(
    frame: pl.DataFrame, name_col: str, namespace: str, aliases: pl.DataFrame, known_ids
) -> pl.DataFrame:
    """`frame` with model_id from the alias map, then the exact rule; never for a moving alias."""
    out = attach_ids(frame, name_col, namespace, aliases, fallback=_exact(known_ids))
    refused = moving_alias(name_col)
    return out.with_columns(
        pl.when(refused).then(None).otherwise(pl.col("model_id")).alias("model_id"),
        refused.alias("_moving"),
    )


def _unmatched(ided: pl.DataFrame, source: str, name: pl.Expr, reason: pl.Expr) -> pl.DataFrame:
    moving = pl.lit("moving alias (names whatever the vendor serves now): not a release")
    return (
        ided.filter(pl.col("model_id").is_null())
        .select(
            pl.lit(source).alias("source"),
            name.alias("name"),
            pl.when(pl.col("_moving")).then(moving).otherwise(reason).alias("detail"),
        )
        .unique("name", keep="first", maintain_order=True)
        .cast(UNMATCHED_SCHEMA)
    )


# --------------------------------------------------------------------------- Token Tariff


class TokenTariffTimelineSchema(pa.DataFrameModel):
    """Token Tariff `timeline.csv` as published (prices in USD per 1M tokens)."""

    model: str = pa.Field(alias="model", nullable=False, unique=True, description="Model name.")
    vendor: str = pa.Field(alias="vendor", nullable=False, description="Developer.")
    release_date: str = pa.Field(
        alias="release_date", nullable=False, str_matches=DATE, description="Launch day."
    )
    launch_in: str = pa.Field(
        alias="launch_price_in", nullable=True, str_matches=NUMBER, description="USD per 1M in."
    )
    launch_out: str = pa.Field(
        alias="launch_price_out", nullable=True, str_matches=NUMBER, description="USD per 1M out."
    )
    source_url: str = pa.Field(
        alias="source_url", nullable=False, str_matches=r"^https?://", description="Row source."
    )

    class Config:
        strict = False


def read_timeline(path: Path) -> pl.DataFrame:
    return TokenTariffTimelineSchema.validate(read_published_csv(path), lazy=True)


def timeline_claims(
    timeline: pl.DataFrame, aliases: pl.DataFrame, known_ids: pl.DataFrame, retrieved: dt.date
) -> tuple[pl.DataFrame, pl.DataFrame]:
    """Launch-price claims (as of the row's release date, citing its source_url) for the rows
    the alias map (namespace `token_tariff`) or the exact rule places, as (claims, unmatched)."""
    ided = _place(timeline, "model", "token_tariff", aliases, known_ids)
    rows = [
        ided.select(
            "model_id",
            pl.lit(field).alias("field"),
            pl.col(column).cast(pl.Float64).alias("value"),
            pl.col("source_url").str.strip_chars().alias("citation"),
            pl.col("release_date").str.to_date("%Y-%m-%d").alias("as_of_date"),
            pl.col("model").alias("source_record"),
        )
        for field, column in (
            ("price_usd_per_1m_input_tokens", "launch_price_in"),
            ("price_usd_per_1m_output_tokens", "launch_price_out"),
        )
    ]
    claims = claims_frame(
        pl.concat(rows).filter(pl.col("value") > 0),
        source="token_tariff_timeline",
        method="reported",
        precedence=AGGREGATOR,
        retrieved_date=retrieved,
    )
    unmatched = _unmatched(
        ided,
        "token_tariff_timeline",
        pl.col("model"),
        pl.lit("no alias (token_tariff) and no model_id equal to the name"),
    )
    return claims, unmatched


class OpenRouterModelsSchema(pa.DataFrameModel):
    """OpenRouter `/api/v1/models` (`{"data": [...]}`), one row per model; `created` is unix
    seconds (the day added to OpenRouter), `pricing_*` strings in USD per token."""

    id: str = pa.Field(nullable=False, unique=True, description="OpenRouter model id.")
    hugging_face_id: str = pa.Field(nullable=True, description="Hugging Face repo id, if any.")
    name: str = pa.Field(nullable=False, description="Display name.")
    created: int = pa.Field(nullable=False, ge=0, description="Added to OpenRouter (unix s).")
    context_length: int = pa.Field(nullable=False, gt=0, description="Context window (tokens).")
    pricing_prompt: str = pa.Field(
        nullable=True, str_matches=NUMBER, description="USD per input token."
    )
    pricing_completion: str = pa.Field(
        nullable=True, str_matches=NUMBER, description="USD per output token."
    )


def _int(x: object) -> int | None:
    return x if isinstance(x, int) and not isinstance(x, bool) else None


def _text(x: object) -> str | None:
    return x.strip() if isinstance(x, str) and x.strip() else None


def read_openrouter(path: Path) -> pl.DataFrame:
    data = json.loads(path.read_bytes())
    if not isinstance(data, dict) or not isinstance(data.get("data"), list):
        raise ValueError(f"{path}: expected an object with a `data` list (OpenRouter API)")
    rows = []
    for item in data["data"]:
        if not isinstance(item, dict):
            raise ValueError(f"{path}: `data` holds a non-object item")
        pricing = item.get("pricing") if isinstance(item.get("pricing"), dict) else {}
        rows.append(
            (
                _text(item.get("id")),
                _text(item.get("hugging_face_id")),
                _text(item.get("name")),
                _int(item.get("created")),
                _int(item.get("context_length")),
                pricing.get("prompt") if isinstance(pricing.get("prompt"), str) else None,
                pricing.get("completion") if isinstance(pricing.get("completion"), str) else None,
            )
        )
    frame = pl.DataFrame(
        rows,
        schema={
            "id": pl.String,
            "hugging_face_id": pl.String,
            "name": pl.String,
            "created": pl.Int64,
            "context_length": pl.Int64,
            "pricing_prompt": pl.String,
            "pricing_completion": pl.String,
        },
        orient="row",
    )
    return OpenRouterModelsSchema.validate(frame, lazy=True)


def openrouter_claims(
    models: pl.DataFrame,
    aliases: pl.DataFrame,
    hf_place,
    retrieved: dt.date,
) -> tuple[pl.DataFrame, pl.DataFrame]:
    """Context-window claims for models the alias map (namespace `openrouter`, by OpenRouter id)
    or their `hugging_face_id` places (`hf_place(frame, column)`: the alias map `hf`, then the
    exact repo rules), as (claims, unmatched). No prices (a reseller's route), no dates."""
    by_id = attach_ids(models, "id", "openrouter", aliases).rename({"model_id": "_by_id"})
    by_hf = hf_place(
        by_id.drop("matched_by", "name_key").with_columns(pl.col("hugging_face_id").fill_null("")),
        "hugging_face_id",
    )
    refused = moving_alias("id")
    ided = by_hf.with_columns(
        pl.when(refused)
        .then(None)
        .otherwise(
            pl.coalesce(
                "_by_id",
                pl.when(pl.col("hugging_face_id") != "").then(pl.col("model_id")),
            )
        )
        .alias("model_id"),
        refused.alias("_moving"),
    )
    claims = claims_frame(
        ided.select(
            "model_id",
            pl.lit("context_window").alias("field"),
            pl.col("context_length").cast(pl.Float64).alias("value"),
            pl.col("id").alias("source_record"),
        ),
        source="openrouter_2026_08",
        citation=OPENROUTER_URL,
        method="reported",
        precedence=AGGREGATOR,
        retrieved_date=retrieved,
        as_of_date=OPENROUTER_AS_OF,
    )
    reason = (
        pl.when(pl.col("hugging_face_id") == "")
        .then(pl.lit("no hugging_face_id and no alias (openrouter)"))
        .otherwise(
            pl.concat_str(
                [
                    pl.lit("hugging_face_id "),
                    pl.col("hugging_face_id"),
                    pl.lit(" matches no model (alias hf or exact repo rule)"),
                ]
            )
        )
    )
    return claims, _unmatched(ided, "openrouter_2026_08", pl.col("id"), reason)


# --------------------------------------------------------------------------- models.dev


class ModelsDevModelsSchema(pa.DataFrameModel):
    """models.dev `DERIVED_models_flat.csv` (one row per models/<lab>/<id>.toml)."""

    lab: str = pa.Field(alias="lab", nullable=False, description="Lab folder.")
    id: str = pa.Field(alias="id", nullable=False, description="Model id in the lab folder.")
    release_date: str = pa.Field(
        alias="release_date", nullable=True, str_matches=DAY_OR_MONTH, description="Released."
    )
    last_updated: str = pa.Field(
        alias="last_updated", nullable=True, str_matches=DAY_OR_MONTH, description="Changed."
    )
    open_weights: str = pa.Field(
        alias="open_weights", nullable=True, isin=BOOL, description="Weights published."
    )
    limit_context: str = pa.Field(
        alias="limit_context", nullable=True, str_matches=NUMBER, description="Context (tokens)."
    )
    limit_input: str = pa.Field(
        alias="limit_input", nullable=True, str_matches=NUMBER, description="Input cap (tokens)."
    )
    path: str = pa.Field(alias="_path", nullable=False, unique=True, description="Source TOML.")

    class Config:
        strict = False
        unique = ["lab", "id"]


class ModelsDevPricesSchema(pa.DataFrameModel):
    """models.dev `DERIVED_first_party_provider_prices_flat.csv` (one row per
    providers/<provider>/models/**.toml; costs in USD per 1M tokens, the base of a tier table)."""

    provider: str = pa.Field(alias="provider", nullable=False, description="Provider folder.")
    model_id: str = pa.Field(alias="model_id", nullable=False, description="Provider's id.")
    base_model: str = pa.Field(
        alias="base_model", nullable=True, str_matches=r"^[^/]+/.+$", description="<lab>/<id>."
    )
    cost_input: str = pa.Field(
        alias="cost_input_usd_per_mtok", nullable=True, str_matches=NUMBER, description="USD/1M."
    )
    cost_output: str = pa.Field(
        alias="cost_output_usd_per_mtok", nullable=True, str_matches=NUMBER, description="USD/1M."
    )
    has_tiers: str = pa.Field(
        alias="cost_has_tiers", nullable=False, isin=BOOL, description="Tiered cost table."
    )
    limit_context: str = pa.Field(
        alias="limit_context", nullable=True, str_matches=NUMBER, description="Context (tokens)."
    )
    path: str = pa.Field(alias="_path", nullable=False, unique=True, description="Source TOML.")

    class Config:
        strict = False


def read_models_dev_models(path: Path) -> pl.DataFrame:
    return ModelsDevModelsSchema.validate(read_published_csv(path), lazy=True)


def read_models_dev_prices(path: Path) -> pl.DataFrame:
    return ModelsDevPricesSchema.validate(read_published_csv(path), lazy=True)


def _models_dev_cite(path_col: str = "_path") -> pl.Expr:
    return pl.concat_str([pl.lit(f"{MODELS_DEV_REPO}/blob/{MODELS_DEV_COMMIT}/"), pl.col(path_col)])


def models_dev_first_party(prices: pl.DataFrame) -> pl.DataFrame:
    """The provider rows that are the developer's own offer, with `match_name` (the model's id: the
    base model's when the file names one) and `lab`."""
    provider_lab = pl.col("provider").replace_strict(MODELS_DEV_PROVIDER_LAB, default=None)
    base = pl.col("base_model").fill_null("")
    lab = (
        pl.when(base != "")
        .then(base.str.split("/").list.first())
        .when(pl.col("model_id").str.contains("/"))  # NIM's `<org>/<model>` listings
        .then(pl.col("model_id").str.split("/").list.first())
        .otherwise(provider_lab)
    )
    name = pl.when(base != "").then(base).otherwise(pl.col("model_id")).str.split("/").list.last()
    return prices.with_columns(lab.alias("lab"), name.alias("match_name")).filter(
        pl.col("lab") == provider_lab
    )


def models_dev_claims(
    registry: pl.DataFrame,
    prices: pl.DataFrame,
    aliases: pl.DataFrame,
    known_ids: pl.DataFrame,
    retrieved: dt.date,
) -> tuple[pl.DataFrame, pl.DataFrame]:
    """First-party list prices and the registry's context windows of the models the alias map
    (namespace `models_dev`, by id) or the exact rule places, as of the pinned commit; as
    (claims, unmatched)."""
    own = _place(models_dev_first_party(prices), "match_name", "models_dev", aliases, known_ids)
    price_rows = [
        own.select(
            "model_id",
            pl.lit(field).alias("field"),
            pl.col(column).cast(pl.Float64).alias("value"),
            _models_dev_cite().alias("citation"),
            pl.col("_path").alias("source_record"),
        )
        for field, column in (
            ("price_usd_per_1m_input_tokens", "cost_input_usd_per_mtok"),
            ("price_usd_per_1m_output_tokens", "cost_output_usd_per_mtok"),
        )
    ]
    # One price per model and direction: a dated snapshot and its undated alias of one release
    # list one price; where two files differ, the lower path (stable) is kept.
    prices_out = (
        pl.concat(price_rows)
        .filter(pl.col("model_id").is_not_null() & (pl.col("value") > 0))
        .sort("model_id", "field", "source_record")
        .unique(["model_id", "field"], keep="first", maintain_order=True)
    )
    reg = _place(registry, "id", "models_dev", aliases, known_ids)
    window = pl.coalesce(
        pl.col("limit_input").cast(pl.Float64), pl.col("limit_context").cast(pl.Float64)
    )
    context = (
        reg.select(
            "model_id",
            pl.lit("context_window").alias("field"),
            window.alias("value"),
            _models_dev_cite().alias("citation"),
            pl.col("_path").alias("source_record"),
        )
        .filter(pl.col("model_id").is_not_null() & (pl.col("value") > 0))
        .sort("model_id", "source_record")
        .unique("model_id", keep="first", maintain_order=True)
    )
    claims = claims_frame(
        pl.concat([prices_out, context]),
        source="models_dev_2026_07",
        method="reported",
        precedence=AGGREGATOR,
        retrieved_date=retrieved,
        as_of_date=MODELS_DEV_AS_OF,
    )
    unmatched = _unmatched(
        reg,
        "models_dev_2026_07",
        pl.concat_str([pl.col("lab"), pl.lit("/"), pl.col("id")]),
        pl.lit("no alias (models_dev) and no model_id equal to the id"),
    )
    return claims, unmatched


# --------------------------------------------------------------------------- genai-prices


class GenaiPricesSchema(pa.DataFrameModel):
    """genai-prices v2 `data.json`, one row per (provider, model, price entry); prices in USD
    per 1M tokens (`*_shape`: a number, a tiered object whose base is taken, or absent)."""

    provider: str = pa.Field(nullable=False, description="Provider id.")
    model_id: str = pa.Field(nullable=False, description="Model id at the provider.")
    key: str = pa.Field(nullable=False, description="provider/model_id.")
    entry: int = pa.Field(nullable=False, ge=0, description="Index among the model's prices.")
    start_date: str = pa.Field(nullable=True, str_matches=DATE, description="Price from this day.")
    start_time: str = pa.Field(nullable=True, description="Time-of-day window start.")
    input_mtok: float = pa.Field(nullable=True, ge=0, description="USD per 1M input tokens.")
    output_mtok: float = pa.Field(nullable=True, ge=0, description="USD per 1M output tokens.")
    price_comments: str = pa.Field(nullable=True, description="The feed's note on the price.")
    tracks_latest: bool = pa.Field(
        nullable=False, description="The match rule names `<id>-latest` (a moving alias)."
    )
    input_shape: str = pa.Field(
        nullable=False, isin=["number", "tiered", "absent"], description="Input price shape."
    )
    output_shape: str = pa.Field(
        nullable=False, isin=["number", "tiered", "absent"], description="Output price shape."
    )

    class Config:
        unique = ["provider", "model_id", "entry"]


def _price(value: object) -> tuple[float | None, str]:
    if value is None:
        return None, "absent"
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return float(value), "number"
    if isinstance(value, dict) and isinstance(value.get("base"), (int, float)):
        return float(value["base"]), "tiered"
    return None, f"unknown: {json.dumps(value)[:80]}"


def _equals_names(rule: object) -> list[str]:
    """Every `equals` name in a genai-prices match rule (nested `or`/`and` included)."""
    if isinstance(rule, dict):
        return [n for k, v in rule.items() for n in ([v] if k == "equals" else _equals_names(v))]
    if isinstance(rule, list):
        return [n for v in rule for n in _equals_names(v)]
    return []


def read_genai_prices(path: Path) -> pl.DataFrame:
    data = json.loads(path.read_bytes())
    if not isinstance(data, list):
        raise ValueError(f"{path}: expected a JSON list of providers (genai-prices v2)")
    rows = []
    for provider in data:
        if not isinstance(provider, dict) or not isinstance(provider.get("models"), list):
            raise ValueError(f"{path}: a provider without a `models` list")
        for model in provider["models"]:
            if not isinstance(model, dict):
                raise ValueError(f"{path}: {provider.get('id')}: a non-object model")
            tracks_latest = f"{model.get('id')}-latest" in _equals_names(model.get("match"))
            comments = model.get("price_comments")
            prices = model.get("prices")
            entries = prices if isinstance(prices, list) else [{"prices": prices}]
            for i, entry in enumerate(entries):
                entry = entry if isinstance(entry, dict) else {}
                constraint = entry.get("constraint") or {}
                values = entry.get("prices") if isinstance(entry.get("prices"), dict) else {}
                inp, in_shape = _price(values.get("input_mtok"))
                out, out_shape = _price(values.get("output_mtok"))
                rows.append(
                    (
                        provider.get("id"),
                        model.get("id"),
                        f"{provider.get('id')}/{model.get('id')}",
                        i,
                        constraint.get("start_date"),
                        constraint.get("start_time"),
                        comments if isinstance(comments, str) else None,
                        tracks_latest,
                        inp,
                        out,
                        in_shape,
                        out_shape,
                    )
                )
    frame = pl.DataFrame(
        rows,
        schema={
            "provider": pl.String,
            "model_id": pl.String,
            "key": pl.String,
            "entry": pl.Int64,
            "start_date": pl.String,
            "start_time": pl.String,
            "price_comments": pl.String,
            "tracks_latest": pl.Boolean,
            "input_mtok": pl.Float64,
            "output_mtok": pl.Float64,
            "input_shape": pl.String,
            "output_shape": pl.String,
        },
        orient="row",
    )
    return GenaiPricesSchema.validate(frame, lazy=True)


def genai_in_force(prices: pl.DataFrame, on: dt.date = GENAI_PRICES_AS_OF) -> pl.DataFrame:
    """Each model's price in force on `on`, with its as-of date: the entry with the latest
    `start_date` not after `on` (none: the undated entry, as of `on`); time-of-day windows are
    not the list price."""
    start = pl.col("start_date").str.to_date("%Y-%m-%d")
    return (
        prices.filter(pl.col("start_time").is_null())
        .with_columns(start.alias("_start"))
        .filter(pl.col("_start").is_null() | (pl.col("_start") <= on))
        .sort(["key", "_start"], descending=[False, True], nulls_last=True)
        .unique("key", keep="first", maintain_order=True)
        .with_columns(pl.coalesce("_start", pl.lit(on)).alias("as_of_date"))
        .drop("_start")
    )


def genai_prices_claims(
    prices: pl.DataFrame, aliases: pl.DataFrame, known_ids: pl.DataFrame, retrieved: dt.date
) -> tuple[pl.DataFrame, pl.DataFrame]:
    """The developer's own prices in force on the feed date, for models the alias map (namespace
    `genai_prices`, by id) or the exact rule places, as (claims, unmatched)."""
    resold = pl.col("price_comments").fill_null("").str.contains(r"(?i)open ?router")
    own = genai_in_force(prices.filter(pl.col("provider").is_in(GENAI_FIRST_PARTY) & ~resold))
    ided = _place(own, "model_id", "genai_prices", aliases, known_ids)
    # An undated id whose entry also prices `<id>-latest` (Mistral's `mistral-large`,
    # `codestral`) is the family's moving name: only the alias map may place it.
    ided = ided.with_columns(
        pl.when(pl.col("tracks_latest") & (pl.col("matched_by") == "exact name"))
        .then(None)
        .otherwise(pl.col("model_id"))
        .alias("model_id"),
        (pl.col("_moving") | pl.col("tracks_latest")).alias("_moving"),
    )
    cite = pl.concat_str(
        [
            pl.lit(f"{GENAI_PRICES_REPO}/blob/{GENAI_PRICES_COMMIT}/prices/providers/"),
            pl.col("provider"),
            pl.lit(".yml"),
        ]
    )
    rows = [
        ided.select(
            "model_id",
            pl.lit(field).alias("field"),
            pl.col(column).alias("value"),
            cite.alias("citation"),
            "as_of_date",
            pl.col("key").alias("source_record"),
        )
        for field, column in (
            ("price_usd_per_1m_input_tokens", "input_mtok"),
            ("price_usd_per_1m_output_tokens", "output_mtok"),
        )
    ]
    claims = claims_frame(
        pl.concat(rows)
        .filter(pl.col("model_id").is_not_null() & (pl.col("value") > 0))
        .sort("model_id", "field", "source_record")
        .unique(["model_id", "field"], keep="first", maintain_order=True),
        source="genai_prices_2026_08",
        method="reported",
        precedence=AGGREGATOR,
        retrieved_date=retrieved,
    )
    unmatched = _unmatched(
        ided,
        "genai_prices_2026_08",
        pl.col("key"),
        pl.lit("no alias (genai_prices) and no model_id equal to the id"),
    )
    return claims, unmatched
