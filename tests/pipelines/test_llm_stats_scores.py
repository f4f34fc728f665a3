"""LLM-Stats' self-reported scores as the makers' claims
(pipelines/lib/upstream/llm_stats_scores.py), on real rows cut at test time
(tests/fixtures/upstream/cuts.yaml: llm_stats_scores.csv, llm_stats_models.csv): fractions to
percent, the link kept, shots read from LLM-Stats' words, the already-resolved 5-shot MMLU not
repeated, and every other row listed with its reason."""

import datetime as dt
from pathlib import Path

import polars as pl
import pytest

from pipelines.lib.tables import BenchmarkScoresSchema, ClaimsSchema
from pipelines.lib.upstream import llm_stats as ls
from pipelines.lib.upstream import llm_stats_scores as lss

X: Path
NO_ALIASES = pl.DataFrame(
    schema={"namespace": pl.String, "name_key": pl.String, "name": pl.String, "model_id": pl.String}
)
DAY = dt.date(2026, 11, 25)


@pytest.fixture(autouse=True, scope="module")
def _excerpts(upstream_excerpts):
    global X
    X = upstream_excerpts


def _build():
    attached = ls.attach(
        ls.read_models(X / "llm_stats_models.csv"),
        NO_ALIASES,
        pl.DataFrame({"model_id": ["deepseek-v3"]}),
    )
    return lss.self_reported_scores(ls.read_scores(X / "llm_stats_scores.csv"), attached, DAY)


def _row(table, model_id, benchmark):
    rows = table.filter((pl.col("model_id") == model_id) & (pl.col("benchmark") == benchmark))
    assert rows.height == 1, rows
    return rows.row(0, named=True)


def test_a_self_reported_score_is_the_makers_with_its_link():
    claims, table, _ = _build()
    # row 329: claude-3-opus-20240229 gpqa 0.504, "0-shot CoT - Diamond", Anthropic's page
    opus = _row(table, "claude-3-opus-20240229", "gpqa")
    assert opus["score"] == pytest.approx(50.4, abs=1e-9)
    assert opus["shots"] == 0 and opus["measured_by"] == "maker" and opus["unit"] == "percent"
    assert opus["source"] == "https://www.anthropic.com/news/claude-3-family"
    assert "0-shot CoT - Diamond" in opus["protocol"]
    # row 107: 5-shot CoT MMLU 0.904 is a maker row (the resolved MMLU takes no CoT)
    sonnet = _row(table, "claude-3-5-sonnet-20240620", "mmlu")
    assert sonnet["score"] == pytest.approx(90.4) and sonnet["shots"] == 5
    # row 312: DeepSeek-V3 (placed on our model by its id) gpqa 0.591, no shot count stated
    v3 = _row(table, "deepseek-v3", "gpqa")
    assert v3["score"] == pytest.approx(59.1) and v3["shots"] is None
    assert set(claims["source"]) == {lss.SOURCE}
    BenchmarkScoresSchema.validate(table)
    ClaimsSchema.validate(claims)


def test_resolved_mmlu_is_not_repeated_and_every_other_row_has_a_reason():
    claims, table, unmatched = _build()
    # row 103: claude-3-opus 5-shot (no CoT) MMLU is already a resolved `llm_stats` claim
    assert (
        table.filter(
            (pl.col("model_id") == "claude-3-opus-20240229") & (pl.col("benchmark") == "mmlu")
        ).height
        == 0
    )
    reasons = dict(zip(unmatched["name"], unmatched["detail"], strict=True))
    # rows 264 / 359 / 126: not self-reported; row 64: self-reported, placeholder link
    assert reasons["gemini-1.0-pro / gpqa"].startswith("not self-reported")
    assert reasons["gpt-3.5-turbo-0125 / mmlu"].startswith("not self-reported")
    assert reasons["gemini-1.0-pro / mmlu"].startswith("no source link")
    # 21 rows cut: each is a claim here, a 5-shot non-CoT MMLU that `llm_stats.claims` already
    # takes (rows 103, 68, 79), or listed
    assert claims.height + 3 + unmatched.height == 21
