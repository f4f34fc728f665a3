"""The 2026-12 price and context-window upstreams (pipelines/lib/upstream/prices/): each reader
on real rows cut at test time from the pinned files (tests/fixtures/upstream/cuts.yaml), each
unit conversion against a value the source's SOURCE.md states, each trap, and each schema
failing at its own door on a broken copy."""

import datetime as dt
import json
from pathlib import Path

import pandera.polars as pa
import polars as pl
import pytest

from pipelines.lib.staging import claims as cl
from pipelines.lib.upstream import aggregators as ag
from pipelines.lib.upstream import prices as pr
from pipelines.lib.upstream.manifest import count_rows
from pipelines.lib.upstream.refresh import Sentinel, detect_drift

X: Path  # the upstream excerpts, cut at test time: set by _excerpts below
DAY = dt.date(2026, 12, 6)
NO_ALIASES = pl.DataFrame(
    schema={"namespace": pl.String, "name_key": pl.String, "name": pl.String, "model_id": pl.String}
)


@pytest.fixture(autouse=True, scope="module")
def _excerpts(upstream_excerpts):
    global X
    X = upstream_excerpts


def _aliases(*rows: tuple[str, str, str]) -> pl.DataFrame:
    """(namespace, name, model_id) rows, keyed like aliases.load_aliases."""
    return pl.DataFrame(
        [(ns, name.strip().lower(), name, mid) for ns, name, mid in rows],
        schema=NO_ALIASES.schema,
        orient="row",
    )


def _known(*ids: str) -> pl.DataFrame:
    return pl.DataFrame({"model_id": list(ids)})


def _value(claims: pl.DataFrame, model_id: str, field: str):
    rows = claims.filter((pl.col("model_id") == model_id) & (pl.col("field") == field))
    assert rows.height == 1, (model_id, field, rows)
    return rows.row(0, named=True)


# --------------------------------------------------------------------------- LiteLLM 2026-08-01


def test_litellm_2026_08_is_a_second_dated_snapshot_in_dollars_per_million():
    lite = ag.read_litellm(X / "litellm_2026-08-01.json")
    claims = ag.litellm_claims(
        lite,
        NO_ALIASES,
        _known("gpt-5", "gpt-4o"),
        pr.LITELLM_2026_08_AS_OF,
        DAY,
        source="litellm_2026_08",
        citation=pr.LITELLM_2026_08_URL,
    )
    # SOURCE.md spot check: gpt-5 272000 in, $1.25 / $10 per M (published per token: 1.25e-06).
    assert _value(claims, "gpt-5", "price_usd_per_1m_input_tokens")["value"] == pytest.approx(1.25)
    assert _value(claims, "gpt-5", "price_usd_per_1m_output_tokens")["value"] == pytest.approx(10)
    assert _value(claims, "gpt-5", "context_window")["value"] == 272000
    assert set(claims["as_of_date"]) == {dt.date(2026, 8, 1)}
    assert set(claims["source"]) == {"litellm_2026_08"}
    assert "litellm_2026_08" in cl.SOURCE_ORDER


def test_two_dated_litellm_snapshots_are_history_not_a_conflict():
    """A price that changed between the 2026-07-24 and 2026-08-01 maps: the newer resolves."""
    lite = ag.read_litellm(X / "litellm_2026-08-01.json")
    new = ag.litellm_claims(
        lite, NO_ALIASES, _known("gpt-5"), pr.LITELLM_2026_08_AS_OF, DAY, source="litellm_2026_08"
    )
    old = new.with_columns(
        pl.lit("litellm").alias("source"),
        pl.lit(dt.date(2026, 7, 24)).alias("as_of_date"),
        pl.col("value") * 2,
    )
    resolved, conflicts = cl.resolve(pl.concat([old, new]))
    chosen = _value(resolved, "gpt-5", "price_usd_per_1m_input_tokens")
    assert chosen["source"] == "litellm_2026_08" and chosen["value"] == pytest.approx(1.25)
    assert conflicts.filter(pl.col("field").str.starts_with("price")).height == 0


def test_litellm_never_claims_a_moving_alias_even_through_the_alias_map():
    lite = ag.read_litellm(X / "litellm_2026-08-01.json")
    assert "deepseek/deepseek-chat" in set(lite["key"])  # 0.28 / 0.42 today, not V3's price
    aliases = _aliases(("litellm", "deepseek/deepseek-chat", "deepseek-v3"))
    claims = ag.litellm_claims(lite, aliases, _known("deepseek-v3"), pr.LITELLM_2026_08_AS_OF, DAY)
    assert claims.filter(pl.col("model_id") == "deepseek-v3").height == 0


# --------------------------------------------------------------------------- timeline


def test_timeline_launch_prices_are_dated_and_cited_per_row():
    timeline = pr.read_timeline(X / "token_tariff_timeline.csv")
    claims, unmatched = pr.timeline_claims(
        timeline, NO_ALIASES, _known("gpt-4", "gpt-4o", "gpt-5", "claude-opus-4.5"), DAY
    )
    # SOURCE.md: gpt-5 launched 2025-08-07 at $1.25 / $10 per M (already per million).
    gpt5 = _value(claims, "gpt-5", "price_usd_per_1m_input_tokens")
    assert gpt5["value"] == 1.25 and gpt5["as_of_date"] == dt.date(2025, 8, 7)
    assert gpt5["citation"] == "https://www.infoq.com/news/2025/08/openai-gpt5-release/"
    assert _value(claims, "gpt-5", "price_usd_per_1m_output_tokens")["value"] == 10
    gpt4 = _value(claims, "gpt-4", "price_usd_per_1m_output_tokens")
    assert gpt4["value"] == 60 and gpt4["as_of_date"] == dt.date(2023, 3, 14)
    assert gpt4["citation"].startswith("https://web.archive.org/")
    assert _value(claims, "claude-opus-4.5", "price_usd_per_1m_input_tokens")["value"] == 5
    # gpt-4o has no launch price in the file (its current price is OpenRouter's route).
    assert claims.filter(pl.col("model_id") == "gpt-4o").height == 0
    [row] = unmatched.filter(pl.col("name") == "deepseek-v3.2").rows(named=True)
    assert row["source"] == "token_tariff_timeline" and "no alias" in row["detail"]


# --------------------------------------------------------------------------- OpenRouter


def _hf_place(rule: pl.DataFrame):
    return lambda frame, col: ag._attach_hf(frame, col, NO_ALIASES, rule)


def _slug_rule(*model_ids: str) -> pl.DataFrame:
    return pl.DataFrame(
        {
            "rule": ["slug"] * len(model_ids),
            "repo_key": list(model_ids),
            "model_id": list(model_ids),
            "hf_org": [None] * len(model_ids),
        },
        schema={
            "rule": pl.String,
            "repo_key": pl.String,
            "model_id": pl.String,
            "hf_org": pl.String,
        },
    )


def test_openrouter_gives_context_windows_by_hugging_face_id_and_nothing_else():
    models = pr.read_openrouter(X / "openrouter_models.json")
    rule = _slug_rule("deepseek-v3.1", "kimi-k2-instruct", "gpt-oss-120b", "deepseek-v3")
    claims, unmatched = pr.openrouter_claims(models, NO_ALIASES, _hf_place(rule), DAY)
    # SOURCE.md: deepseek/deepseek-chat-v3.1 (deepseek-ai/DeepSeek-V3.1) 163840 tokens.
    v31 = _value(claims, "deepseek-v3.1", "context_window")
    assert v31["value"] == 163840 and v31["as_of_date"] == dt.date(2026, 8, 1)
    assert _value(claims, "kimi-k2-instruct", "context_window")["value"] == 131072
    # Prices are a reseller's route and `created` is the day added to OpenRouter: neither used.
    assert set(claims["field"]) == {"context_window"}
    assert models.filter(pl.col("id") == "openai/gpt-5")["pricing_prompt"].item() == "0.00000125"
    reasons = dict(zip(unmatched["name"], unmatched["detail"], strict=True))
    assert "no hugging_face_id" in reasons["openai/gpt-5"]
    # deepseek/deepseek-chat says deepseek-ai/DeepSeek-V3 but serves whatever DeepSeek serves.
    assert claims.filter(pl.col("model_id") == "deepseek-v3").height == 0
    assert "moving alias" in reasons["deepseek/deepseek-chat"]
    assert "moving alias" in reasons["~anthropic/claude-opus-latest"]


# --------------------------------------------------------------------------- models.dev


def test_models_dev_first_party_list_prices_and_context_limits():
    registry = pr.read_models_dev_models(X / "models_dev_models.csv")
    prices = pr.read_models_dev_prices(X / "models_dev_prices.csv")
    known = _known("gpt-5", "glm-4.5", "claude-opus-4-5-20251101", "deepseek-v4-flash")
    claims, unmatched = pr.models_dev_claims(registry, prices, NO_ALIASES, known, DAY)
    # SOURCE.md: openai/gpt-5 $1.25 / $10 per M (TOML [cost], already per million).
    gpt5 = _value(claims, "gpt-5", "price_usd_per_1m_input_tokens")
    assert gpt5["value"] == 1.25 and gpt5["as_of_date"] == dt.date(2026, 7, 2)
    assert gpt5["citation"].endswith(f"{pr.MODELS_DEV_COMMIT}/providers/openai/models/gpt-5.toml")
    assert _value(claims, "gpt-5", "price_usd_per_1m_output_tokens")["value"] == 10
    # The prompt cap (limit.input 272000), as LiteLLM's max_input_tokens, not the 400000 total.
    assert _value(claims, "gpt-5", "context_window")["value"] == 272000
    assert _value(claims, "glm-4.5", "context_window")["value"] == 131072  # SOURCE.md
    # Z.ai's own API serves Zhipu's GLM-4.5 (provider folder zai, lab zhipuai).
    assert _value(claims, "glm-4.5", "price_usd_per_1m_input_tokens")["value"] == 0.6
    assert (
        _value(claims, "claude-opus-4-5-20251101", "price_usd_per_1m_output_tokens")["value"] == 25
    )
    # NVIDIA NIM reselling DeepSeek V4 Flash is not DeepSeek's offer.
    assert claims.filter(pl.col("model_id") == "deepseek-v4-flash").height == 0
    assert "kimi-k2-thinking" in " ".join(unmatched["name"])


def test_models_dev_moving_aliases_are_never_placed():
    registry = pr.read_models_dev_models(X / "models_dev_models.csv")
    prices = pr.read_models_dev_prices(X / "models_dev_prices.csv")
    aliases = _aliases(
        ("models_dev", "deepseek-chat", "deepseek-v3"),
        ("models_dev", "mistral-large-latest", "mistral-large-2411"),
    )
    claims, _ = pr.models_dev_claims(
        registry, prices, aliases, _known("deepseek-v3", "mistral-large-2411"), DAY
    )
    assert (
        claims.filter(pl.col("model_id").is_in(["deepseek-v3", "mistral-large-2411"])).height == 0
    )


# --------------------------------------------------------------------------- genai-prices


def _genai():
    prices = pr.read_genai_prices(X / "genai_prices.json")
    known = _known(
        "gpt-5",
        "o3",
        "gpt-oss-120b",
        "claude-opus-4-5",
        "claude-sonnet-5",
        "gemini-3-pro-preview",
        "gemini-3.6-flash",
        "deepseek-chat",
        "mistral-large",
        "glm-4.7",
    )
    return prices, known


def test_genai_prices_price_in_force_with_its_start_date():
    prices, known = _genai()
    claims, _ = pr.genai_prices_claims(prices, NO_ALIASES, known, DAY)
    # SOURCE.md: openai gpt-5 $1.25 / $10 per M (already per million), undated: as of the feed.
    gpt5 = _value(claims, "gpt-5", "price_usd_per_1m_input_tokens")
    assert gpt5["value"] == 1.25 and gpt5["as_of_date"] == dt.date(2026, 8, 21)
    assert gpt5["citation"].endswith("/prices/providers/openai.yml")
    assert _value(claims, "gpt-5", "price_usd_per_1m_output_tokens")["value"] == 10
    # o3 fell from $10 / $40 to $2 / $8 on 2025-06-10: that price, dated that day.
    o3 = _value(claims, "o3", "price_usd_per_1m_output_tokens")
    assert o3["value"] == 8 and o3["as_of_date"] == dt.date(2025, 6, 10)
    # Prices scheduled after the feed date are not yet in force (sonnet-5 2026-09-01).
    assert _value(claims, "claude-sonnet-5", "price_usd_per_1m_input_tokens")["value"] == 2
    assert _value(claims, "gemini-3.6-flash", "price_usd_per_1m_input_tokens")["value"] == 0.75
    # Tiered: the base tier (SOURCE.md: gemini-3-pro-preview 2 / 12 up to 200k, then 4 / 18).
    assert _value(claims, "gemini-3-pro-preview", "price_usd_per_1m_input_tokens")["value"] == 2
    assert _value(claims, "gemini-3-pro-preview", "price_usd_per_1m_output_tokens")["value"] == 12
    assert _value(claims, "claude-opus-4-5", "price_usd_per_1m_output_tokens")["value"] == 25


def test_genai_prices_traps_moving_names_resold_prices_and_resellers():
    prices, known = _genai()
    aliases = _aliases(("genai_prices", "global.anthropic.claude-opus-4-5-v1:0", "claude-opus-4-5"))
    claims, unmatched = pr.genai_prices_claims(prices, aliases, known, DAY)
    # deepseek-chat (0.135 / 0.55, peak 0.27 / 1.10) is a moving alias, never a release.
    assert claims.filter(pl.col("model_id") == "deepseek-chat").height == 0
    assert "deepseek/deepseek-chat" in set(unmatched["name"])
    # `mistral-large` also prices mistral-large-latest: no exact-name match.
    assert claims.filter(pl.col("model_id") == "mistral-large").height == 0
    # gpt-oss-120b's price was copied from OpenRouter (price_comments): not OpenAI's offer.
    assert claims.filter(pl.col("model_id") == "gpt-oss-120b").height == 0
    # Zhipu's CNY list converted at an assumed exchange rate is no USD list price.
    assert claims.filter(pl.col("model_id") == "glm-4.7").height == 0
    # AWS reselling Claude never stands for Anthropic's price, alias or not.
    assert set(claims.filter(pl.col("model_id") == "claude-opus-4-5")["source_record"]) == {
        "anthropic/claude-opus-4-5"
    }


def test_genai_prices_reader_keeps_tiers_and_constraints_as_published():
    prices = pr.read_genai_prices(X / "genai_prices.json")
    gemini = prices.filter(pl.col("key") == "google/gemini-3-pro-preview").row(0, named=True)
    assert gemini["input_shape"] == "tiered" and gemini["input_mtok"] == 2
    sonnet = prices.filter(pl.col("key") == "anthropic/claude-sonnet-5").sort("entry")
    assert sonnet["start_date"].to_list() == [None, "2026-09-01"]
    peak = prices.filter(pl.col("key") == "deepseek/deepseek-chat")["start_time"].drop_nulls()
    assert peak.to_list() == ["00:30:00Z"]


# --------------------------------------------------------------------------- doors


def _rename_header(src: Path, dest: Path, old: str, new: str) -> Path:
    header, rest = src.read_text(encoding="utf-8").split("\n", 1)
    header = ",".join(new if c == old else c for c in header.split(","))
    dest.write_text(header + "\n" + rest, encoding="utf-8")
    return dest


@pytest.mark.parametrize(
    ("reader", "fixture", "old", "new"),
    [
        (pr.read_timeline, "token_tariff_timeline.csv", "launch_price_in", "launch_in"),
        (pr.read_models_dev_models, "models_dev_models.csv", "limit_context", "context"),
        (
            pr.read_models_dev_prices,
            "models_dev_prices.csv",
            "cost_input_usd_per_mtok",
            "cost_input",
        ),
    ],
)
def test_a_renamed_column_fails_at_its_own_door(tmp_path, reader, fixture, old, new):
    path = _rename_header(X / fixture, tmp_path / fixture, old, new)
    with pytest.raises(pa.errors.SchemaErrors) as excinfo:
        reader(path)
    assert old in str(excinfo.value)


def _broken_json(tmp_path: Path, fixture: str, edit) -> Path:
    data = json.loads((X / fixture).read_text(encoding="utf-8"))
    edit(data)
    path = tmp_path / fixture
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


def test_a_changed_json_format_fails_at_its_own_door(tmp_path):
    def litellm(d):
        d["gpt-5"]["input_cost_per_token"] = -1.25e-06

    def openrouter(d):
        d["data"][0]["context_length"] = "400000"  # a string: the API changed its types

    def genai(d):
        d[0]["models"][0]["prices"]["input_mtok"] = "1.25"

    cases = [
        (ag.read_litellm, "litellm_2026-08-01.json", litellm, "input_cost_per_token"),
        (pr.read_openrouter, "openrouter_models.json", openrouter, "context_length"),
        (pr.read_genai_prices, "genai_prices.json", genai, "input_shape"),
    ]
    for reader, fixture, edit, column in cases:
        with pytest.raises(pa.errors.SchemaErrors) as excinfo:
            reader(_broken_json(tmp_path, fixture, edit))
        assert column in str(excinfo.value), fixture
    with pytest.raises(ValueError, match="data"):
        pr.read_openrouter(
            _broken_json(tmp_path, "openrouter_models.json", lambda d: d.pop("data"))
        )


def test_count_rows_counts_api_lists_and_provider_lists(tmp_path):
    assert count_rows(X / "openrouter_models.json") == 6
    assert count_rows(X / "genai_prices.json") == 11
    licence = tmp_path / "LICENSE_models.dev.txt"
    licence.write_text("MIT License\n", encoding="utf-8")
    assert count_rows(licence) == 0


def test_a_json_sentinel_catches_a_silent_price_change(tmp_path):
    old = X / "litellm_2026-08-01.json"

    def cheaper(d):
        d["gpt-5"]["input_cost_per_token"] = 1.0e-06

    new = _broken_json(tmp_path, "litellm_2026-08-01.json", cheaper)
    sentinels = (Sentinel("key", "gpt-5", ("input_cost_per_token",)),)
    drift = detect_drift(old, new, max_row_drop=0.1, sentinels=sentinels, reader=ag.read_litellm)
    assert any("gpt-5 / input_cost_per_token" in d for d in drift)
    assert (
        detect_drift(old, old, max_row_drop=0.1, sentinels=sentinels, reader=ag.read_litellm) == []
    )
