"""Epoch AI's Benchmarking Hub (pipelines/lib/upstream/benchmark_hub.py): each reader on real
rows cut at test time from the pinned files (tests/fixtures/upstream/cuts.yaml), fractions
resolved to percent at the door against the values SOURCE.md quotes, effort variants as versions
of one release, the unplaced versions listed with a reason, and each schema failing at its own
door on a broken copy."""

import datetime as dt
from pathlib import Path

import pandera.errors
import polars as pl
import pytest

from pipelines.lib.staging import claims as cl
from pipelines.lib.tables import BenchmarkScoresSchema, CapabilityIndexSchema
from pipelines.lib.upstream import benchmark_hub as hub

X: Path  # the upstream excerpts, cut at test time
DAY = dt.date(2026, 12, 6)
NO_ALIASES = pl.DataFrame(
    schema={"namespace": pl.String, "name_key": pl.String, "name": pl.String, "model_id": pl.String}
)
KNOWN = pl.DataFrame(
    {"model_id": ["gpt-5", "claude-opus-4.5", "claude-opus-4.6", "gemini-3-pro", "gpt-oss-120b"]}
)
PROTOCOLS = {name: what for name, (_, what) in cl.HUB_BENCHMARKS.items()}


@pytest.fixture(autouse=True, scope="module")
def _excerpts(upstream_excerpts):
    global X
    X = upstream_excerpts


def _score(frame: pl.DataFrame, version: str) -> list[float]:
    return frame.filter(pl.col("Model version") == version)["score_pct"].to_list()


def _runs() -> dict[str, pl.DataFrame]:
    files = {
        "gpqa_diamond": "hub_gpqa_diamond.csv",
        "math_level_5": "hub_math_level_5.csv",
        "otis_mock_aime": "hub_otis_mock_aime.csv",
        "frontiermath": "hub_frontiermath.csv",
        "swe_bench_verified": "hub_swe_bench_verified.csv",
    }
    return {bench: hub.read_epoch_run(X / name) for bench, name in files.items()}


def _build(aliases: pl.DataFrame = NO_ALIASES):
    return hub.hub_scores(
        _runs(),
        hub.read_hle(X / "hub_hle.csv"),
        hub.read_benchmarked_models(X / "epoch_benchmarked_models.csv"),
        aliases,
        KNOWN,
        PROTOCOLS,
        DAY,
    )


# ----------------------------------------------------------------- fractions -> percent, per file


@pytest.mark.parametrize(
    ("file", "version", "percent"),
    [
        # SOURCE.md spot checks (fractions, rounded to 3 places there)
        ("hub_gpqa_diamond.csv", "gpt-5-2025-08-07_high", 86.2),
        ("hub_gpqa_diamond.csv", "claude-opus-4-5-20251101_32K", 86.0),
        ("hub_gpqa_diamond.csv", "gemini-3-pro-preview", 92.6),
        ("hub_gpqa_diamond.csv", "openai/gpt-oss-120b_high", 75.8),
        ("hub_gpqa_diamond.csv", "Llama-4-Maverick-17B-128E-Instruct-FP8", 67.0),
        ("hub_swe_bench_verified.csv", "claude-opus-4-5-20251101", 76.7),
        ("hub_swe_bench_verified.csv", "gpt-5-2025-08-07_high", 73.6),
        ("hub_swe_bench_verified.csv", "gemini-3-pro-preview", 72.9),
        # the file's own published value (0.9813066...), no SOURCE.md spot check for it
        ("hub_math_level_5.csv", "gpt-5-2025-08-07_high", 98.1),
    ],
)
def test_epoch_run_fractions_become_percent_at_the_door(file, version, percent):
    scores = _score(hub.read_epoch_run(X / file), version)
    assert scores and scores[0] == pytest.approx(percent, abs=0.06)


@pytest.mark.parametrize("file", ["hub_otis_mock_aime.csv", "hub_frontiermath.csv"])
def test_every_run_file_is_percent_not_fraction(file):
    """No SOURCE.md value for these two: percent = the published fraction x 100, within 0-100,
    and GPT-5 (high) is above 1 (a fraction would not be)."""
    frame = hub.read_epoch_run(X / file)
    raw = frame["mean_score"].cast(pl.Float64) * 100
    assert (frame["score_pct"] - raw).abs().max() < 1e-9
    assert frame["score_pct"].is_between(0, 100).all()
    assert _score(frame, "gpt-5-2025-08-07_high")[0] > 1


def test_hle_accuracy_is_percent_and_both_claude_entries_kept():
    hle = hub.read_hle(X / "hub_hle.csv")
    assert _score(hle, "gemini-3-pro-preview")[0] == pytest.approx(37.52)
    assert _score(hle, "gpt-5-2025-08-07_high")[0] == pytest.approx(25.32)
    # thinking and no thinking, on one version id
    assert sorted(_score(hle, "claude-opus-4-5-20251101_unknown")) == pytest.approx([14.16, 25.2])


def test_mmlu_external_em_is_a_fraction_here_and_ids_are_trimmed():
    mmlu = hub.read_mmlu_external(X / "hub_mmlu.csv")
    assert _score(mmlu, "gpt-4-0613")[0] == pytest.approx(82.4)
    assert _score(mmlu, "claude-3-opus-20240229")[0] == pytest.approx(84.6)
    # 'Llama-2-70b-hf ' (trailing space): paper 68.9, HELM 69.5, Qwen/Mixtral papers 69.8/69.9
    llama = sorted(_score(mmlu, "Llama-2-70b-hf"))
    assert llama[:2] == pytest.approx([68.9, 69.5])


# --------------------------------------------------------------------------------- identity


def test_effort_variants_are_versions_of_one_release():
    claims, scores, _ = _build()
    gpt5 = scores.filter((pl.col("model_id") == "gpt-5") & (pl.col("benchmark") == "gpqa_diamond"))
    # high and medium: one release, two rows told apart by protocol, none picked silently
    assert gpt5.height == 2
    assert sorted(gpt5["protocol"].str.extract(r"effort (\w+)$").to_list()) == ["high", "medium"]
    assert set(gpt5["measured_by"]) == {"epoch"}
    high = gpt5.filter(pl.col("protocol").str.contains("_high"))["score"][0]
    assert high == pytest.approx(86.17, abs=0.01)
    # Claude Opus 4.5's 32K thinking budget is Claude Opus 4.5
    assert scores.filter(pl.col("protocol").str.contains("claude-opus-4-5-20251101_32K"))[
        "model_id"
    ].to_list() == ["claude-opus-4.5"]
    assert set(claims["field"]) <= set(cl.HUB_BENCHMARKS)
    BenchmarkScoresSchema.validate(scores)


def test_hle_rows_are_the_leaderboards_and_entries_stay_apart():
    _, scores, _ = _build()
    hle = scores.filter(pl.col("benchmark") == "hle")
    assert set(hle["measured_by"]) == {"leaderboard:hle"}
    opus = hle.filter(pl.col("model_id") == "claude-opus-4.5")
    assert sorted(opus["score"].to_list()) == pytest.approx([14.16, 25.2])


def test_repeat_runs_keep_the_newest_as_score_and_every_run_as_claim():
    claims, scores, _ = _build()
    runs = claims.filter(
        (pl.col("model_id") == "claude-opus-4.6") & (pl.col("field") == "swe_bench_verified")
    )
    assert runs.height == 2
    kept = scores.filter(
        (pl.col("model_id") == "claude-opus-4.6") & (pl.col("benchmark") == "swe_bench_verified")
    )
    assert kept.height == 1
    newest = runs.sort("as_of_date")["value"][-1]
    assert kept["score"][0] == pytest.approx(newest)


def test_unplaced_versions_are_listed_with_their_reason():
    _, scores, unmatched = _build()
    reasons = dict(zip(unmatched["name"], unmatched["detail"], strict=True))
    # Epoch files the instruct version under the base model: never placed by the file
    assert "base model Qwen2.5-72B" in reasons["qwen2.5-72b-instruct"]
    assert "base model Llama 4 Maverick" in reasons["Llama-4-Maverick-17B-128E-Instruct-FP8"]
    assert "qwen2.5-72b-instruct" not in scores["protocol"].str.extract(r"version (\S+),").to_list()
    # an alias (epoch_mmlu namespace: Epoch version ids) places it
    alias = pl.DataFrame(
        [("epoch_mmlu", "qwen2.5-72b-instruct", "qwen2.5-72b-instruct", "gpt-5")],
        schema=NO_ALIASES.schema,
        orient="row",
    )
    _, placed, unmatched2 = _build(alias)
    assert "qwen2.5-72b-instruct" not in unmatched2["name"].to_list()
    assert placed.filter(pl.col("protocol").str.contains("qwen2.5-72b-instruct")).height == 1


def test_capability_index_is_one_row_per_release_not_a_percent():
    benchmarked = hub.read_benchmarked_models(X / "epoch_benchmarked_models.csv")
    assert "Llama-2-70b-hf" in benchmarked["id_model_version"].to_list()  # trimmed
    index, unmatched = hub.capability_index(benchmarked, NO_ALIASES, KNOWN)
    CapabilityIndexSchema.validate(index)
    eci = dict(zip(index["model_id"], index["eci"], strict=True))
    # SOURCE.md: GPT-5 = 150 (an anchor, once despite its effort variants), Opus 4.5 149.93,
    # Gemini 3 Pro 153.06, gpt-oss-120b 140.54
    assert eci["gpt-5"] == 150.0
    assert eci["claude-opus-4.5"] == pytest.approx(149.93)
    assert eci["gemini-3-pro"] == pytest.approx(153.06)
    assert eci["gpt-oss-120b"] == pytest.approx(140.54)
    opus = index.filter(pl.col("model_id") == "claude-opus-4.5").row(0, named=True)
    assert (opus["eci_ci_low"], opus["eci_ci_high"]) == pytest.approx((148.09, 152.58))
    assert "Llama 2-70B" in unmatched["name"].to_list()  # not among KNOWN here


# ----------------------------------------------------------------------- schemas at the door


def _broken(name: str, column: str, value: str, tmp_path: Path) -> Path:
    frame = pl.read_csv(X / name, infer_schema=False)
    out = tmp_path / name
    frame.with_columns(pl.lit(value).alias(column)).write_csv(out)
    return out


@pytest.mark.parametrize(
    ("reader", "name", "column", "value"),
    [
        (hub.read_epoch_run, "hub_gpqa_diamond.csv", "mean_score", "86.2"),  # percent, not 0-1
        (hub.read_epoch_run, "hub_math_level_5.csv", "mean_score", "0,98"),  # decimal comma
        (hub.read_epoch_run, "hub_otis_mock_aime.csv", "Release date", "April 2026"),
        (hub.read_epoch_run, "hub_frontiermath.csv", "mean_score", "1.2"),
        (hub.read_epoch_run, "hub_swe_bench_verified.csv", "id", "same-id"),  # not unique
        (hub.read_hle, "hub_hle.csv", "Accuracy", "37.5"),
        (hub.read_mmlu_external, "hub_mmlu.csv", "EM", "69.5%"),  # the older copy's format
        (hub.read_benchmarked_models, "epoch_benchmarked_models.csv", "eci", "high"),
        (hub.read_benchmarked_models, "epoch_benchmarked_models.csv", "id_model_version", "x"),
    ],
)
def test_each_schema_fails_on_a_broken_copy(reader, name, column, value, tmp_path):
    with pytest.raises(pandera.errors.SchemaErrors) as err:
        reader(_broken(name, column, value, tmp_path))
    assert column in str(err.value)


def test_benchmark_scores_grain_allows_several_parties_and_refuses_a_true_duplicate():
    row = {
        "model_id": "gpt-5",
        "benchmark": "gpqa_diamond",
        "score": 86.2,
        "shots": 0,
        "source": "https://epoch.ai/benchmarks",
        "protocol": "p",
        "measured_by": "epoch",
        "unit": "percent",
    }
    two_parties = pl.DataFrame([row, {**row, "measured_by": "maker", "score": 87.3}])
    BenchmarkScoresSchema.validate(two_parties)
    with pytest.raises(pandera.errors.SchemaErrors):
        BenchmarkScoresSchema.validate(pl.DataFrame([row, row]), lazy=True)
    with pytest.raises(pandera.errors.SchemaErrors):
        BenchmarkScoresSchema.validate(pl.DataFrame([{**row, "measured_by": "someone"}]), lazy=True)
    # a percent is at most 100; an Elo (WebDev Arena) is not a percent
    with pytest.raises(pandera.errors.SchemaErrors):
        BenchmarkScoresSchema.validate(pl.DataFrame([{**row, "score": 1300.0}]), lazy=True)
    BenchmarkScoresSchema.validate(pl.DataFrame([{**row, "score": 1300.0, "unit": "Elo"}]))
