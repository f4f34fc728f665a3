"""Every upstream parser on a small real excerpt (rows cut at test time from the pinned snapshots
as tests/fixtures/upstream/cuts.yaml names them), every known trap, and each schema failing at
its own door."""

import datetime as dt
import shutil
from pathlib import Path

import pandera.polars as pa
import polars as pl
import pytest

from pipelines.lib.ingest.aliases import key_expr, load_aliases
from pipelines.lib.staging.claims import DERIVED, EPOCH
from pipelines.lib.upstream import aggregators as ag
from pipelines.lib.upstream import epoch as ep
from pipelines.lib.upstream import llm_stats as ls
from pipelines.lib.upstream.manifest import verify

from ..conftest import FIXTURES, RAW_DIR

OURS = FIXTURES / "upstream"  # our own files (aliases); cuts.yaml names the upstream rows
X: Path  # the upstream excerpts, cut at test time: set by _excerpts below
DAY = dt.date(2026, 11, 25)
NO_ALIASES = load_aliases(OURS / "none.yaml")
ALIASES = load_aliases(OURS / "aliases.yaml")


@pytest.fixture(autouse=True, scope="module")
def _excerpts(upstream_excerpts):
    """Point X at the excerpts cut from the pinned files (tests/fixtures/upstream/cuts.yaml)."""
    global X
    X = upstream_excerpts


def _epoch_ids(path="epoch_models_2025-08.csv"):
    return ep.epoch_identity(ep.read_epoch_models(X / path), NO_ALIASES, "test")


def _claims(frame, model_id, field):
    return frame.filter((pl.col("model_id") == model_id) & (pl.col("field") == field))


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


def test_leaderboard_only_pretrained_rows_never_params_or_dates():
    """Traps: params rounded to whole billions; dates are submission dates; chat models must
    not lend scores to base models."""
    board = ag.read_leaderboard(X / "open_llm_leaderboard_v1.csv")
    known = pl.DataFrame({"model_id": ["llama-2-70b", "qwen1.5-moe-a2.7b", "llama-65b"]})
    rule = ag.hf_rule(
        known,
        pl.DataFrame(schema={"id": pl.String, "Model": pl.String}),
        pl.DataFrame(schema={"Model": pl.String, "model_id": pl.String}),
    )
    claims, unmatched = ag.leaderboard_claims(board, ALIASES, rule, DAY)
    assert set(claims["field"]) == {
        "mmlu",
        "arc_c",
        "hellaswag",
        "winogrande",
        "truthfulqa",
        "gsm8k",
    }
    assert _claims(claims, "llama-2-70b", "mmlu")["value"].item() == 69.83
    # The other five v1 benchmarks, in percent as published (row meta-llama/Llama-2-70b-hf).
    llama = {
        r["field"]: r["value"]
        for r in claims.filter(pl.col("model_id") == "llama-2-70b").iter_rows(named=True)
    }
    assert llama == {
        "mmlu": 69.83,
        "arc_c": 67.32,
        "hellaswag": 87.33,
        "truthfulqa": 44.92,
        "winogrande": 83.74,
        "gsm8k": 54.06,
    }
    assert _claims(claims, "qwen1.5-moe-a2.7b", "mmlu")["value"].item() == 62.54
    assert "meta-llama/Llama-2-70b-chat-hf" not in set(unmatched["name"])  # chat: not read at all
    # Exact rule: the repo name's slug is a known model_id (huggyllama/llama-65b -> llama-65b).
    assert _claims(claims, "llama-65b", "mmlu")["value"].item() == 63.93
    # Not a model we hold and no alias: reported as unmatched, never guessed.
    assert set(unmatched["name"]) == {"mistralai/Mistral-7B-v0.1"}


def test_hf_rules_refuse_re_uploads_and_instruct_repos():
    """Exact rules place official base repos only: a chat/instruct repo is not matched through
    Epoch's version map, and a repo from another organisation than the developer id Epoch
    records (a re-upload) is not matched at all."""
    board = pl.DataFrame(
        {
            "model": [
                "mistralai/Mistral-7B-v0.1",
                "someone/Mistral-7B-v0.1",
                "mistralai/Mistral-7B-Instruct-v0.1",
            ],
            "mmlu": ["64.16", "64.00", "60.0"],
            **{c: [None] * 3 for c in ("arc", "hellaswag", "truthfulqa", "winogrande", "gsm8k")},
            "type": ["🟢 pretrained"] * 3,
            "url": [None] * 3,
            "precision": ["float16"] * 3,
        }
    )
    versions = ep.read_model_versions(X / "epoch_model_versions.csv")
    ids = pl.DataFrame(
        {
            "Model": ["Mistral 7B"],
            "model_id": ["mistral-7b"],
            "Hugging Face developer id": ["mistralai"],
        }
    )
    rule = ag.hf_rule(ids.select("model_id"), versions, ids)
    claims, unmatched = ag.leaderboard_claims(board, NO_ALIASES, rule, DAY)
    assert claims["source_record"].to_list() == ["mistralai/Mistral-7B-v0.1 (float16)"]
    assert set(unmatched["name"]) == {
        "someone/Mistral-7B-v0.1",
        "mistralai/Mistral-7B-Instruct-v0.1",
    }


def test_leaderboard_v2_raw_scores_of_the_developers_own_rows_only():
    """v2 scores are fractions (x100) beside chance-rescaled `_normalized_score` columns, which
    are never used; a chat repo never scores the base model; unplaced `pretrained` rows are
    listed."""
    board = ag.read_leaderboard_v2(X / "open_llm_leaderboard_v2.csv")
    known = pl.DataFrame({"model_id": ["yi-1.5-34b", "llama-2-70b-hf"]})
    no_versions = pl.DataFrame(schema={"id": pl.String, "Model": pl.String})
    rule = ag.hf_rule(
        known, no_versions, pl.DataFrame(schema={"Model": pl.String, "model_id": pl.String})
    )
    claims, unmatched = ag.leaderboard_v2_claims(board, NO_ALIASES, rule, DAY)
    yi = {
        r["field"]: r["value"]
        for r in claims.filter(pl.col("model_id") == "yi-1.5-34b").iter_rows(named=True)
    }
    # Row 01-ai/Yi-1.5-34B: evaluations_*_value (not the normalised 40.73 MMLU-Pro, 15.44 GPQA).
    assert yi == pytest.approx(
        {
            "mmlu_pro": 46.6589095744681,
            "bbh": 59.7639170636002,
            "math_lvl5": 15.3323262839879,
            "gpqa": 36.5771812080537,
            "musr": 42.3604166666667,
            "ifeval": 28.411725333227,
        }
    )
    assert set(claims["source_record"]) >= {"01-ai/Yi-1.5-34B (bfloat16)"}
    assert not claims["source_record"].str.contains("Chat").any()  # chat row: not the base
    assert set(claims["source"]) == {"open_llm_leaderboard_v2"}
    # Unplaced pretrained repos are listed; chat rows that place nothing are out of scope.
    assert "01-ai/Yi-1.5-6B" in set(unmatched["name"])
    assert not unmatched["name"].str.contains("Chat|Instruct").any()


def test_obsscaling_benchmarks_agree_with_the_leaderboard_v1_they_were_collected_from():
    """ObsScaling took ARC-C, HellaSwag, Winograd (= WinoGrande), TruthfulQA (and GSM8K) from
    the Open LLM Leaderboard v1 or ran its protocols: on every repo both committed files hold,
    at least 95 % of each benchmark's values are within 1 point of v1's (measured: 97-99 %)."""
    up = RAW_DIR / "upstream"
    obs = ag.read_obsscaling(up / "obsscaling" / "base_llm_benchmark_eval.csv")
    v1 = ag.read_leaderboard(up / "open_llm_leaderboard" / "open_llm_leaderboard_v1_final.csv")
    v1 = v1.filter(pl.col("type").fill_null("").str.contains("pretrained"))
    both = obs.join(v1, left_on="Model", right_on="model")
    assert both.height >= 100
    for ours, theirs in [
        ("ARC-C", "arc"),
        ("HellaSwag", "hellaswag"),
        ("Winograd", "winogrande"),
        ("TruthfulQA", "truthfulqa"),
        ("GSM8K", "gsm8k"),
    ]:
        gap = (
            both.select(
                (pl.col(ours).cast(pl.Float64) * 100 - pl.col(theirs).cast(pl.Float64)).abs()
            )
            .drop_nulls()
            .to_series()
        )
        assert (gap <= 1).mean() >= 0.95, ours


def test_obsscaling_fractions_scaled_and_moe_sizes_not_trusted():
    obs = ag.read_obsscaling(X / "obsscaling.csv")
    known = pl.DataFrame({"model_id": ["llama-2-70b-hf", "mixtral-8x22b-v0.1"]})
    rule = ag.hf_rule(
        known,
        pl.DataFrame(schema={"id": pl.String, "Model": pl.String}),
        pl.DataFrame(schema={"Model": pl.String, "model_id": pl.String}),
    )
    moe = pl.Series(["mixtral-8x22b-v0.1"])
    claims, _ = ag.obsscaling_claims(obs, NO_ALIASES, rule, moe, DAY)
    llama = claims.filter(pl.col("model_id") == "llama-2-70b-hf")
    assert _claims(llama, "llama-2-70b-hf", "mmlu")["value"].item() == pytest.approx(69.8, abs=0.1)
    assert _claims(llama, "llama-2-70b-hf", "training_compute_flop")["method"].item() == "6ND"
    assert _claims(llama, "llama-2-70b-hf", "training_tokens")["value"].item() == 2e12
    # Mixtral-8x22B's "39" is its ACTIVE size: no parameter claim for a MoE model.
    assert _claims(claims, "mixtral-8x22b-v0.1", "params_total").height == 0
    # Benchmarks: fractions x100; "Winograd" is WinoGrande; XWinograd (protocol unstated) is not
    # claimed. Row meta-llama/Llama-2-70b-hf, as published.
    scores = {
        r["field"]: r["value"]
        for r in llama.iter_rows(named=True)
        if r["field"] not in ("params_total", "training_tokens", "training_compute_flop", "mmlu")
    }
    assert scores == pytest.approx(
        {
            "arc_c": 67.32081911262798,
            "hellaswag": 87.33320055765784,
            "winogrande": 83.74112075769534,
            "truthfulqa": 44.92349372188735,
            "gsm8k": 54.05610310841547,
            "humaneval": 29.8780487804878,
        }
    )


def test_litellm_per_token_prices_become_per_million_with_as_of():
    lite = ag.read_litellm(X / "litellm.json")
    assert "sample_spec" not in set(lite["key"])
    known = pl.DataFrame({"model_id": ["gpt-4o"]})
    claims = ag.litellm_claims(lite, NO_ALIASES, known, dt.date(2026, 7, 24), DAY)
    assert _claims(claims, "gpt-4o", "price_usd_per_1m_input_tokens")["value"].item() == 2.5
    assert _claims(claims, "gpt-4o", "price_usd_per_1m_output_tokens")["value"].item() == 10.0
    assert _claims(claims, "gpt-4o", "context_window")["value"].item() == 128000
    assert set(claims["as_of_date"]) == {dt.date(2026, 7, 24)}


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


@pytest.mark.parametrize(
    ("reader", "fixture", "breakage", "column"),
    [
        (ep.read_epoch_models, "epoch_models_2025-08.csv", ("Parameters", "Params"), "Parameters"),
        (ep.read_epoch_mmlu, "epoch_mmlu.csv", ("EM", "Score"), "EM"),
        (ag.read_leaderboard, "open_llm_leaderboard_v1.csv", ("mmlu", "MMLU"), "mmlu"),
        (
            ag.read_leaderboard_v2,
            "open_llm_leaderboard_v2.csv",
            ("metadata_upload_date", "upload_date"),
            "metadata_upload_date",
        ),
        (ag.read_obsscaling, "obsscaling.csv", ("FLOPs (1E21)", "FLOPs"), "FLOPs (1E21)"),
        (ag.read_epoch_prices, "epoch_api_prices.csv", ("Price date", "Date"), "Price date"),
        (ls.read_models, "llm_stats_models.csv", ("param_count", "parameters"), "param_count"),
        (
            ls.read_scores,
            "llm_stats_scores.csv",
            ("analysis_method", "method"),
            "analysis_method",
        ),
        (
            ls.read_providers,
            "llm_stats_providers.csv",
            ("input_cents_per_million_tokens", "input_price"),
            "input_cents_per_million_tokens",
        ),
    ],
)
def test_a_renamed_upstream_column_fails_at_its_own_door(
    tmp_path, reader, fixture, breakage, column
):
    text = (X / fixture).read_text(encoding="utf-8")
    header, rest = text.split("\n", 1)
    old, new = breakage
    broken = ",".join(new if c.strip('"') == old else c for c in header.split(",")) + "\n" + rest
    path = tmp_path / fixture
    path.write_text(broken, encoding="utf-8")
    with pytest.raises((pa.errors.SchemaError, pa.errors.SchemaErrors)) as excinfo:
        reader(path)
    assert column in str(excinfo.value)


def test_a_malformed_value_fails_at_its_own_door(tmp_path):
    text = (X / "epoch_mmlu.csv").read_text(encoding="utf-8")
    path = tmp_path / "mmlu.csv"
    path.write_text(text.replace("43.9%", "forty-four"), encoding="utf-8")
    with pytest.raises(pa.errors.SchemaErrors):
        ep.read_epoch_mmlu(path)


def test_committed_snapshots_match_their_manifests():
    for folder in sorted((RAW_DIR / "upstream").iterdir()):
        assert (folder / "MANIFEST.yaml").exists(), folder
        assert verify(folder) == [], folder


def test_manifest_detects_a_changed_snapshot(tmp_path):
    folder = tmp_path / "obsscaling"
    shutil.copytree(RAW_DIR / "upstream" / "obsscaling", folder)
    target = folder / "base_llm_benchmark_eval.csv"
    lines = target.read_text().splitlines()
    target.write_text("\n".join(lines[:-1]) + "\n")  # one row fewer
    problems = verify(folder)
    assert any("sha256" in p for p in problems)
    assert any("rows, MANIFEST says" in p for p in problems)


def test_obsscaling_models_nothing_else_places_become_models_with_honest_dates():
    """ObsScaling's unplaced base models are releases of their own: id from the repo slug,
    organisation through data/raw/organizations.yaml, release date only from Epoch's version
    file for that exact repo (opt-13b: 2022-05-11), else unknown — never a guessed date."""
    from pipelines.lib.ingest.aliases import load_organizations

    obs = ag.read_obsscaling(X / "obsscaling.csv")
    versions = ep.read_model_versions(X / "epoch_model_versions.csv")
    known = pl.DataFrame({"model_id": ["llama-2-70b-hf", "mixtral-8x22b-v0.1", "llama-65b"]})
    rule = ag.hf_rule(
        known, versions, pl.DataFrame(schema={"Model": pl.String, "model_id": pl.String})
    )
    orgs = load_organizations(RAW_DIR / "organizations.yaml")
    new = ag.obsscaling_identities(obs, NO_ALIASES, rule, versions, orgs)
    rows = {r["model_id"]: r for r in new.iter_rows(named=True)}
    assert {"pythia-1.4b-deduped", "opt-13b", "cerebras-gpt-1.3b"} <= set(rows)
    assert "llama-2-70b-hf" not in rows  # placed by the slug rule: not a new model
    assert rows["opt-13b"]["release_date"] == dt.date(2022, 5, 11)
    assert rows["opt-13b"]["organization"] == "Meta AI"
    assert rows["pythia-1.4b-deduped"]["release_date"] is None
    assert rows["pythia-1.4b-deduped"]["organization"] == "EleutherAI"
    assert rows["pythia-1.4b-deduped"]["open_weights"] is True
    # A slug already taken by another model is never merged into it.
    taken = pl.concat(
        [
            rule,
            rule.head(0).vstack(
                pl.DataFrame(
                    {
                        "rule": ["slug"],
                        "repo_key": ["opt-13b"],
                        "model_id": ["opt-13b"],
                        "hf_org": ["someone"],
                    }
                )
            ),
        ]
    )
    assert "opt-13b" not in set(
        ag.obsscaling_identities(obs, NO_ALIASES, taken, versions, orgs)["model_id"]
    )
    # Their numbers: Pythia's 300B tokens (Biderman et al. 2023) and 6ND compute.
    extended = ag.with_slug_rules(rule, new)
    claims, unmatched = ag.obsscaling_claims(
        obs, NO_ALIASES, extended, pl.Series([], dtype=pl.String), DAY
    )
    assert _claims(claims, "pythia-1.4b-deduped", "training_tokens")["value"].item() == 300e9
    assert _claims(claims, "pythia-1.4b-deduped", "params_total")["value"].item() == 1.4e9
    assert "EleutherAI/pythia-1.4b-deduped" not in set(unmatched["name"])


def test_hub_upload_dates_refuse_the_placeholder_and_empty_dates():
    """Trap: every repository older than the Hub's own dates carries 2022-03-02 (GPT-J was
    released 2021), and some rows have no date at all: neither is a release date."""
    board = ag.read_leaderboard_v2(X / "open_llm_leaderboard_v2.csv")
    assert board.height == 7
    hub = {r["hub_repo"]: r["hub_date"] for r in ag.hub_upload_dates(board).iter_rows(named=True)}
    assert hub["01-ai/Yi-1.5-6B"] == dt.date(2024, 5, 11)
    assert hub["Qwen/Qwen1.5-4B"] == dt.date(2024, 1, 22)
    assert "EleutherAI/gpt-j-6b" not in hub  # 2022-03-02 placeholder
    assert not any(repo.startswith("unsloth/") for repo in hub)  # empty upload date


def test_obsscaling_models_epoch_dates_first_then_hub_upload_dates_as_estimates():
    """An ObsScaling model no other source places takes Epoch's version date for its exact repo
    (Yi-1.5-34B: 2024-05-13, reported), else the leaderboard v2 Hub upload date (Yi-1.5-6B:
    2024-05-11, an estimate, citing the repository), else no date (Pythia-1.4B-deduped)."""
    from pipelines.lib.ingest.aliases import load_organizations

    obs = ag.read_obsscaling(X / "obsscaling.csv")
    versions = ep.read_model_versions(X / "epoch_model_versions.csv")
    no_epoch = pl.DataFrame(schema={"Model": pl.String, "model_id": pl.String})
    rule = ag.hf_rule(pl.DataFrame({"model_id": ["llama-2-70b-hf"]}), versions, no_epoch)
    orgs = load_organizations(RAW_DIR / "organizations.yaml")
    hub = ag.hub_upload_dates(ag.read_leaderboard_v2(X / "open_llm_leaderboard_v2.csv"))
    new = ag.obsscaling_identities(obs, NO_ALIASES, rule, versions, orgs, hub_dates=hub)
    rows = {r["model_id"]: r for r in new.iter_rows(named=True)}
    yi34 = rows["yi-1.5-34b"]
    assert yi34["release_date"] == dt.date(2024, 5, 13)  # Epoch, though the Hub says 05-11
    assert (yi34["date_source"], yi34["date_method"]) == ("epoch_model_versions", "reported")
    assert yi34["date_citation"] == "https://huggingface.co/01-ai/Yi-1.5-34B"
    yi6 = rows["yi-1.5-6b"]
    assert yi6["release_date"] == dt.date(2024, 5, 11)
    assert (yi6["date_source"], yi6["date_method"]) == ("open_llm_leaderboard_v2", "estimate")
    assert yi6["date_citation"] == "https://huggingface.co/01-ai/Yi-1.5-6B"
    pythia = rows["pythia-1.4b-deduped"]
    assert pythia["release_date"] is None and pythia["date_source"] is None
    # Without the leaderboard's dates, Yi-1.5-6B has none: nothing else is guessed.
    bare = ag.obsscaling_identities(obs, NO_ALIASES, rule, versions, orgs)
    assert bare.filter(pl.col("model_id") == "yi-1.5-6b")["release_date"].item() is None


def test_hub_upload_dates_agree_with_epoch_version_dates_on_the_committed_snapshots():
    """The estimate's error, measured on every exact repo both committed files date: the Hub
    upload date is within 30 days of Epoch's `Version release date` for 91 % of 95 repos
    (median gap 1 day). Tolerances: at least 80 repos, median gap <= 2 days, >= 85 % within
    30 days."""
    up = RAW_DIR / "upstream"
    hub = ag.hub_upload_dates(
        ag.read_leaderboard_v2(up / "open_llm_leaderboard" / "open_llm_leaderboard_v2_final.csv")
    )
    versions = ep.read_model_versions(up / "epoch" / "epoch_model_versions.csv").select(
        key_expr("id").alias("repo_key"),
        pl.col("Hugging Face developer id").str.strip_chars().str.to_lowercase().alias("hf_org"),
        pl.col("Version release date").str.slice(0, 10).str.to_date(strict=False).alias("epoch"),
    )
    both = versions.drop_nulls().join(hub, on=["repo_key", "hf_org"])
    gap = (both["hub_date"] - both["epoch"]).dt.total_days().abs()
    assert both.height >= 80
    assert gap.median() <= 2
    assert (gap <= 30).mean() >= 0.85


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


def unmatched_names_of(mmlu, versions, ids):
    return ep.mmlu_claims(mmlu, versions, ids, NO_ALIASES, DAY)[1]


def _obsscaling_claims_for(model_id, errata=None):
    """ObsScaling fixture claims with only `model_id` known (no aliases, no versions)."""
    obs = ag.read_obsscaling(X / "obsscaling.csv")
    rule = ag.hf_rule(
        pl.DataFrame({"model_id": [model_id]}),
        pl.DataFrame(schema={"id": pl.String, "Model": pl.String}),
        pl.DataFrame(schema={"Model": pl.String, "model_id": pl.String}),
    )
    none = pl.Series([], dtype=pl.String)
    return ag.obsscaling_claims(obs, NO_ALIASES, rule, none, DAY, errata)[0]


def test_obsscaling_errata_drop_the_wrong_values_only():
    """ObsScaling lists open_llama_7b_v2 at 13.0B (and 6·13e9·1e12 FLOP); the leaderboard's
    params_b for the same repo is 7. ERRATA.yaml drops both claims and keeps the rest."""
    from pipelines.lib.upstream.manifest import load_errata

    before = _obsscaling_claims_for("open-llama-7b-v2")
    assert _claims(before, "open-llama-7b-v2", "params_total")["value"].item() == 13e9
    errata = load_errata(RAW_DIR / "upstream" / "obsscaling")
    after = _obsscaling_claims_for("open-llama-7b-v2", errata)
    assert _claims(after, "open-llama-7b-v2", "params_total").height == 0
    assert _claims(after, "open-llama-7b-v2", "training_compute_flop").height == 0
    assert _claims(after, "open-llama-7b-v2", "training_tokens")["value"].item() == 1e12
    board = ag.read_leaderboard(
        RAW_DIR / "upstream" / "open_llm_leaderboard" / "open_llm_leaderboard_v1_final.csv"
    )
    row = board.filter(pl.col("model") == "openlm-research/open_llama_7b_v2")
    assert row["params_b"].item() == "7"  # the evidence the erratum cites


# The excerpt's rows the Epoch ERRATA.yaml names: XGLM-7.5B (above); GPT-1 and Polyglot-Ko-12.8B,
# whose one pass over the corpus is not the tokens they saw (Epoch's own notes give the epochs
# or steps; found 2026-12-06 by suspicious_values).
DROPPED = [
    ("GPT-1", "training_tokens"),
    ("Polyglot-Ko-12.8B", "training_tokens"),
    ("XGLM-7.5B", "training_tokens"),
]


def test_token_errata_drop_the_wrong_figure_and_keep_the_rest():
    """Epoch's XGLM-7.5B dataset size (1.74e9) contradicts its own notes and compute (500B
    tokens); ObsScaling's BTLM-3B size is 627 *trillion* tokens for a 627B-token dataset (and
    its FLOPs are 6ND from that). ERRATA.yaml beside each snapshot drops exactly those."""
    from pipelines.lib.staging.claims import without_errata
    from pipelines.lib.upstream.manifest import load_errata

    claims = ep.epoch_claims(_epoch_ids(), "epoch_models_2025_08", DAY)
    assert _claims(claims, "xglm-7.5b", "training_tokens")["value"].item() == 1.74e9
    errata = load_errata(RAW_DIR / "upstream" / "epoch")
    after = without_errata(claims, errata)
    assert _claims(after, "xglm-7.5b", "training_tokens").height == 0
    assert _claims(after, "xglm-7.5b", "training_compute_flop")["value"].item() == 2.25e22
    dropped = claims.join(after, on=["source_record", "field", "value"], how="anti")
    assert sorted(zip(dropped["source_record"], dropped["field"], strict=True)) == DROPPED

    before = _obsscaling_claims_for("btlm-3b-8k-base")
    assert _claims(before, "btlm-3b-8k-base", "training_tokens")["value"].item() == 627e12
    fixed = _obsscaling_claims_for(
        "btlm-3b-8k-base", load_errata(RAW_DIR / "upstream" / "obsscaling")
    )
    assert _claims(fixed, "btlm-3b-8k-base", "training_tokens").height == 0
    assert _claims(fixed, "btlm-3b-8k-base", "training_compute_flop").height == 0
    assert _claims(fixed, "btlm-3b-8k-base", "params_total")["value"].item() == 3e9


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


def test_an_alias_to_an_id_no_source_defines_makes_the_obsscaling_row_its_own_model(tmp_path):
    """Epoch's StableLM-Base-Alpha-7B row is v2; the v1 repo's slug equals that row's id, so
    the exact rule alone would pour v1's scores onto v2. Mapping v1 to a new id in the alias map
    makes it a model of its own, named apart from Epoch's row."""
    from pipelines.lib.ingest.aliases import load_organizations

    obs = ag.read_obsscaling(X / "obsscaling.csv")
    versions = ep.read_model_versions(X / "epoch_model_versions.csv")
    known = pl.DataFrame({"model_id": ["stablelm-base-alpha-7b"]})
    rule = ag.hf_rule(
        known, versions, pl.DataFrame(schema={"Model": pl.String, "model_id": pl.String})
    )
    orgs = load_organizations(RAW_DIR / "organizations.yaml")
    plain = ag.obsscaling_identities(obs, NO_ALIASES, rule, versions, orgs)
    assert "stablelm-base-alpha-7b" not in set(plain["model_id"])  # slug rule: attached to v2
    (tmp_path / "aliases.yaml").write_text(
        'stablelm-base-alpha-7b-v1:\n  hf: ["stabilityai/stablelm-base-alpha-7b"]\n',
        encoding="utf-8",
    )
    aliases = load_aliases(tmp_path / "aliases.yaml")
    taken = pl.Series(["StableLM-Base-Alpha-7B"])
    new = ag.obsscaling_identities(obs, aliases, rule, versions, orgs, taken)
    row = new.filter(pl.col("model_id") == "stablelm-base-alpha-7b-v1").row(0, named=True)
    assert row["name"] == "stablelm-base-alpha-7b (stablelm-base-alpha-7b-v1)"
    assert row["organization"] == "Stability AI"
    extended = ag.with_slug_rules(rule, new)
    claims, _ = ag.obsscaling_claims(obs, aliases, extended, pl.Series([], dtype=pl.String), DAY)
    v1 = claims.filter(pl.col("source_record") == "stabilityai/stablelm-base-alpha-7b")
    assert set(v1["model_id"]) == {"stablelm-base-alpha-7b-v1"}
