"""Epoch's public runs table (pipelines/lib/upstream/epoch_runs.py) on the real pinned file
(data/raw/upstream/epoch_benchmarking_hub/, put there by `make upstream`): the Spanish-locale
export read at the door (byte-order mark, decimal comma, Spanish Pacific-time dates), a run
the hub files already hold kept once, the newest run of a version as its score, and every row
of the file accounted for (placed, unplaced with a reason, or the hub file's own row)."""

import datetime as dt

import pandera.errors
import polars as pl
import pytest

from pipelines.lib.tables import BenchmarkScoresSchema
from pipelines.lib.upstream import benchmark_hub as hub
from pipelines.lib.upstream import epoch_runs as er
from tests.conftest import RAW_DIR

HUB = RAW_DIR / "upstream" / "epoch_benchmarking_hub"
DAY = dt.date(2026, 12, 6)
NO_ALIASES = pl.DataFrame(
    schema={"namespace": pl.String, "name_key": pl.String, "name": pl.String, "model_id": pl.String}
)


def _path(name: str):
    path = HUB / name
    if not path.is_file():
        pytest.fail(f"pinned upstream file {path} is missing: run `make upstream`", pytrace=False)
    return path


@pytest.fixture(scope="module")
def runs() -> pl.DataFrame:
    return er.read_runs_table(_path(er.RUNS_FILE))


@pytest.fixture(scope="module")
def hub_runs() -> dict[str, pl.DataFrame]:
    return {bench: hub.read_epoch_run(_path(rel)) for _, (rel, bench) in hub.EPOCH_RUNS.items()}


@pytest.fixture(scope="module")
def benchmarked() -> pl.DataFrame:
    path = RAW_DIR / "upstream" / "epoch_2026" / "epoch_benchmarked_models.csv"
    if not path.is_file():
        pytest.fail(f"pinned upstream file {path} is missing: run `make upstream`", pytrace=False)
    return hub.read_benchmarked_models(path)


@pytest.fixture(scope="module")
def every_epoch_model(benchmarked) -> pl.DataFrame:
    """Every model Epoch's benchmarked-models file names counts as one of ours here."""
    placed = hub.place_versions(
        benchmarked["id_model_version"],
        benchmarked,
        NO_ALIASES,
        pl.DataFrame({"model_id": ["-"]}),
    )
    ids = placed["reason"].str.extract(r"\(([^()]+)\) is no model of ours$", 1).drop_nulls()
    return pl.DataFrame({"model_id": ids.unique()})


def _row(frame: pl.DataFrame, model: str, task: str) -> dict:
    rows = frame.filter((pl.col("model") == model) & (pl.col("task") == task))
    assert rows.height == 1, (model, task, rows.height)
    return rows.row(0, named=True)


# ----------------------------------------------------------------- the locale traps, at the door


def test_byte_order_mark_and_decimal_comma_read_at_the_door(runs):
    raw = _path(er.RUNS_FILE).read_bytes()
    assert raw.startswith(b"\xef\xbb\xbfid,task,model,")  # BOM on the header
    assert b'kimi-k2.6,"0,908"' in raw  # quoted decimal comma, as published
    assert runs.columns[0] == "id"
    assert runs.height == 809
    # SOURCE.md: kimi-k2.6 GPQA diamond "0,908" -> 90.8 percent (not 0.908, not 908)
    assert _row(runs, "kimi-k2.6", "GPQA diamond")["score_pct"] == pytest.approx(90.8)
    assert _row(runs, "kimi-k2.6", "OTIS Mock AIME 2024-2025")["score_pct"] == pytest.approx(96.1)
    assert runs["score_pct"].is_between(0, 100).all()


def test_spanish_dates_are_pacific_time(runs, hub_runs):
    kimi = _row(runs, "kimi-k2.6", "GPQA diamond")
    assert kimi["started_at"] == "1 de mayo de 2026 10:25am"
    assert kimi["started_at_utc"] == dt.datetime(2026, 5, 1, 17, 25, tzinfo=dt.UTC)  # PDT
    # every run the hub files also hold: the same minute as their UTC `Started at`, in winter
    # (PST, UTC-8) and summer (PDT, UTC-7) alike
    both = runs.join(er._hub_runs(hub_runs), on="id")
    assert both.height == sum(f.height for f in hub_runs.values()) == 658
    stamped = both.filter(pl.col("run_at").is_not_null())
    assert stamped.height == 654  # 4 runs have no start time in either file
    assert (stamped["started_at_utc"] == stamped["run_at"]).all()
    winter = runs.filter(pl.col("started_at") == "4 de febrero de 2026 10:05am")
    assert winter["model"].to_list() == ["claude-3-7-sonnet-20250219"]
    assert winter["started_at_utc"].item() == dt.datetime(2026, 2, 4, 18, 5, tzinfo=dt.UTC)  # PST


def test_scores_agree_with_the_hub_files_to_the_tables_rounding(runs, hub_runs):
    both = runs.join(er._hub_runs(hub_runs), on="id")
    assert (both["model"] == both["version"]).all()
    assert (both["benchmark"] == both["benchmark_right"]).all()
    assert ((both["score_pct"] - both["best_pct"]).abs() <= er.ROUNDING_PCT).all()


@pytest.mark.parametrize(
    ("find", "replace"),
    [
        ('kimi-k2.6,"0,908"', 'kimi-k2.6,"0.908"'),  # a dot-decimal copy is another export
        ('kimi-k2.6,"0,908"', 'kimi-k2.6,"90,8"'),  # percent, not a fraction
        ("1 de mayo de 2026 10:25am", "1 May 2026 10:25am"),  # the English export (2025-11)
        ("LjgJoDosTLkiGVT59smA7q,GPQA diamond", "LjgJoDosTLkiGVT59smA7q,GPQA extended"),
    ],
)
def test_a_changed_export_fails_at_its_own_door(tmp_path, find, replace):
    text = _path(er.RUNS_FILE).read_text(encoding="utf-8-sig")
    assert find in text
    broken = tmp_path / "runs.csv"
    broken.write_text(text.replace(find, replace, 1), encoding="utf-8")
    with pytest.raises(pandera.errors.SchemaErrors):
        er.read_runs_table(broken)


# ----------------------------------------------------------------- one run, one claim


def test_a_run_the_hub_files_hold_is_kept_once(runs, hub_runs):
    fresh = er.new_runs(runs, hub_runs)
    assert fresh.height == 809 - 658
    assert not fresh["id"].is_in(er._hub_runs(hub_runs)["id"].implode()).any()
    # runs newer than the April export are new: Kimi K2.6 (GPQA, OTIS, SimpleQA), GLM-5.1
    newer = fresh.filter(pl.col("started_at_utc") > dt.datetime(2026, 4, 29, tzinfo=dt.UTC))
    assert sorted(zip(newer["model"], newer["benchmark"], strict=True)) == [
        ("glm-5.1", "simpleqa_verified"),
        ("gpt-5.5-pro-pre-release_xhigh", "chess_puzzles"),
        ("kimi-k2.6", "gpqa_diamond"),
        ("kimi-k2.6", "otis_mock_aime"),
        ("kimi-k2.6", "simpleqa_verified"),
    ]


def test_the_newest_run_of_a_version_is_its_score(runs, hub_runs, benchmarked, every_epoch_model):
    claims, scores, _, superseded = er.runs_scores(
        runs, hub_runs, benchmarked, NO_ALIASES, every_epoch_model, DAY
    )
    BenchmarkScoresSchema.validate(scores)
    # o3-mini (high), FrontierMath tiers 1-3: the runs table's March 2025 run (11.0) is a
    # claim, the hub file's November 2025 run (12.4) stays the score
    march = claims.filter(pl.col("source_record").str.contains("GZeqEeaiEhnLJSzVogT9N4"))
    assert march["value"].to_list() == [pytest.approx(11.0)]
    assert not scores["protocol"].str.contains("GZeqEeaiEhnLJSzVogT9N4").any()
    assert superseded.height == 0  # no run of the table is newer than the hub file's
    # GPT-5.4 (xhigh), FrontierMath tier 4 public sample: two runs, the newer one scores
    twice = claims.filter(pl.col("source_record").str.starts_with("gpt-5.4-2026-03-05_xhigh (F"))
    assert twice.height == 2
    row = scores.filter(pl.col("protocol").str.contains("gpt-5.4-2026-03-05_xhigh,"))
    assert row["protocol"].str.contains("ELAMGMD6m5vHeRPTLjKSsA").to_list() == [True]
    # Kimi K2.6 gains a GPQA Diamond score measured by Epoch, with its protocol
    kimi = scores.filter(
        (pl.col("benchmark") == "gpqa_diamond") & pl.col("protocol").str.contains("kimi-k2.6,")
    )
    assert kimi["score"].to_list() == [pytest.approx(90.8)]
    assert kimi["measured_by"].to_list() == ["epoch"]
    assert kimi["protocol"].item().startswith("GPQA Diamond, 0-shot, accuracy (Epoch AI run)")
    # SWE-bench Verified harness 1.x runs (2025) are a protocol family of their own
    v1 = scores.filter(pl.col("protocol").str.starts_with(er.SWE_V1))
    assert v1.height > 0 and v1["protocol"].str.contains("' 1.0.").all()


def test_a_newer_run_of_the_table_replaces_the_hub_files_score(runs, benchmarked):
    """o3-mini (high) on FrontierMath tiers 1-3 with the files' roles swapped: were the hub to
    show the March 2025 run, the table's November 2025 run would be the score."""
    march = runs.filter(pl.col("id") == "GZeqEeaiEhnLJSzVogT9N4").row(0, named=True)
    as_hub = pl.DataFrame(
        {
            "Model version": [march["model"]],
            "mean_score": ["0.110"],
            "Best score (across scorers)": ["0.110"],
            "Log viewer": [march["log viewer"]],
            "Started at": [march["started_at_utc"].strftime("%Y-%m-%dT%H:%M:%S.000Z")],
            "id": [march["id"]],
            "score_pct": [march["score_pct"]],
        }
    )
    table = runs.filter(pl.col("model") == "o3-mini-2025-01-31_high")
    version = pl.Series([march["model"]])
    known = hub.place_versions(version, benchmarked, NO_ALIASES, pl.DataFrame({"model_id": ["-"]}))
    model_id = known["reason"].str.extract(r"\(([^()]+)\) is no model of ours$", 1).item()
    known = pl.DataFrame({"model_id": [model_id]})
    hub_claims, hub_table, *_ = hub.hub_scores(
        {"frontiermath": as_hub},
        pl.DataFrame(
            schema={"Model version": pl.String, "score_pct": pl.Float64, "Name": pl.String}
        ),
        benchmarked,
        NO_ALIASES,
        known,
        {"frontiermath": "FrontierMath tiers 1-3, 0-shot, accuracy (Epoch AI run)"},
        DAY,
    )
    assert hub_table.height == 1
    _, scores, _, superseded = er.runs_scores(
        table, {"frontiermath": as_hub}, benchmarked, NO_ALIASES, known, DAY
    )
    assert superseded.select("benchmark", "version").rows() == [
        ("frontiermath", "o3-mini-2025-01-31_high")
    ]
    assert er.without_superseded(hub_table, superseded).height == 0
    fm = scores.filter(pl.col("benchmark") == "frontiermath")
    assert fm["score"].to_list() == [pytest.approx(12.4)]  # the November run


def test_every_row_is_placed_unmatched_or_the_hub_files_own(
    runs, hub_runs, benchmarked, every_epoch_model
):
    claims, scores, unmatched, _ = er.runs_scores(
        runs, hub_runs, benchmarked, NO_ALIASES, every_epoch_model, DAY
    )
    fresh = er.new_runs(runs, hub_runs)
    unplaced = fresh.filter(pl.col("model").is_in(unmatched["name"].implode()))
    held_by_hub = runs.height - fresh.height
    # every task of the table is a language-model benchmark: all 809 rows count
    assert claims.height + unplaced.height + held_by_hub == runs.height == 809
    assert claims.height > 0 and scores.height <= claims.height
    assert unmatched["source"].unique().to_list() == [er.SOURCE]
    assert unmatched["detail"].str.len_chars().min() > 0


def test_the_warehouse_accounts_for_every_row(warehouse, runs, hub_runs):
    """The built warehouse: each run of the table is a claim of a release, a row of an unplaced
    version listed in `unmatched_names`, or the hub file's own run (kept once)."""
    import duckdb

    con = duckdb.connect(str(warehouse), read_only=True)
    try:
        claimed = con.execute(
            "SELECT count(*) FROM claims WHERE source = ?", [er.SOURCE]
        ).fetchall()[0][0]
        unplaced = [
            r[0]
            for r in con.execute(
                "SELECT name FROM unmatched_names WHERE source = ?", [er.SOURCE]
            ).fetchall()
        ]
        scored = con.execute(
            "SELECT count(*) FROM benchmark_scores WHERE measured_by = 'epoch' "
            "AND protocol LIKE '%, task ''%'"
        ).fetchall()[0][0]
    finally:
        con.close()
    fresh = er.new_runs(runs, hub_runs)
    unplaced_rows = fresh.filter(pl.col("model").is_in(unplaced)).height
    assert claimed + unplaced_rows + (runs.height - fresh.height) == runs.height == 809
    assert 0 < scored <= claimed
