"""LLM-Stats parser on real rows (llm_stats_*.csv, cut at test time from data/raw/upstream/llm_stats
as tests/fixtures/upstream/cuts.yaml names them), its identity rule and every trap the module
docstring lists."""

import datetime as dt
import shutil
from pathlib import Path

import pandera.polars as pa
import polars as pl
import pytest

from pipelines.lib.ingest.aliases import load_aliases, load_organizations
from pipelines.lib.upstream import llm_stats as ls
from pipelines.lib.upstream.manifest import load_errata
from pipelines.lib.upstream.refresh import refresh_file

from ..conftest import FIXTURES, RAW_DIR

OURS = FIXTURES / "upstream"  # our own files (aliases); cuts.yaml names the upstream rows
X: Path  # the upstream excerpts, cut at test time: set by _excerpts below
DAY = dt.date(2026, 11, 25)
NO_ALIASES = load_aliases(OURS / "none.yaml")
ORGS = load_organizations(RAW_DIR / "organizations.yaml")
ERRATA = load_errata(RAW_DIR / "upstream" / "llm_stats")


@pytest.fixture(autouse=True, scope="module")
def _excerpts(upstream_excerpts):
    """Point X at the excerpts cut from the pinned files (tests/fixtures/upstream/cuts.yaml)."""
    global X
    X = upstream_excerpts


def _models():
    return ls.read_models(X / "llm_stats_models.csv")


def _attached(aliases=NO_ALIASES, known=("deepseek-v3",)):
    return ls.attach(_models(), aliases, pl.DataFrame({"model_id": list(known)}))


def _claims(attached=None):
    attached = _attached() if attached is None else attached
    return ls.claims(
        attached,
        ls.read_scores(X / "llm_stats_scores.csv"),
        ls.read_providers(X / "llm_stats_providers.csv"),
        DAY,
    )


def _value(claims, model_id, field):
    rows = claims.filter((pl.col("model_id") == model_id) & (pl.col("field") == field))
    return rows["value"].to_list()


def test_identity_alias_then_exact_id_else_a_model_of_its_own(tmp_path):
    (tmp_path / "aliases.yaml").write_text(
        'claude-3-opus:\n  llm_stats: ["claude-3-opus-20240229"]\n', encoding="utf-8"
    )
    attached = _attached(load_aliases(tmp_path / "aliases.yaml"))
    row = {r["llm_stats_id"]: r for r in attached.iter_rows(named=True)}
    assert row["claude-3-opus-20240229"]["atlas_id"] == "claude-3-opus"
    assert row["claude-3-opus-20240229"]["new"] is False
    assert row["deepseek-v3"]["new"] is False  # exact id of a known model
    assert row["jamba-1.5-large"]["new"] is True
    new = ls.identities(attached, ORGS, ERRATA)
    assert "claude-3-opus" not in set(new["model_id"])
    assert "deepseek-v3" not in set(new["model_id"])
    assert new.height == attached.height - 2


def test_new_models_carry_organisation_licence_base_and_erratum_dates():
    new = {r["model_id"]: r for r in ls.identities(_attached(), ORGS, ERRATA).iter_rows(named=True)}
    assert new["claude-3-opus-20240229"]["organization"] == "Anthropic"
    assert new["claude-3-opus-20240229"]["open_weights"] is False  # proprietary
    assert new["jamba-1.5-large"]["open_weights"] is True  # Jamba open model licence
    assert new["jamba-1.5-large"]["release_date"] == dt.date(2024, 8, 22)
    assert new["kimi-k2-instruct"]["base_model_id"] == "kimi-k2-base"
    # Trap: the reference flags gpt-3.5-turbo-0125's 2023-03-21 as wrong: dropped, not kept.
    assert new["gpt-3.5-turbo-0125"]["release_date"] is None
    assert new["gpt-3.5-turbo-0125"]["source_file"].endswith("flat_models.csv#gpt-3.5-turbo-0125")


def test_only_five_shot_non_cot_mmlu_with_a_real_citation():
    claims = _claims()
    # Anthropic's Claude 3 announcement: Opus 86.8 % 5-shot; Gemma 2 27B IT 75.2 (5-shot, top-1).
    assert _value(claims, "claude-3-opus-20240229", "mmlu") == [pytest.approx(86.8)]
    assert _value(claims, "gemma-2-27b-it", "mmlu") == [pytest.approx(75.2)]
    assert _value(claims, "llama-3.1-405b-instruct", "mmlu") == [pytest.approx(87.3)]
    assert _value(claims, "claude-3-5-sonnet-20240620", "mmlu") == []  # "5-shot CoT"
    assert _value(claims, "jamba-1.5-large", "mmlu") == []  # chain-of-thought
    assert _value(claims, "llama-3.2-90b-instruct", "mmlu") == []  # 0-shot CoT
    assert _value(claims, "kimi-k2-base", "mmlu") == []  # "EM": shots not stated
    assert _value(claims, "gemini-1.0-pro", "mmlu") == []  # example.com placeholder link
    cites = claims.filter(pl.col("field") == "mmlu")["citation"]
    assert not cites.str.contains("example.com").any()
    assert set(claims["source"]) == {"llm_stats"}


def test_prices_in_cents_developer_offer_first_else_cheapest():
    claims = _claims()
    # Anthropic's own API: $15 / $75 per 1M tokens (Claude 3 Opus list price), 200k context.
    assert _value(claims, "claude-3-opus-20240229", "price_usd_per_1m_input_tokens") == [15.0]
    assert _value(claims, "claude-3-opus-20240229", "price_usd_per_1m_output_tokens") == [75.0]
    # DeepSeek's own API: $0.27 / $1.10 (DeepSeek-V3 launch pricing).
    assert _value(claims, "deepseek-v3", "price_usd_per_1m_input_tokens") == [0.27]
    assert _value(claims, "deepseek-v3", "price_usd_per_1m_output_tokens") == [pytest.approx(1.10)]
    # Meta runs no API: the cheapest listed offer (lambda, 89 cents) is claimed, one per field.
    rows = claims.filter(
        (pl.col("model_id") == "llama-3.1-405b-instruct")
        & (pl.col("field") == "price_usd_per_1m_input_tokens")
    )
    assert rows["value"].to_list() == [0.89]
    assert rows["source_record"].item() == "llama-3.1-405b-instruct @ lambda"
    assert rows["as_of_date"].item() == dt.date(2025, 7, 19)
    assert rows["citation"].item().startswith(f"{ls.REPO}/blob/{ls.COMMIT}/data/providers/")
    ctx = _value(claims, "llama-3.1-405b-instruct", "context_window")
    assert len(ctx) == 1 and ctx[0] > 0


def test_model_numbers_are_raw_counts_cited_to_the_json_file():
    claims = _claims()
    assert _value(claims, "jamba-1.5-large", "params_total") == [398e9]
    cite = claims.filter(
        (pl.col("model_id") == "jamba-1.5-large") & (pl.col("field") == "params_total")
    )["citation"].item()
    assert cite.endswith("data/organizations/ai21/models/jamba-1.5-large/model.json")


def test_dollar_prices_instead_of_cents_fail_the_schema(tmp_path):
    text = (X / "llm_stats_providers.csv").read_text(encoding="utf-8")
    broken = tmp_path / "p.csv"
    broken.write_text(text.replace(",1500,7500,", ",$15,$75,", 1), encoding="utf-8")
    with pytest.raises((pa.errors.SchemaError, pa.errors.SchemaErrors)):
        ls.read_providers(broken)


def test_refresh_keeps_a_derived_snapshot_and_says_why(tmp_path):
    folder = tmp_path / "llm_stats"
    shutil.copytree(RAW_DIR / "upstream" / "llm_stats", folder)
    before = (folder / "flat_models.csv").read_bytes()
    result = refresh_file(folder, "flat_models.csv", ls.read_models, url="http://127.0.0.1:9/x")
    assert result.status == "failed"
    assert "derived file" in result.reason and "kept snapshot" in result.reason
    assert (folder / "flat_models.csv").read_bytes() == before


def test_errata_drop_claims_and_every_erratum_names_a_real_row():
    errata = pl.DataFrame(
        {"model_id": ["jamba-1.5-large"], "field": ["params_total"], "reason": ["test"]}
    )
    attached = _attached()
    claims = ls.claims(
        attached,
        ls.read_scores(X / "llm_stats_scores.csv"),
        ls.read_providers(X / "llm_stats_providers.csv"),
        DAY,
        errata,
    )
    assert _value(claims, "jamba-1.5-large", "params_total") == []
    assert _value(claims, "jamba-1.5-large", "price_usd_per_1m_input_tokens") == [2.0]
    # The committed ERRATA.yaml: every entry names a model and a field the snapshot has.
    snapshot = ls.read_models(RAW_DIR / "upstream" / "llm_stats" / "flat_models.csv")
    assert ERRATA.height >= 4
    assert set(ERRATA["model_id"]) <= set(snapshot["model_id"])
    assert set(ERRATA["field"]) <= {"release_date", "params_total", "mmlu"}
    assert ERRATA["reason"].str.len_chars().min() > 20


def test_a_new_model_never_shares_a_display_name_with_ours():
    new = ls.identities(_attached(), ORGS, ERRATA, pl.Series(["gemma 2 27B", "Other"]))
    names = dict(zip(new["model_id"], new["name"], strict=True))
    assert names["gemma-2-27b-it"] == "Gemma 2 27B (gemma-2-27b-it)"
    assert names["jamba-1.5-large"] == "Jamba 1.5 Large"


def test_final_commit_replaces_the_rows_it_fixed():
    """The last upstream commit (kept by a fork, pinned in llm_stats_final_2025-10-24) fixes
    Nemotron Nano 9B v2's param_count, 88.9e9 -> 8.9e9; its row replaces the snapshot's, the
    other rows stay, and the value cites that commit."""
    final_dir = RAW_DIR / "upstream" / "llm_stats_final_2025-10-24"
    final = ls.read_final_model(
        final_dir / "data/organizations/nvidia/models/nemotron-nano-9b-v2/model.json"
    )
    snapshot = ls.read_models(RAW_DIR / "upstream" / "llm_stats" / "flat_models.csv")
    before = snapshot.filter(pl.col("model_id") == "nvidia-nemotron-nano-9b-v2")
    assert float(before["param_count"][0]) == pytest.approx(88.9e9)
    merged = ls.with_final(snapshot, final)
    assert merged.height == snapshot.height and merged.columns == snapshot.columns
    row = merged.filter(pl.col("model_id") == "nvidia-nemotron-nano-9b-v2")
    assert float(row["param_count"][0]) == pytest.approx(8.9e9)
    assert row["_path"][0].startswith(
        "https://github.com/leonardogrig/llm-leaderboard/blob/872b75f63b8d853c46ed17856424029a0c47b1d2/"
    )
    unchanged = merged.filter(pl.col("model_id") != "nvidia-nemotron-nano-9b-v2").sort("model_id")
    assert unchanged.equals(
        snapshot.filter(pl.col("model_id") != "nvidia-nemotron-nano-9b-v2").sort("model_id")
    )
