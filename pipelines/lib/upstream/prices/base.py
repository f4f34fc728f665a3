"""What the price and context-window upstreams share: their pins (repository, commit,
as-of date), moving aliases, exact placement on our models and the unmatched rows."""

from __future__ import annotations

import datetime as dt

import polars as pl

from pipelines.lib.ingest.aliases import attach_ids
from pipelines.lib.upstream.published import DATE, NUMBER  # noqa: F401 (the price readers' patterns)

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
