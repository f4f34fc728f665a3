"""Epoch AI's exports on small real excerpts (rows cut at test time from the pinned snapshots as
tests/fixtures/upstream/cuts.yaml names them), and every known trap of them."""

import datetime as dt
from pathlib import Path

import polars as pl
import pytest

from pipelines.lib.staging.claims import DERIVED, EPOCH
from pipelines.lib.upstream import aggregators as ag
from pipelines.lib.upstream import epoch as ep

from ..conftest import RAW_DIR
from . import upstream_excerpts as ux
from .upstream_excerpts import (
    ALIASES,
    DAY,
    NO_ALIASES,
    _claims,
    _epoch_ids,
    unmatched_names_of,
)

X: Path  # the upstream excerpts, cut at test time: set by _excerpts below


@pytest.fixture(autouse=True, scope="module")
def _excerpts(upstream_excerpts):
    """Point X at the excerpts cut from the pinned files (tests/fixtures/upstream/cuts.yaml)."""
    global X
    X = ux.X = upstream_excerpts


def test_epoch_models_claims_match_published_values():
    claims = ep.epoch_claims(_epoch_ids(), "epoch_models_2025_08", DAY)
    # Reference spot values: GPT-3 175B / 3.14e23; Chinchilla 70B / 5.76e23.
    assert _claims(claims, "gpt-3-175b-davinci", "params_total")["value"].item() == 175e9
    assert _claims(claims, "gpt-3-175b-davinci", "training_compute_flop")["value"].item() == (
        pytest.approx(3.14e23)
    )
    assert _claims(claims, "chinchilla", "training_compute_flop")["value"].item() == 5.76e23
    cost = _claims(claims, "llama-2-70b", "training_cost_usd")
    assert cost["value"].item() > 0 and cost["method"].item() == "estimate"


def test_epoch_dataset_size_in_words_becomes_tokens_seen():
    """Trap: Epoch's dataset size is corpus WORDS for older models, and epochs matter."""
    claims = ep.epoch_claims(_epoch_ids(), "epoch_models_2025_08", DAY)
    tokens = {
        r["model_id"]: r
        for r in claims.filter(pl.col("field") == "training_tokens").iter_rows(named=True)
    }
    # Chinchilla: 1.05e12 words -> 1.4T tokens (paper: 1.4T). Llama 2 70B: 1.5e12 words -> 2T.
    assert tokens["chinchilla"]["value"] == pytest.approx(1.4e12, rel=1e-9)
    assert tokens["llama-2-70b"]["value"] == pytest.approx(2.0e12, rel=1e-9)
    # GPT-3: 3.74e11 words = 499B-token corpus, 0.6 epochs -> ~300B tokens seen (paper: 300B).
    assert tokens["gpt-3-175b-davinci"]["value"] == pytest.approx(300e9, rel=0.01)
    # Chinchilla's notes quote the paper's "1.4 trillion tokens" beside the figure in words:
    # that quoted count is taken as reported (words / 0.75 would be an estimate, see below).
    assert tokens["chinchilla"]["method"] == "reported"
    assert tokens["chinchilla"]["precedence"] == EPOCH
    # Baichuan 1-7B (2023): no unit in the dataset notes, but Epoch's compute notes count the
    # figure as tokens ("7b parameters * 1.2t tokens * 6 FLOP / parameter / token").
    assert tokens["baichuan1-7b"]["value"] == pytest.approx(1.2e12)
    assert tokens["baichuan1-7b"]["method"] == "reported"
    # Qwen3-8B (2025): "36T" with no unit word is tokens, Epoch's current convention.
    assert tokens["qwen3-8b"]["value"] == pytest.approx(36e12)
    assert tokens["qwen3-8b"]["method"] == "reported"


@pytest.mark.parametrize(
    ("model_id", "expected", "method", "why"),
    [
        # The "1 token ~ 0.75 words" boilerplate sits beside figures that are already tokens.
        ("switch", 576e9, "reported", '"amounting to 576B total tokens" (not 576B words = 768B)'),
        ("gopher-280b", 300e9, "reported", '"We train all models for 300 billion tokens"'),
        # 112B tokens x 2.68 epochs: the paper's ~300B tokens seen, not 400B.
        ("moe-1.1t", 112e9 * 2.68, "reported", '"112B tokens, or 84B words"'),
        ("retro-7b", 419_430_400_000, "reported", '"419,430,400,000 training tokens"'),
        # Epoch converted words to tokens itself ("4/3 tokens per word ... = N tokens").
        ("aya-expanse-8b", 34_513_333_333, "reported", "already converted by Epoch"),
        ("polyglot-ko-12.8b", 96e9, "reported", '"~1 token per korean word"'),
        # A figure in words becomes the token count the notes quote, not words / 0.75.
        ("baichuan2-13b", 2.6e12, "reported", '"2.6T tokens, or ~2.3T words" (not 3.03T)'),
        ("gpt-3-175b-davinci", 499e9 * 0.6, "reported", '"499 billion tokens" x 0.6 epochs'),
        ("llama-2-70b", 2e12, "reported", '"2 trillion tokens ~= 1.5 trillion words"'),
        # No token figure in the notes: words / 0.75, an estimate at the lowest precedence.
        ("gpt-1", 1e9 / 0.75, "estimate", '"around 74M sentences and 1G words"'),
    ],
)
def test_epoch_dataset_size_unit_is_read_from_the_figure_the_notes_state(
    model_id, expected, method, why
):
    """Trap: the notes' word/token wording does not say which one the figure is; the figure
    they state does."""
    claims = ep.epoch_claims(_epoch_ids(), "epoch_models_2025_08", DAY)
    row = _claims(claims, model_id, "training_tokens").row(0, named=True)
    assert row["value"] == pytest.approx(expected, rel=1e-3), why
    assert row["method"] == method, why
    assert row["precedence"] == (DERIVED if method == "estimate" else EPOCH), why


def test_moe_active_parameters_quoted_in_epoch_notes_become_claims():
    # Llama 4 Scout: "17 billion active parameters, 16 experts, and 109 billion total";
    # Jamba: "12B active parameters, 52B total available parameters" (Epoch's notes).
    claims = ep.epoch_claims(_epoch_ids(), "epoch_models_2025_08", DAY)
    assert _claims(claims, "llama-4-scout", "params_active")["value"].item() == 17e9
    assert _claims(claims, "llama-4-scout", "params_total")["value"].item() == 109e9
    assert _claims(claims, "jamba", "params_active")["value"].item() == 12e9
    # Dense models get no active-parameter claim from notes.
    assert _claims(claims, "chinchilla", "params_active").height == 0


def test_epoch_fine_tunes_get_no_pretraining_tokens_from_their_fine_tuning_set():
    """Trap: LIMA (a LLaMA-65B fine-tune) lists its ~1,000-example fine-tuning set as its
    dataset size; that is not pre-training tokens."""
    claims = ep.epoch_claims(_epoch_ids(), "epoch_models_2025_08", DAY)
    assert _claims(claims, "lima", "params_total").height == 1
    assert _claims(claims, "lima", "training_tokens").height == 0


def test_epoch_moe_total_parameters_and_active_from_the_benchmarks_file():
    """Trap: Epoch stores TOTAL parameters for MoE; active counts come from another file."""
    ids = _epoch_ids()
    claims = ep.epoch_claims(ids, "epoch_models_2025_08", DAY)
    assert _claims(claims, "mixtral-8x7b", "params_total")["value"].item() == 46.7e9
    # MoE is recognised from Epoch's notes (experts / active parameters) or its Sparsity column;
    # Mixtral's own row says neither, so its architecture comes from the curated record.
    assert set(ids.filter(ep.is_moe(ids))["model_id"]) == {
        "deepseek-v3",
        "llama-4-scout",
        "jamba",
        "glam",
        "saullm-large",
        "deepseek-r1",
        "olmoe",
        "minimax-text-01",
        "hunyuan-large",
        "moe-1.1t",  # "MoE" in the name
    }
    bench = ep.read_epoch_benchmarks(X / "epoch_benchmarks.csv")
    mixtral_ids = pl.DataFrame({"Model": ["Mixtral 8x22B"], "model_id": ["mixtral-8x22b"]})
    active = ep.active_params_claims(bench, mixtral_ids, NO_ALIASES, DAY)
    assert active.row(0, named=True)["value"] == 39e9  # "39,000,000,000"


def test_epoch_2024_snapshot_with_bom_header_and_models_the_newer_one_dropped():
    ids = _epoch_ids("epoch_models_2024-10.csv")
    assert {"llama-3-8b", "llama-2-34b"} <= set(ids["model_id"])
    claims = ep.epoch_claims(ids, "epoch_models_2024_10", DAY)
    assert _claims(claims, "llama-3-8b", "training_compute_flop")["value"].item() == 7.2e23


def test_epoch_mmlu_percent_strings_joined_through_model_versions():
    mmlu = ep.read_epoch_mmlu(X / "epoch_mmlu.csv")
    versions = ep.read_model_versions(X / "epoch_model_versions.csv")
    ids = _epoch_ids()
    claims, unmatched = ep.mmlu_claims(mmlu, versions, ids, NO_ALIASES, DAY)
    # "Chinchilla (70B)" -> model_versions -> Epoch "Chinchilla"; "43.9%"-style strings parsed.
    assert _claims(claims, "chinchilla", "mmlu")["value"].to_list() == [67.5]
    assert _claims(claims, "llama-65b", "mmlu")["value"].to_list() == [63.4]
    # Trailing spaces in ids ('Llama-2-70b-hf ') and names are trimmed; three papers, three claims.
    assert sorted(_claims(claims, "llama-2-70b", "mmlu")["value"]) == [68.9, 69.8, 69.9]
    assert set(claims["precedence"]) == {1}  # paper numbers; HELM rows would be 3
    # GPT-3's row names version text-davinci-001, which is not GPT-3 175B: unmatched until the
    # alias map says otherwise.
    assert "GPT-3 175B" in set(unmatched["name"])
    aliased, _ = ep.mmlu_claims(mmlu, versions, ids, ALIASES, DAY)
    assert _claims(aliased, "gpt-3-175b-davinci", "mmlu")["value"].to_list() == [43.9]


def test_epoch_mmlu_instruct_versions_never_score_the_base_model():
    """Trap: model_versions.csv files 'Mistral-7B-Instruct-v0.2' under 'Mistral 7B'; an
    instruct score must not become the base model's MMLU."""
    mmlu = ep.read_epoch_mmlu(X / "epoch_mmlu.csv")
    versions = ep.read_model_versions(X / "epoch_model_versions.csv")
    ids = pl.DataFrame({"Model": ["Mistral 7B"], "model_id": ["mistral-7b"]})
    claims, unmatched = ep.mmlu_claims(mmlu, versions, ids, NO_ALIASES, DAY)
    mistral = _claims(claims, "mistral-7b", "mmlu")
    assert sorted(mistral["value"]) == [60.1, 62.5]  # the two v0.1 (base) rows only
    assert "Mistral-7B-Instruct-v0.2" in set(unmatched["detail"])


def test_epoch_prices_latest_dated_price_and_no_fine_tune_rows():
    prices = ag.read_epoch_prices(X / "epoch_api_prices.csv")
    ids = pl.DataFrame(
        {
            "Model": ["GPT-3 175B (davinci)", "Llama 2-70B"],
            "model_id": ["gpt-3-175b", "llama-2-70b"],
        }
    )
    claims = ag.epoch_price_claims(prices, NO_ALIASES, ids, DAY)
    gpt3 = _claims(claims, "gpt-3-175b", "price_usd_per_1m_input_tokens").row(0, named=True)
    # $60 (2021-11-20) fell to $20 (2022-09-01, still $20 on 2024-01-04); fine-tune rows ignored.
    assert gpt3["value"] == 20.0 and gpt3["as_of_date"] == dt.date(2024, 1, 4)
    llama = _claims(claims, "llama-2-70b", "price_usd_per_1m_output_tokens").row(0, named=True)
    assert llama["value"] == 0.95 and llama["citation"].startswith("https://web.archive.org/")


def test_dated_epoch_versions_scored_by_epoch_mmlu_become_models():
    """An MMLU row whose model version Epoch dates but whose model is not in the database becomes
    a model from Epoch's own version record (Yi-9B, 2024-03-01, 68.4 from the Yi paper); an
    instruct version of a database model (Meta-Llama-3-8B-Instruct) links to its base."""
    from pipelines.lib.ingest.aliases import load_organizations

    mmlu = ep.read_epoch_mmlu(X / "epoch_mmlu.csv")
    versions = ep.read_model_versions(X / "epoch_model_versions.csv")
    ids = ep.epoch_identity(ep.read_epoch_models(X / "epoch_models_2024-10.csv"), NO_ALIASES, "t")
    _, unmatched = ep.mmlu_claims(mmlu, versions, ids, NO_ALIASES, DAY)
    assert {"Yi-9B", "Llama 3 (8B)"} <= set(unmatched["name"])
    orgs = load_organizations(RAW_DIR / "organizations.yaml")
    new = ep.version_identities(unmatched, versions, ids, ids.select("model_id"), orgs)
    rows = {r["model_id"]: r for r in new.iter_rows(named=True)}
    assert rows["yi-9b"]["release_date"] == dt.date(2024, 3, 1)
    assert rows["yi-9b"]["organization"] == "01.AI"
    assert rows["yi-9b"]["base_model_id"] is None
    llama = rows["meta-llama-3-8b-instruct"]
    assert llama["base_model_id"] == ids.filter(pl.col("Model") == "Llama 3-8B")["model_id"].item()
    assert llama["source_file"].endswith("epoch_model_versions.csv#Meta-Llama-3-8B-Instruct")
    # Their MMLU rows then attach through the version id — the instruct score to the instruct
    # model, never to the base.
    extra = new.select(
        pl.lit("epoch_mmlu").alias("namespace"),
        pl.col("version_key").alias("name_key"),
        "name",
        "model_id",
    )
    claims, unmatched = ep.mmlu_claims(
        mmlu, versions, ids, pl.concat([NO_ALIASES, extra.select(NO_ALIASES.columns)]), DAY
    )
    assert _claims(claims, "yi-9b", "mmlu")["value"].item() == 68.4
    assert _claims(claims, "meta-llama-3-8b-instruct", "mmlu")["value"].item() == 68.8
    assert _claims(claims, llama["base_model_id"], "mmlu").height == 0
    assert not {"Yi-9B", "Llama 3 (8B)"} & set(unmatched["name"])
    # A version whose slug another model already has is never merged into it.
    taken = pl.DataFrame({"model_id": ["yi-9b"]})
    assert "yi-9b" not in set(
        ep.version_identities(unmatched_names_of(mmlu, versions, ids), versions, ids, taken, orgs)[
            "model_id"
        ]
    )


def test_an_epoch_release_date_erratum_is_refused_not_ignored(tmp_path):
    """Epoch dates are identity, not claims: an erratum could not drop one, so loading says so
    with the file and entry instead of silently doing nothing."""
    from pipelines.lib.ingest.aliases import AliasError
    from pipelines.lib.upstream.manifest import load_errata

    folder = tmp_path / "epoch"
    folder.mkdir()
    (folder / "ERRATA.yaml").write_text(
        "- model_id: XGLM-7.5B\n  field: release_date\n  reason: wrong date\n"
    )
    with pytest.raises(AliasError, match=r"entry 1: field: 'release_date' is not a claim field$"):
        load_errata(folder)
    other = tmp_path / "llm_stats"
    other.mkdir()
    (other / "ERRATA.yaml").write_text((folder / "ERRATA.yaml").read_text())
    assert load_errata(other)["field"].to_list() == ["release_date"]


def test_moe_active_counts_quoted_per_token_in_compute_notes_only_when_unambiguous():
    """LIMoE: "only applies 675M parameters per token" (Epoch 2024-10 compute notes); GLaM:
    "activates 96.6 billion parameters per token" (the GLaM paper's figure). SaulLM-large's
    notes quote two other models' per-token counts (Mixtral 8x7B and 8x22B): nothing taken."""
    new = ep.epoch_claims(_epoch_ids(), "epoch_models_2025_08", DAY)
    old = ep.epoch_claims(_epoch_ids("epoch_models_2024-10.csv"), "epoch_models_2024_10", DAY)
    assert _claims(old, "limoe", "params_active")["value"].item() == 675e6
    assert _claims(new, "glam", "params_active")["value"].item() == 96.6e9
    assert _claims(new, "saullm-large", "params_active").height == 0
    assert _claims(new, "saullm-large", "params_total")["value"].item() == 141e9


def test_active_counts_from_every_phrasing_epoch_quotes():
    """MiniMax-Text-01's notes read "Total Parameters: 456B Activated Parameters per Token:
    45.9B": the explicit form wins (45.9B, MiniMax's model card), never the 456B before it.
    Hunyuan-Large "52 billion activation parameters"; OLMoE "only 1.3B are activated"."""
    claims = ep.epoch_claims(_epoch_ids(), "epoch_models_2025_08", DAY)
    assert _claims(claims, "minimax-text-01", "params_active")["value"].item() == 45.9e9
    assert _claims(claims, "hunyuan-large", "params_active")["value"].item() == 52e9
    assert _claims(claims, "olmoe", "params_active")["value"].item() == 1.3e9


def test_moe_signal_from_either_snapshot_the_name_and_the_base_model():
    """Only the 2024-10 snapshot has `Sparsity` (Switch is listed there, not in 2025-08): the
    strongest signal of any snapshot counts. "MoE" in a name is a signal; "(dense)" in a name
    rules MoE out (GShard (dense) is listed under Sparsity too). A fine-tune of an MoE model is
    MoE (R1 1776 from DeepSeek-R1), with no active count made up for it."""
    new = _epoch_ids()
    old = _epoch_ids("epoch_models_2024-10.csv")
    assert new.filter(pl.col("model_id") == "switch").select(ep.moe_signal(new)).item() is None
    signals = pl.concat(
        [
            frame.select("model_id", "Base model", ep.moe_signal(frame).alias("signal"))
            for frame in (new, old)
        ]
    )
    curated = pl.DataFrame(schema={"name": pl.String, "architecture": pl.String})
    identity = pl.concat([new.select("model_id", "Model"), old.select("model_id", "Model")])
    combined = dict(ep.combine_moe_signals(signals, identity, curated).iter_rows())
    assert combined["switch"] == "strong"  # Sparsity, 2024-10 only
    assert combined["olmoe"] == "strong"  # name and quoted active count
    assert combined["gshard-dense"] is None  # listed under Sparsity, but "(dense)"
    assert combined["deepseek-r1"] == "strong"
    assert combined["r1-1776"] == "strong"  # Base model: DeepSeek-R1
    assert combined["llama-2-70b"] is None
    claims = ep.epoch_claims(new, "epoch_models_2025_08", DAY)
    assert _claims(claims, "r1-1776", "params_active").height == 0
