"""The external leaderboards and paper collections of Epoch AI's Benchmarking Hub
(pipelines/lib/upstream/hub_external.py), one real row per file, cut at test time from the pinned
files (tests/fixtures/upstream/cuts.yaml): the score in its unit (fractions become percent, METR
minutes, Elo and points stay native), who measured it, and where every row ends (a score row or
`unmatched_names`)."""

import datetime as dt
from pathlib import Path

import pandera.errors
import polars as pl
import pytest

from pipelines.lib.staging import claims as cl
from pipelines.lib.tables import BenchmarkScoresSchema, ClaimsSchema
from pipelines.lib.upstream import benchmark_hub as hub
from pipelines.lib.upstream import hub_external as hx

X: Path
DAY = dt.date(2026, 12, 6)
NO_ALIASES = pl.DataFrame(
    schema={"namespace": pl.String, "name_key": pl.String, "name": pl.String, "model_id": pl.String}
)
KNOWN = pl.DataFrame({"model_id": ["gpt-5", "claude-opus-4.5"]})


@pytest.fixture(autouse=True, scope="module")
def _excerpts(upstream_excerpts):
    global X
    X = upstream_excerpts


# (file stem, version, the published value as the file writes it, value in unit, unit,
#  measured_by). Each value is the file's own cell; percent = fraction x 100 by hand.
SPOTS = [
    ("mmlu", "gpt-4-0613", "0.824", 82.4, "percent", "leaderboard:helm"),
    ("bbh", "gpt-4-0613", "0.7512", 75.12, "percent", "aggregator:epoch"),
    ("gsm8k", "gpt-4-0613", "0.8999", 89.99, "percent", "aggregator:epoch"),
    ("hella_swag", "Llama-2-70b-hf", "0.853", 85.3, "percent", "aggregator:epoch"),
    ("wino_grande", "claude-3-opus-20240229", "0.885", 88.5, "percent", "aggregator:epoch"),
    ("arc_ai2", "Yi-6B", "0.503", 50.3, "percent", "aggregator:epoch"),
    ("piqa", "Llama-3.1-8B-Instruct", "0.812", 81.2, "percent", "aggregator:epoch"),
    ("bool_q", "PaLM 2-M", "0.886", 88.6, "percent", "aggregator:epoch"),
    ("trivia_qa", "gpt-4-0613", "0.848", 84.8, "percent", "aggregator:epoch"),
    ("lambada", "falcon-7b", "0.749", 74.9, "percent", "aggregator:epoch"),
    ("open_book_qa", "Llama-2-70b-hf", "0.602", 60.2, "percent", "aggregator:epoch"),
    ("science_qa", "gpt-4o-2024-05-13", "0.885", 88.5, "percent", "aggregator:epoch"),
    ("superglue", "T5-11B", "0.889", 88.9, "percent", "aggregator:epoch"),
    ("adversarial_nli", "Mixtral-8x7B-v0.1", "0.552", 55.2, "percent", "aggregator:epoch"),
    ("common_sense_qa_2", "Llama-2-70b-hf", "0.5", 50.0, "percent", "aggregator:epoch"),
    ("arc_agi", "gpt-5-2025-08-07_high", "0.657", 65.7, "percent", "leaderboard:arc_prize"),
    ("arc_agi_2", "gpt-5-2025-08-07_high", "0.0986", 9.86, "percent", "leaderboard:arc_prize"),
    ("aider_polyglot", "gpt-5-2025-08-07_high", "88.0", 88.0, "percent", "leaderboard:aider"),
    # the row's Source is Anthropic's announcement: the maker's number, via the hub
    ("os_world", "claude-opus-4-5-20251101", "66.3", 66.3, "percent", "maker"),
    ("live_bench", "claude-3-opus-20240229", "49.16", 49.16, "percent", "leaderboard:livebench"),
    (
        "terminalbench",
        "gpt-5.1-2025-11-13_unknown",
        "0.47600000000000003",
        47.6,
        "percent",
        "leaderboard:terminal_bench",
    ),
    (
        "swe_bench_bash",
        "gemini-2.5-flash-preview-04-17",
        "0.2873",
        28.73,
        "percent",
        "leaderboard:swe_bench",
    ),
    ("cybench", "claude-3-opus-20240229", "0.1", 10.0, "percent", "leaderboard:cybench"),
    (
        "gdpval",
        "gpt-5.2-2025-12-11_none",
        "0.49700000000000005",
        49.7,
        "percent",
        "leaderboard:gdpval",
    ),
    ("cad_eval", "gpt-4.1-mini-2025-04-14", "0.16", 16.0, "percent", "leaderboard:cad_eval"),
    (
        "the_agent_company",
        "gemini-1.5-pro-002",
        "0.08",
        8.0,
        "percent",
        "leaderboard:the_agent_company",
    ),
    ("posttrainbench", "MiniMax-M2.5", "0.095", 9.5, "percent", "leaderboard:posttrainbench"),
    (
        "apex_agents",
        "gpt-5-2025-08-07_high",
        "0.18300000000000002",
        18.3,
        "percent",
        "leaderboard:apex_agents",
    ),
    ("balrog", "gpt-4o-2024-05-13", "0.323", 32.3, "percent", "leaderboard:balrog"),
    (
        "deepresearchbench",
        "gpt-5-2025-08-07_high",
        "0.486",
        48.6,
        "percent",
        "leaderboard:deepresearchbench",
    ),
    (
        "fictionlivebench",
        "gemini-2.5-pro-preview-05-06",
        "0.719",
        71.9,
        "percent",
        "leaderboard:fiction_live",
    ),
    ("gso", "gpt-5-2025-08-07_high", "0.069", 6.9, "percent", "leaderboard:gso"),
    ("simplebench", "gpt-5-2025-08-07_high", "0.567", 56.7, "percent", "leaderboard:simplebench"),
    ("vpct", "gpt-5-2025-08-07_high", "0.66", 66.0, "percent", "leaderboard:vpct"),
    ("weirdml", "gpt-5-2025-08-07_high", "0.607", 60.7, "percent", "leaderboard:weirdml"),
    ("video_mme", "claude-3-5-sonnet-20240620", "0.6", 60.0, "percent", "leaderboard:video_mme"),
    # native units: METR minutes, Elo, a 0-10 grade, GeoBench points
    (
        "metr_time_horizons",
        "gpt-5-2025-08-07_high",
        "203.012577",
        203.012577,
        "minutes",
        "leaderboard:metr",
    ),
    (
        "webdev_arena",
        "claude-haiku-4-5-20251001",
        "1286.0",
        1286.0,
        "Elo",
        "leaderboard:webdev_arena",
    ),
    (
        "lech_mazur_writing",
        "o4-mini-2025-04-16_medium",
        "7.5",
        7.5,
        "points",
        "leaderboard:lech_mazur_writing",
    ),
    ("geobench", "o3-2025-04-16_high", "3930", 3930.0, "points", "leaderboard:geobench"),
]


def _read(stem: str) -> pl.DataFrame:
    return hx.read_external(X / f"hubx_{stem}.csv", stem)


def test_every_external_file_has_a_spot_check():
    assert sorted(s for s, *_ in SPOTS) == sorted(hx.EXTERNALS)
    # every benchmark name is a claim field with the file's unit
    for spec in hx.EXTERNALS.values():
        assert cl.CLAIM_FIELDS[spec.benchmark][0] == spec.unit


@pytest.mark.parametrize(("stem", "version", "cell", "value", "unit", "measured_by"), SPOTS)
def test_each_source_in_its_unit_and_measurer(stem, version, cell, value, unit, measured_by):
    frame = _read(stem)
    spec = hx.EXTERNALS[stem]
    row = frame.filter(pl.col("Model version") == version)  # ids trimmed at the door
    assert row.height == 1 and row[spec.score][0] == cell
    claims, scores, unmatched = hx.external_scores(
        {stem: frame},
        hub.read_benchmarked_models(X / "epoch_benchmarked_models.csv"),
        NO_ALIASES,
        KNOWN,
        DAY,
    )
    rows = hx._rows(stem, spec, frame)
    assert rows["value"][0] == pytest.approx(value, rel=1e-9)
    assert rows["measured_by"][0] == measured_by
    assert rows["citation"][0].startswith("http")
    # the row ends somewhere: a claim and a score row, or unmatched_names with a reason
    assert claims.height + unmatched.height == frame.height
    if scores.height:
        assert scores["unit"].to_list() == [unit]
        assert scores["score"][0] == pytest.approx(value, rel=1e-9)
        assert claims["unit"].to_list() == [unit]
    else:
        assert unmatched["detail"][0]


def test_effort_variant_lands_on_its_release_and_the_effort_goes_in_protocol():
    frames = {s: _read(s) for s in ("aider_polyglot", "metr_time_horizons", "os_world")}
    claims, scores, unmatched = hx.external_scores(
        frames,
        hub.read_benchmarked_models(X / "epoch_benchmarked_models.csv"),
        NO_ALIASES,
        KNOWN,
        DAY,
    )
    aider = scores.filter(pl.col("benchmark") == "aider_polyglot")
    assert aider["model_id"].to_list() == ["gpt-5"]
    assert aider["protocol"][0].count("reasoning effort high") == 1
    assert "source 'Aider LLM Leaderboards'" in aider["protocol"][0]
    metr = scores.filter(pl.col("benchmark") == "metr_time_horizon")
    assert metr["unit"].to_list() == ["minutes"] and metr["score"][0] == pytest.approx(203.0126)
    osworld = scores.filter(pl.col("benchmark") == "osworld")
    assert osworld["model_id"].to_list() == ["claude-opus-4.5"]
    assert osworld["measured_by"].to_list() == ["maker"]
    assert unmatched.height == 0 and claims.height == 3
    BenchmarkScoresSchema.validate(scores)
    ClaimsSchema.validate(claims)
    assert set(claims["source"]) == {
        "epoch_benchmarking_hub_aider_polyglot",
        "epoch_benchmarking_hub_metr_time_horizons",
        "epoch_benchmarking_hub_os_world",
    }


def test_a_version_no_model_of_ours_is_listed_with_its_reason():
    # Claude Haiku 4.5 is not in the ECI excerpt: unplaced, listed, not guessed
    claims, scores, unmatched = hx.external_scores(
        {"webdev_arena": _read("webdev_arena")},
        hub.read_benchmarked_models(X / "epoch_benchmarked_models.csv"),
        NO_ALIASES,
        KNOWN,
        DAY,
    )
    assert claims.height == 0 and scores.height == 0
    assert unmatched["name"].to_list() == ["claude-haiku-4-5-20251001"]
    assert unmatched["source"].to_list() == ["epoch_benchmarking_hub_webdev_arena"]
    assert "no alias" in unmatched["detail"][0]


@pytest.mark.parametrize(
    ("stem", "cell"),
    [
        ("aider_polyglot", "188.0"),  # a percent above 100
        ("mmlu", "82.4"),  # a fraction file now written in percent
        ("webdev_arena", "1,286"),  # not a number
    ],
)
def test_each_schema_fails_at_its_door_on_a_broken_copy(tmp_path, stem, cell):
    spec = hx.EXTERNALS[stem]
    frame = pl.read_csv(X / f"hubx_{stem}.csv", infer_schema=False)
    broken = tmp_path / f"{stem}.csv"
    frame.with_columns(pl.lit(cell).alias(spec.score)).write_csv(broken)
    with pytest.raises(pandera.errors.SchemaErrors):
        hx.read_external(broken, stem)


@pytest.mark.parametrize(
    ("version", "model_id", "percent"),
    [
        # gpqa_diamond.csv mean_score x 100; placed by a reviewed alias (data/raw/aliases.yaml)
        ("Llama-3.1-405B-Instruct", "llama-3.1-405b-instruct", 50.9154),
        ("Llama-4-Maverick-17B-128E-Instruct-FP8", "llama-4-maverick-instruct", 66.9823),
        # an Epoch version the old MMLU file already made a model of: placed by that version
        ("Mistral-7B-Instruct-v0.3", "mistral-7b-instruct-v0.3", 15.1831),
    ],
)
def test_instruct_versions_land_on_their_instruct_release_never_the_base(
    warehouse, version, model_id, percent
):
    import duckdb

    with duckdb.connect(str(warehouse), read_only=True) as con:
        rows = con.execute(
            """SELECT model_id, score FROM benchmark_scores
               WHERE benchmark = 'gpqa_diamond' AND measured_by = 'epoch'
               AND protocol LIKE '%version ' || ? || ',%'""",
            [version],
        ).fetchall()
    assert [r[0] for r in rows] == [model_id]
    assert rows[0][1] == pytest.approx(percent, abs=1e-3)
