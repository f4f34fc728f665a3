"""Precedence, tolerance and identity rules of claim resolution."""

import datetime as dt

import polars as pl
import pytest

from pipelines.lib.ingest.aliases import AliasError, attach_ids, load_aliases, slug_expr
from pipelines.lib.staging.claims import CURATED, DERIVED, EPOCH, PRIMARY, claims_frame, resolve

DAY = dt.date(2026, 11, 25)


def _claims(rows):
    frame = pl.DataFrame(
        rows,
        schema=["model_id", "field", "value", "source", "citation", "precedence", "as_of_date"],
        orient="row",
        schema_overrides={"as_of_date": pl.Date, "precedence": pl.Int64},
    )
    return claims_frame(frame, method="reported", retrieved_date=DAY)


def test_precedence_curated_beats_paper_beats_epoch_beats_aggregators():
    claims = _claims(
        [
            ("m", "params_total", 7.3e9, "obsscaling", "https://o", 3, None),
            ("m", "params_total", 7.0e9, "epoch_models_2025_08", "https://e", EPOCH, None),
            ("m", "mmlu", 62.5, "epoch_mmlu", "https://paper", PRIMARY, None),
            ("m", "mmlu", 64.16, "open_llm_leaderboard_v1", "https://hf", 3, None),
            ("m", "training_tokens", 8e12, "epoch_models_2025_08", "https://e", DERIVED, None),
            ("m", "training_tokens", 6e12, "curated", "https://card", CURATED, None),
        ]
    )
    chosen, conflicts = resolve(claims)
    picked = {r["field"]: (r["value"], r["source"]) for r in chosen.iter_rows(named=True)}
    assert picked == {
        "params_total": (7.0e9, "epoch_models_2025_08"),
        "mmlu": (62.5, "epoch_mmlu"),
        "training_tokens": (6e12, "curated"),  # curated overrides anything
    }
    # 7.3B vs 7.0B is 4 % (< 5 % tolerance): no conflict. 64.16 vs 62.5 is 1.66 points (> 1).
    # 8T vs 6T is 25 % (> 10 %).
    assert sorted(conflicts["field"]) == ["mmlu", "training_tokens"]
    mmlu = conflicts.filter(pl.col("field") == "mmlu").row(0, named=True)
    assert mmlu["value_other"] == 64.16 and mmlu["difference_kind"] == "absolute"
    assert mmlu["difference"] == pytest.approx(1.66)


def test_same_precedence_uses_source_order_then_is_stable():
    claims = _claims(
        [
            (
                "m",
                "training_compute_flop",
                8.4e23,
                "epoch_models_2024_10",
                "https://e",
                EPOCH,
                None,
            ),
            (
                "m",
                "training_compute_flop",
                8.1e23,
                "epoch_models_2025_08",
                "https://e",
                EPOCH,
                None,
            ),
        ]
    )
    chosen, conflicts = resolve(claims)
    assert chosen["source"].to_list() == ["epoch_models_2025_08"]  # newest snapshot first
    assert conflicts.height == 0  # 3.6 % apart, within the 25 % compute tolerance
    again, _ = resolve(claims.reverse())
    assert again["value"].to_list() == chosen["value"].to_list()


def test_equal_rank_claims_resolve_to_the_consensus_value():
    # Llama 2 70B MMLU as quoted by three papers (Llama 2 68.9, Qwen 69.8, Mixtral 69.9).
    claims = _claims(
        [
            ("m", "mmlu", 69.9, "epoch_mmlu", "https://arxiv.org/pdf/2401.04088", PRIMARY, None),
            ("m", "mmlu", 68.9, "epoch_mmlu", "http://arxiv.org/abs/2307.09288", PRIMARY, None),
            ("m", "mmlu", 69.8, "epoch_mmlu", "https://arxiv.org/pdf/2309.16609", PRIMARY, None),
        ]
    )
    chosen, conflicts = resolve(claims)
    assert chosen["value"].to_list() == [69.8]  # the median claim, whatever the input order
    assert resolve(claims.reverse())[0]["value"].to_list() == [69.8]
    assert conflicts.height == 0  # all within 1 point


def test_prices_newest_observation_wins_and_history_is_not_a_conflict():
    claims = _claims(
        [
            (
                "m",
                "price_usd_per_1m_input_tokens",
                60.0,
                "epoch_api_prices",
                "https://a",
                3,
                dt.date(2021, 11, 20),
            ),
            (
                "m",
                "price_usd_per_1m_input_tokens",
                20.0,
                "litellm",
                "https://b",
                3,
                dt.date(2024, 1, 4),
            ),
        ]
    )
    chosen, conflicts = resolve(claims)
    assert chosen["value"].to_list() == [20.0]
    assert conflicts.height == 0


def test_claims_frame_drops_nulls_and_non_finite_values_and_sets_units():
    frame = pl.DataFrame(
        {
            "model_id": ["a", "b", "c", None],
            "field": ["mmlu"] * 4,
            "value": [50.0, None, float("nan"), 1.0],
        }
    )
    out = claims_frame(
        frame, source="x", citation="https://x", method="reported", precedence=3, retrieved_date=DAY
    )
    assert out["model_id"].to_list() == ["a"]
    assert out["unit"].to_list() == ["percent"]


def test_alias_map_joins_names_exactly_and_refuses_a_name_for_two_models(tmp_path):
    path = tmp_path / "aliases.yaml"
    path.write_text("llama-65b:\n  epoch: [LLaMA-65B]\n  hf: [huggyllama/llama-65b]\n")
    aliases = load_aliases(path)
    names = pl.DataFrame({"name": ["  llama-65B ", "LLaMA-65B (LoRA finetuned)"]})
    ided = attach_ids(names, "name", "epoch", aliases)
    assert ided["model_id"].to_list() == ["llama-65b", None]  # exact, case/space-insensitive
    path.write_text("a:\n  epoch: [X]\nb:\n  epoch: [x]\n")
    with pytest.raises(AliasError, match="several models"):
        load_aliases(path)
    path.write_text("a:\n  wikipedia: [X]\n")
    with pytest.raises(AliasError, match="unknown source"):
        load_aliases(path)


@pytest.mark.parametrize(
    ("name", "slug"),
    [
        ("Llama 2-70B", "llama-2-70b"),
        ("GPT-3 175B (davinci)", "gpt-3-175b-davinci"),
        ("Qwen1.5-MoE-A2.7B", "qwen1.5-moe-a2.7b"),
        ("  Zephyr 141B-A39B\t\t", "zephyr-141b-a39b"),
    ],
)
def test_epoch_names_slug_to_model_ids(name, slug):
    assert pl.DataFrame({"n": [name]}).select(slug_expr("n")).item() == slug


def test_committed_alias_map_targets_are_models_of_the_warehouse(warehouse):
    """An alias pointing at a model_id nobody holds would silently drop its claims."""
    import duckdb

    from ..conftest import RAW_DIR

    aliases = load_aliases(RAW_DIR / "aliases.yaml")
    with duckdb.connect(str(warehouse), read_only=True) as con:
        ids = {r[0] for r in con.execute("SELECT model_id FROM models").fetchall()}
    orphans = sorted(set(aliases["model_id"]) - ids)
    assert orphans == [], f"aliases.yaml targets no model: {orphans[:10]}"


def test_moe_fine_tunes_inherit_the_base_models_active_count_only_at_the_same_size():
    """R1 1776 (671B, a DeepSeek-R1 fine-tune) activates DeepSeek-R1's 37B; a "fine-tune" whose
    total differs from its base beyond 5 % (another architecture) inherits nothing, nor does a
    model whose own active count is known, nor a dense one."""
    from pipelines.lib.staging.claims import inherited_active_claims

    models = pl.DataFrame(
        {
            "model_id": [
                "deepseek-r1",
                "r1-1776",
                "bigger",
                "known",
                "dense-ft",
                "r1-0528",
                "unsure",
                "unsure-ft",
            ],
            "architecture": [
                "moe",
                "moe",
                "moe",
                "moe",
                "dense",
                "unknown",
                "unknown",
                "unknown",
            ],
            "params_total": [671e9, 671e9, 900e9, 671e9, 671e9, 671e9, 671e9, 671e9],
            "params_active": [37e9, None, None, 30e9, None, None, None, None],
            "base_model_id": [
                None,
                "deepseek-r1",
                "deepseek-r1",
                "deepseek-r1",
                "deepseek-r1",
                "deepseek-r1",
                None,
                "unsure",
            ],
        }
    )
    resolved = _claims(
        [("deepseek-r1", "params_active", 37e9, "curated", "https://github.com/x", CURATED, None)]
    )
    inherited = inherited_active_claims(models, resolved).sort("model_id")
    # An undeclared-architecture fine-tune of an MoE base inherits too (LLM-Stats'
    # DeepSeek-R1-0528); a fine-tune of a base whose architecture is unknown does not.
    assert inherited["model_id"].to_list() == ["r1-0528", "r1-1776"]
    row = inherited.row(1, named=True)
    assert row["value"] == 37e9 and row["method"] == "inherited"
    assert row["precedence"] == DERIVED and row["citation"] == "https://github.com/x"
    assert row["source_record"] == "inherited from base model deepseek-r1"
    # Any other claim for the fine-tune outranks the inherited one.
    own = _claims(
        [("r1-1776", "params_active", 36e9, "epoch_models_2025_08", "https://e", EPOCH, None)]
    )
    chosen, _ = resolve(pl.concat([inherited.filter(pl.col("model_id") == "r1-1776"), own]))
    assert chosen["value"].to_list() == [36e9]


def test_benchmark_claims_resolve_into_scores_with_their_one_protocol():
    """A benchmark claim resolves like a `models` field (1-point tolerance) and lands in
    `benchmark_scores` with its protocol's shots; a curated score of the same benchmark and
    shots wins, one with other shots stays beside it."""
    import pandera.polars as pa

    from pipelines.lib.staging.resolution import assemble_scores
    from pipelines.lib.tables import BenchmarkScoresSchema

    claims = _claims(
        [
            ("m", "mmlu", 69.0, "open_llm_leaderboard_v1", "https://hf/m", 3, None),
            ("m", "gsm8k", 40.0, "open_llm_leaderboard_v1", "https://hf/m", 3, None),
            ("m", "gsm8k", 42.5, "obsscaling", "https://obs", 3, None),
            ("n", "arc_c", 60.0, "open_llm_leaderboard_v1", "https://hf/n", 3, None),
            ("n", "mmlu_pro", 30.0, "open_llm_leaderboard_v2", "https://v2", 3, None),
            ("n", "params_total", 7e9, "obsscaling", "https://obs", 3, None),
        ]
    )
    chosen, conflicts = resolve(claims)
    assert set(claims.filter(pl.col("field") == "gsm8k")["unit"]) == {"percent"}
    # 40 vs 42.5 is beyond the 1-point tolerance: a conflict; ObsScaling ranks first.
    gsm = conflicts.filter(pl.col("field") == "gsm8k").row(0, named=True)
    assert (gsm["source_chosen"], gsm["value_other"]) == ("obsscaling", 40.0)
    curated = pl.DataFrame(
        {
            "model_id": ["m", "m"],
            "benchmark": ["mmlu", "gsm8k"],
            "score": [70.0, 56.8],
            "shots": [5, 8],
            "source": ["https://paper/m", "https://paper/m"],
            "protocol": [None, "GSM8K, 8-shot chain-of-thought"],
        }
    )
    scores = assemble_scores(curated, chosen)
    protocols = {
        (r["model_id"], r["benchmark"]): r["protocol"] for r in scores.iter_rows(named=True)
    }
    # an upstream score carries its harness protocol; a curated one, the record's own words
    assert protocols[("n", "arc_c")].startswith("ARC-Challenge, 25-shot")
    assert protocols[("m", "mmlu")] is None
    got = {
        (r["model_id"], r["benchmark"], r["shots"]): r["score"]
        for r in scores.iter_rows(named=True)
    }
    assert got == {
        ("m", "mmlu", 5): 70.0,  # curated, same protocol: the upstream 69.0 is not added
        ("m", "gsm8k", 8): 56.8,  # the paper's 8-shot run ...
        ("m", "gsm8k", 5): 42.5,  # ... beside the harness 5-shot one
        ("n", "arc_c", 25): 60.0,
        ("n", "mmlu_pro", 5): 30.0,
    }
    BenchmarkScoresSchema.validate(scores)
    with pytest.raises((pa.errors.SchemaError, pa.errors.SchemaErrors)):
        BenchmarkScoresSchema.validate(pl.concat([scores, scores.head(1)]))
