"""Epoch AI's 2026-08 exports (notable, large-scale): each parsed by its own schema on real rows
cut from the pinned files, every trap its SOURCE.md names, and the newest snapshot winning
within Epoch's tier while the revised older value stays in `claims`."""

import datetime as dt

import pandera.polars as pa
import polars as pl
import pytest

from pipelines.lib.ingest.aliases import load_aliases
from pipelines.lib.upstream import epoch as ep

from ..conftest import FIXTURES

NO_ALIASES = load_aliases(FIXTURES / "upstream" / "none.yaml")
DAY = dt.date(2026, 12, 6)


@pytest.fixture(scope="module")
def notable(upstream_excerpts):
    return ep.read_epoch_notable_2026(upstream_excerpts / "epoch_notable_2026.csv")


@pytest.fixture(scope="module")
def large(upstream_excerpts):
    return ep.read_epoch_large_scale_2026(upstream_excerpts / "epoch_large_scale_2026.csv")


def _claim(frame, model, field, source="t", as_of=None):
    ids = ep.epoch_identity(frame, NO_ALIASES, source)
    claims = ep.epoch_claims(ids, source, DAY, as_of)
    hit = claims.filter((pl.col("source_record") == model) & (pl.col("field") == field))
    return hit["value"].to_list(), hit


def test_comma_joined_dataset_size_is_no_number(notable):
    # "2260275840,2290000001": two figures in one cell; the file passes its schema, the cell
    # becomes no dataset size (and the row is not a language model anyway).
    row = notable.filter(pl.col("Model") == "AbLang (heavy sequences)")
    assert row.height == 1
    assert row["Training dataset size (datapoints)"][0] is None


def test_notable_dataset_column_is_tokens_now(notable):
    # Kimi K2: "pre-trained on 15.5T tokens", 1.55e13 in `Training dataset size (total)`.
    values, _ = _claim(notable, "Kimi K2", "training_tokens")
    assert values == [pytest.approx(1.55e13)]


def test_moe_active_count_read_from_the_notes(notable):
    # Parameters is Kimi K2's TOTAL (1e12); the 32B active count is only in the notes.
    assert _claim(notable, "Kimi K2", "params_total")[0] == [pytest.approx(1e12)]
    assert _claim(notable, "Kimi K2", "params_active")[0] == [pytest.approx(32e9)]


def test_dataset_size_derived_from_compute_is_not_tokens(large):
    # gpt-oss-120b: 1.467e14 "(pretraining FLOPs)/(6*5.1B active parameters)" - Epoch's own
    # derivation from compute, not a reported token count: no token claim.
    row = large.filter(pl.col("Model") == "gpt-oss-120b")
    assert row["Dataset size notes"][0].startswith("(pretraining FLOPs)")
    assert _claim(large, "gpt-oss-120b", "training_tokens")[0] == []
    assert _claim(large, "gpt-oss-120b", "training_compute_flop")[0] != []


def test_continued_pretraining_extension_is_not_total_tokens(large):
    # DeepSeek-V3.1's 8.39e11 covers only the long-context extension on top of V3 (its base).
    row = large.filter(pl.col("Model") == "DeepSeek-V3.1")
    assert row["Base model"][0] == "DeepSeek-V3"
    assert _claim(large, "DeepSeek-V3.1", "training_tokens")[0] == []


def test_trailing_spaces_in_names_are_trimmed(large):
    assert "Jais-70B" in large["Model"].to_list()
    assert not any(name != name.strip() for name in large["Model"].to_list())


def test_large_scale_still_mixes_words_and_tokens(large):
    # GPT-3 is still 3.74e11 WORDS here; Chinchilla 1.4e12 tokens.
    gpt3 = _claim(large, "GPT-3 175B (davinci)", "training_tokens")[0]
    chinchilla = _claim(large, "Chinchilla", "training_tokens")[0]
    assert chinchilla == [pytest.approx(1.4e12)]
    assert gpt3 and gpt3[0] > 3.74e11  # converted from words (then times epochs), never as-is


def test_revised_value_newest_wins_and_old_stays(notable, upstream_excerpts):
    # DeepSeek-V3 compute: 3.41e24 in the 2025-08 export, 3.3e24 in the 2026-08 one.
    from pipelines.lib.staging import claims as cl

    old = ep.read_epoch_models(upstream_excerpts / "epoch_models_2025-08.csv")
    parts = [
        ep.epoch_claims(
            ep.epoch_identity(old, NO_ALIASES, "o"),
            "epoch_models_2025_08",
            DAY,
            dt.date(2025, 8, 7),
        ),
        ep.epoch_claims(
            ep.epoch_identity(notable, NO_ALIASES, "n"),
            "epoch_notable_2026_08",
            DAY,
            dt.date(2026, 8, 14),
        ),
    ]
    claims = pl.concat(parts).filter(
        (pl.col("source_record") == "DeepSeek-V3") & (pl.col("field") == "training_compute_flop")
    )
    assert sorted(claims["value"].to_list()) == [pytest.approx(3.3e24), pytest.approx(3.4078e24)]
    resolved, conflicts = cl.resolve(claims)
    assert resolved["value"].to_list() == [pytest.approx(3.3e24)]
    assert resolved["source"].to_list() == ["epoch_notable_2026_08"]
    assert conflicts.height == 0  # a revision is history, not a disagreement


def test_each_file_fails_at_its_own_door(upstream_excerpts, tmp_path):
    text = (upstream_excerpts / "epoch_notable_2026.csv").read_text(encoding="utf-8")
    broken = tmp_path / "notable.csv"
    broken.write_text(text.replace("Training dataset size (total)", "Dataset size", 1))
    with pytest.raises(pa.errors.SchemaErrors):
        ep.read_epoch_notable_2026(broken)
    # the large-scale schema refuses the notable file (its dataset column is missing)
    with pytest.raises(pa.errors.SchemaErrors):
        ep.read_epoch_large_scale_2026(upstream_excerpts / "epoch_notable_2026.csv")


@pytest.mark.slow
def test_every_2026_language_model_is_a_model(warehouse):
    """Every language model of the two 2026 exports ends in `models` (identity by the alias map,
    else its slug) — none is lost — and the newest release is dated August 2026."""
    import duckdb

    from ..conftest import RAW_DIR

    aliases = load_aliases(RAW_DIR / "aliases.yaml")
    with duckdb.connect(str(warehouse), read_only=True) as con:
        models = set(con.sql("SELECT model_id FROM models").pl()["model_id"])
        newest = con.execute("SELECT max(release_date) FROM models").fetchall()[0][0]
        frames = [
            con.sql(f"SELECT * FROM {table}").pl()
            for table in ("raw_epoch_notable_2026_08", "raw_epoch_large_scale_2026_08")
        ]
    for frame in frames:
        ids = ep.epoch_identity(frame, aliases, "t")
        assert ids.height > 400  # 548 and 437 language rows
        missing = sorted(set(ids["model_id"]) - models)
        assert missing == [], missing[:10]
    assert newest.year == 2026 and newest.month == 8


@pytest.mark.parametrize(
    ("which", "model", "active", "why"),
    [
        # "total parameters: 21B\nactive parameters: 3B": the 21B on the line before "active"
        # is the total, never the active count
        ("large", "ERNIE-4.5-21B-A3B", 3e9, "notes, one figure per line"),
        # the notes state only the total; the maker's name says 17B activated
        ("notable", "Qwen3.5 397B-A17B", 17e9, "the -A17B in the name"),
        # "active parameters - 47B" (a dash, not a colon): the name's -A47B gives it
        ("notable", "ERNIE-4.5-VL-424B-A47B (文心大模型4.5)", 47e9, "name, when notes differ"),
    ],
)
def test_moe_active_count_from_notes_or_name(notable, large, which, model, active, why):
    frame = notable if which == "notable" else large
    assert _claim(frame, model, "params_active")[0] == [pytest.approx(active)], why
    ids = ep.epoch_identity(frame, NO_ALIASES, "t")
    signal = ids.filter(pl.col("Model") == model).select(ep.moe_signal(ids))
    assert signal.item() == "strong"


def test_frontier_export_brings_its_compute_method(upstream_excerpts):
    """Epoch's frontier subset (export of 2026-03) is the one 2026 file with a compute
    estimation method: Llama 3.1-405B's 3.8e25 is "Reported,Operation counting" (reported);
    Grok 4's 5e26 "Comparison with other models" is an estimate, and Speculative."""
    frontier = ep.read_epoch_frontier_2026(upstream_excerpts / "epoch_frontier_2026.csv")
    values, hit = _claim(frontier, "Llama 3.1-405B", "training_compute_flop")
    assert values == [pytest.approx(3.8e25)] and hit["method"].to_list() == ["reported"]
    values, hit = _claim(frontier, "Grok 4", "training_compute_flop")
    assert values == [pytest.approx(5e26)]
    assert hit["method"].to_list() == ["estimate"]
    assert hit["confidence"].to_list() == ["Speculative"]
