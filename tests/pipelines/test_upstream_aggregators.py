"""The aggregators (Open LLM Leaderboard, ObsScaling, Hugging Face dates, LiteLLM) on small real
excerpts cut at test time from the pinned snapshots, and every known trap of them."""

import datetime as dt
from pathlib import Path

import polars as pl
import pytest

from pipelines.lib.ingest.aliases import key_expr, load_aliases
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
    _obsscaling_claims_for,
)

X: Path  # the upstream excerpts, cut at test time: set by _excerpts below


@pytest.fixture(autouse=True, scope="module")
def _excerpts(upstream_excerpts):
    """Point X at the excerpts cut from the pinned files (tests/fixtures/upstream/cuts.yaml)."""
    global X
    X = ux.X = upstream_excerpts


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
