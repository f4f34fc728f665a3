"""LLM-Stats.com (JonathanChavezTamales/llm-leaderboard, CC-BY-4.0): models, scores, API offers.

The three snapshot files are plain concatenations of the repo's JSON at a pinned commit
(`flat_models.csv`, `flat_model_benchmarks.csv`, `flat_provider_models.csv`).

Identity: an LLM-Stats model is one of ours when the alias map (namespace `llm_stats`) or the
exact-id rule (its id equals a known model_id) says so; otherwise it is a release of its own, with
LLM-Stats' id, name, organisation and release date. Its architecture stays `unknown`: the file
gives one parameter count and does not say whether it is total or active.

Traps handled (tests/pipelines/test_llm_stats.py):
- Scores are fractions (x100), and `mmlu` rows mix 0-shot, chain-of-thought and 5-shot runs:
  only rows whose `analysis_method` says 5-shot and not CoT become `mmlu` claims.
- Placeholder citations (`https://example.com/...`) are not citations: such rows are dropped.
- Prices are in CENTS per million tokens (/100). Several providers serve one model: the
  developer's own API is claimed, else the cheapest listed offer; its `max_input_tokens` is the
  context window of that offer. Prices carry the row's `updated_at` date as their as-of date.
- Values known to be wrong (ERRATA.yaml beside the snapshot: dates, a tenfold parameter slip,
  scores of another snapshot) are dropped, each with who found it and why.
- A new model whose display name equals one of ours ("GPT-4o" for gpt-4o-2024-08-06) gets its
  id appended to the name, so two releases never look like one.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pandera.polars as pa
import polars as pl

from pipelines.lib.ingest.aliases import attach_ids, with_organization
from pipelines.lib.staging.claims import AGGREGATOR, claims_frame
from pipelines.lib.upstream.published import DATE, PublishedCsvSchema, number

REPO = "https://github.com/JonathanChavezTamales/llm-leaderboard"
COMMIT = "24a9ccf7402306f0c3e237213538e4537d64ecc2"
FOLDER = "data/raw/upstream/llm_stats"
FIVE_SHOT = r"(?i)5[- ]?shot"
CHAIN_OF_THOUGHT = r"(?i)\bcot\b|chain[- ]of[- ]thought"
PLACEHOLDER = r"(?i)^https?://(www\.)?example\.(com|org|net)\b"


# The last upstream commit before the repository was deprecated (2025-10-24), kept by the fork
# leonardogrig/llm-leaderboard: it fixes model files of the pinned commit (see `with_final`).
FINAL_REPO = "https://github.com/leonardogrig/llm-leaderboard"
FINAL_COMMIT = "872b75f63b8d853c46ed17856424029a0c47b1d2"


def _cite(path_col: str = "_path") -> pl.Expr:
    """The JSON file the value comes from, at the pinned commit (a full URL is kept as is: the
    rows the final commit replaced cite that commit)."""
    path = pl.col(path_col)
    return (
        pl.when(path.str.starts_with("https://"))
        .then(path)
        .otherwise(pl.concat_str([pl.lit(f"{REPO}/blob/{COMMIT}/"), path]))
    )


class LlmStatsModelsSchema(PublishedCsvSchema):
    """`flat_models.csv` as published (param_count and training_tokens are raw counts)."""

    model_id: str = pa.Field(alias="model_id", nullable=False, unique=True)
    name: str = pa.Field(alias="name", nullable=False)
    organization_id: str = pa.Field(alias="organization_id", nullable=True)
    fine_tuned_from: str = pa.Field(alias="fine_tuned_from_model_id", nullable=True)
    release_date: str = pa.Field(alias="release_date", nullable=True, str_matches=DATE)
    license_id: str = pa.Field(alias="license_id", nullable=True)
    param_count: str = number("param_count")
    training_tokens: str = number("training_tokens")
    path: str = pa.Field(alias="_path", nullable=False)


class LlmStatsScoresSchema(PublishedCsvSchema):
    """`flat_model_benchmarks.csv` as published (score is a fraction)."""

    benchmark_id: str = pa.Field(alias="benchmark_id", nullable=False)
    model_id: str = pa.Field(alias="model_id", nullable=False)
    score: str = number("score")
    self_reported: str = pa.Field(alias="is_self_reported", nullable=True)
    link: str = pa.Field(alias="self_reported_source_link", nullable=True)
    method: str = pa.Field(alias="analysis_method", nullable=True)
    path: str = pa.Field(alias="_path", nullable=False)


class LlmStatsProvidersSchema(PublishedCsvSchema):
    """`flat_provider_models.csv` as published (prices in US cents per million tokens)."""

    model_id: str = pa.Field(alias="model_id", nullable=False)
    provider_id: str = pa.Field(alias="provider_id", nullable=False)
    deprecated_at: str = pa.Field(alias="deprecated_at", nullable=True)
    input_cents: str = number("input_cents_per_million_tokens")
    output_cents: str = number("output_cents_per_million_tokens")
    max_input_tokens: str = number("max_input_tokens")
    updated_at: str = pa.Field(alias="updated_at", nullable=True, str_matches=r"^[0-9]{4}-")
    organization_id: str = pa.Field(alias="organization_id", nullable=True)
    path: str = pa.Field(alias="_path", nullable=False)


def read_models(path: Path) -> pl.DataFrame:
    return LlmStatsModelsSchema.read(path)


def read_final_model(path: Path) -> pl.DataFrame:
    """One `model.json` of the final upstream commit, as published, in the shape of a
    `flat_models.csv` row (every value as text, `_path` the file's URL at that commit)."""
    import json

    data = json.loads(path.read_bytes())
    if not isinstance(data, dict):
        raise ValueError(f"{path.name}: expected a JSON object")
    marker = "/data/organizations/"
    rel = (
        "data/organizations/" + str(path).split(marker, 1)[1] if marker in str(path) else path.name
    )
    row = {k: (None if v is None else str(v)) for k, v in data.items() if k != "description"}
    row["_path"] = f"{FINAL_REPO}/blob/{FINAL_COMMIT}/{rel}"
    return LlmStatsModelsSchema.validate(pl.DataFrame([row], schema=dict.fromkeys(row, pl.String)))


def with_final(models: pl.DataFrame, final: pl.DataFrame) -> pl.DataFrame:
    """The pinned commit's models with the rows the final commit changed replaced by that
    commit's values (same columns; a column the final file lacks stays as it was)."""
    if final.is_empty():
        return models
    replaced = models.filter(pl.col("model_id").is_in(final["model_id"].implode()))
    updated = replaced.select("model_id").join(final, on="model_id", how="left")
    updated = pl.concat(
        [
            replaced.select(
                [c for c in replaced.columns if c not in updated.columns] + ["model_id"]
            ).join(updated, on="model_id")
        ],
        how="diagonal",
    ).select(models.columns)
    kept = models.filter(~pl.col("model_id").is_in(final["model_id"].implode()))
    return pl.concat([kept, updated]).sort("model_id")


def read_scores(path: Path) -> pl.DataFrame:
    return LlmStatsScoresSchema.read(path)


def read_providers(path: Path) -> pl.DataFrame:
    return LlmStatsProvidersSchema.read(path)


def attach(models: pl.DataFrame, aliases: pl.DataFrame, known_ids: pl.DataFrame) -> pl.DataFrame:
    """`models` plus `atlas_id` (our model_id) and `new` (no model of ours matched)."""
    rule = known_ids.select(pl.col("model_id").alias("name_key"), "model_id")
    keyed = models.rename({"model_id": "llm_stats_id"})
    ided = attach_ids(keyed, "llm_stats_id", "llm_stats", aliases, fallback=rule)
    return ided.with_columns(
        pl.col("model_id").is_null().alias("new"),
        pl.coalesce("model_id", "llm_stats_id").alias("atlas_id"),
    ).drop("model_id", "name_key", "matched_by")


def identities(
    attached: pl.DataFrame,
    organizations: pl.DataFrame,
    errata: pl.DataFrame,
    taken_names: pl.Series | None = None,
) -> pl.DataFrame:
    """LLM-Stats models no model of ours matches, as identity rows (model_id, name,
    organization, release_date, open_weights, base_model_id, source_file). A name in
    `taken_names` (compared case-insensitively) gets the id appended:
    "GPT-4o (gpt-4o-2024-08-06)"."""
    bad_dates = errata.filter(pl.col("field") == "release_date")["model_id"]
    base = attached.select(
        pl.col("llm_stats_id").alias("fine_tuned_from_model_id"),
        pl.col("atlas_id").alias("base_model_id"),
    )
    licence = pl.col("license_id").fill_null("")
    taken = (
        pl.Series([], dtype=pl.String) if taken_names is None else taken_names
    ).str.to_lowercase()
    new = attached.filter(pl.col("new"))
    new = with_organization(new, "organization_id", "llm_stats", organizations)
    return new.join(base, on="fine_tuned_from_model_id", how="left").select(
        pl.col("atlas_id").alias("model_id"),
        pl.when(pl.col("name").str.to_lowercase().is_in(taken.implode()))
        .then(pl.concat_str([pl.col("name"), pl.lit(" ("), pl.col("atlas_id"), pl.lit(")")]))
        .otherwise(pl.col("name"))
        .alias("name"),
        "organization",
        pl.when(pl.col("llm_stats_id").is_in(bad_dates.implode()))
        .then(None)
        .otherwise(pl.col("release_date").str.to_date(strict=False))
        .alias("release_date"),
        pl.when(licence == "proprietary")
        .then(False)
        .when(licence.is_in(["", "unknown"]))
        .then(None)
        .otherwise(True)
        .alias("open_weights"),
        "base_model_id",
        pl.concat_str([pl.lit(f"{FOLDER}/flat_models.csv#"), pl.col("llm_stats_id")]).alias(
            "source_file"
        ),
    )


def claims(
    attached: pl.DataFrame,
    scores: pl.DataFrame,
    providers: pl.DataFrame,
    retrieved: dt.date,
    errata: pl.DataFrame | None = None,
) -> pl.DataFrame:
    """Parameter, token, 5-shot MMLU, price and context-window claims for every LLM-Stats
    model (matched ones land on our model_id), less the values `errata` lists as wrong."""
    ids = attached.select("llm_stats_id", "atlas_id", pl.col("organization_id").alias("_dev"))
    number = lambda c: pl.col(c).cast(pl.Float64, strict=False)  # noqa: E731
    model_rows = [
        attached.select(
            pl.col("atlas_id").alias("model_id"),
            pl.lit(field).alias("field"),
            number(column).alias("value"),
            _cite().alias("citation"),
            pl.lit(None, dtype=pl.Date).alias("as_of_date"),
            "llm_stats_id",
        )
        for field, column in (
            ("params_total", "param_count"),
            ("training_tokens", "training_tokens"),
        )
    ]
    method = pl.col("analysis_method").fill_null("")
    link = pl.col("self_reported_source_link").fill_null("").str.strip_chars()
    mmlu = (
        scores.filter(
            (pl.col("benchmark_id") == "mmlu")
            & method.str.contains(FIVE_SHOT)
            & ~method.str.contains(CHAIN_OF_THOUGHT)
            & link.str.starts_with("http")
            & ~link.str.contains(PLACEHOLDER)
        )
        .join(ids, left_on="model_id", right_on="llm_stats_id")
        .select(
            pl.col("atlas_id").alias("model_id"),
            pl.lit("mmlu").alias("field"),
            (number("score") * 100).alias("value"),
            link.alias("citation"),
            pl.lit(None, dtype=pl.Date).alias("as_of_date"),
            pl.col("model_id").alias("llm_stats_id"),
        )
    )
    offers = (
        providers.filter(pl.col("deprecated_at").is_null())
        .join(ids, left_on="model_id", right_on="llm_stats_id")
        .with_columns(
            (pl.col("provider_id") == pl.col("_dev")).alias("_own"),
            number("input_cents_per_million_tokens").alias("_in"),
        )
        .filter(pl.col("_in").is_not_null())
        .sort(["model_id", "_own", "_in", "provider_id"], descending=[False, True, False, False])
        .unique("model_id", keep="first", maintain_order=True)
    )
    offer_rows = [
        offers.select(
            pl.col("atlas_id").alias("model_id"),
            pl.lit(field).alias("field"),
            (number(column) * scale).alias("value"),
            _cite().alias("citation"),
            pl.col("updated_at").str.slice(0, 10).str.to_date(strict=False).alias("as_of_date"),
            pl.concat_str([pl.col("model_id"), pl.lit(" @ "), pl.col("provider_id")]).alias(
                "llm_stats_id"
            ),
        )
        for field, column, scale in (
            ("price_usd_per_1m_input_tokens", "input_cents_per_million_tokens", 0.01),
            ("price_usd_per_1m_output_tokens", "output_cents_per_million_tokens", 0.01),
            ("context_window", "max_input_tokens", 1.0),
        )
    ]
    frame = pl.concat([*model_rows, mmlu, *offer_rows]).filter(pl.col("value").is_not_null())
    if errata is not None and errata.height:
        wrong = errata.select(pl.col("model_id").alias("_lsid"), "field")
        frame = (
            frame.with_columns(pl.col("llm_stats_id").str.split(" @ ").list.first().alias("_lsid"))
            .join(wrong, on=["_lsid", "field"], how="anti")
            .drop("_lsid")
        )
    return claims_frame(
        frame.rename({"llm_stats_id": "source_record"}),
        source="llm_stats",
        method="reported",
        precedence=AGGREGATOR,
        retrieved_date=retrieved,
    )
