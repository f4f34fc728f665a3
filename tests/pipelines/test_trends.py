"""Trend maths against hand-checked cases and published numbers."""

import datetime as dt

import polars as pl
import pytest

from pipelines.lib.trends.allocation import compute_optimal
from pipelines.lib.trends.defaults import CHINCHILLA_TOKENS_PER_PARAM
from pipelines.lib.trends.frontier import frontier_table, smallest_model_frontier


def _scores(rows):
    return pl.DataFrame(
        [
            {
                "model_id": mid,
                "name": mid,
                "organization": "org",
                "release_date": dt.date.fromisoformat(date),
                "params_total": total,
                "params_active": active,
                "score": score,
                "source": f"https://x/{mid}",
                "params_source": None,
            }
            for mid, date, total, active, score in rows
        ],
        schema_overrides={"params_source": pl.String},
    )


# The 60 % MMLU history from ../shared/reference/README.md ("Known timeline check"),
# plus models that must NOT become records (too big, too late, or below the threshold).
HISTORY = _scores(
    [
        ("gopher", "2021-12-08", 280e9, 280e9, 60.0),
        ("chinchilla", "2022-03-29", 70e9, 70e9, 67.5),
        ("llama-65b", "2023-02-24", 65.2e9, 65.2e9, 63.4),
        ("llama-2-70b", "2023-07-18", 70e9, 70e9, 68.9),  # bigger than the standing record
        ("llama-2-34b", "2023-07-18", 34e9, 34e9, 62.6),
        ("llama-2-13b", "2023-07-18", 13e9, 13e9, 54.8),  # below the threshold
        ("mistral-7b", "2023-10-10", 7.24e9, 7.24e9, 60.1),
        ("qwen1.5-moe-a2.7b", "2024-03-28", 14.3e9, 2.7e9, 62.54),
    ]
)


def test_frontier_total_basis_reproduces_the_60_percent_history():
    got = smallest_model_frontier(HISTORY, "mmlu", 60, "total")
    assert got["model_id"].to_list() == [
        "gopher",
        "chinchilla",
        "llama-65b",
        "llama-2-34b",
        "mistral-7b",
    ]
    # 280B (Dec 2021) to 7.24B (Oct 2023): the frontier shrank ~39x.
    assert got["params"][0] / got["params"][-1] == pytest.approx(280 / 7.24, rel=1e-9)


def test_frontier_active_basis_credits_moe_active_parameters():
    got = smallest_model_frontier(HISTORY, "mmlu", 60, "active")
    assert got["model_id"].to_list()[-1] == "qwen1.5-moe-a2.7b"
    assert got["params"][-1] == 2.7e9


def test_frontier_threshold_is_inclusive_and_ties_are_not_new_records():
    scores = _scores(
        [
            ("a", "2023-01-01", 10e9, 10e9, 60.0),  # exactly at the threshold counts
            ("b", "2023-02-01", 10e9, 10e9, 70.0),  # same size later: not a new record
            ("c", "2023-03-01", 9e9, 9e9, 59.99),  # just below: not qualifying
        ]
    )
    got = smallest_model_frontier(scores, "mmlu", 60, "total")
    assert got["model_id"].to_list() == ["a"]


def test_frontier_same_day_takes_the_smallest_only():
    scores = _scores([("big", "2023-01-01", 70e9, 70e9, 65), ("small", "2023-01-01", 7e9, 7e9, 61)])
    assert smallest_model_frontier(scores, "mmlu", 60, "total")["model_id"].to_list() == ["small"]


def test_frontier_table_covers_every_threshold_and_basis():
    table = frontier_table(HISTORY)
    combos = set(table.select("threshold", "basis").unique().iter_rows())
    assert {(60.0, "total"), (60.0, "active"), (50.0, "total")} <= combos
    assert table.filter(pl.col("threshold") == 80).height == 0  # nobody reaches 80 here


def test_frontier_rejects_unknown_basis():
    with pytest.raises(ValueError, match="basis"):
        smallest_model_frontier(HISTORY, "mmlu", 60, "median")


def _models(rows):
    return pl.DataFrame(
        [
            {
                "model_id": m,
                "name": m,
                "release_date": dt.date(2022, 1, 1),
                "architecture": arch,
                "params_total": total,
                "params_active": active,
                "training_tokens": tokens,
                "training_compute_flop": flop,
                "compute_method": "reported",
            }
            for m, arch, total, active, tokens, flop in rows
        ]
    )


def test_compute_optimal_against_published_values():
    # Chinchilla: 70B params, 1.4T tokens, 5.76e23 FLOP (Hoffmann et al. 2022, Table 3 / A4).
    # GPT-3: 175B params, 300B tokens, 3.14e23 FLOP (Brown et al. 2020, Table D.1).
    table = compute_optimal(
        _models(
            [
                ("chinchilla", "dense", 70e9, 70e9, 1.4e12, 5.76e23),
                ("gpt-3", "dense", 175e9, 175e9, 300e9, 3.14e23),
                ("mixtral-8x7b", "moe", 46.7e9, 12.9e9, None, 7.74e23),
            ]
        )
    ).to_dicts()
    chinchilla, gpt3, mixtral = table
    assert chinchilla["tokens_per_param"] == pytest.approx(20.0)
    assert chinchilla["chinchilla_ratio"] == pytest.approx(1.0)
    # 6·N·D = 5.88e23 vs the reported 5.76e23: within 3 %.
    assert chinchilla["compute_6nd_to_reported_ratio"] == pytest.approx(1.0, abs=0.03)
    assert gpt3["tokens_per_param"] == pytest.approx(1.714, abs=1e-3)  # far under 20:1
    assert gpt3["compute_6nd_flop"] == pytest.approx(3.15e23, rel=1e-3)
    assert gpt3["compute_6nd_to_reported_ratio"] == pytest.approx(1.0, abs=0.01)
    assert mixtral["tokens_per_param"] is None  # unknown tokens stay unknown, never zero
    assert CHINCHILLA_TOKENS_PER_PARAM == 20.0


def test_compute_optimal_uses_active_parameters_for_moe():
    # DeepSeek-V3: 671B total, 37B active, 14.8T tokens; Epoch's 3.41e24 FLOP follows 6·N_active·D.
    row = compute_optimal(_models([("deepseek-v3", "moe", 671e9, 37e9, 14.8e12, 3.41e24)])).row(
        0, named=True
    )
    assert row["compute_6nd_flop"] == pytest.approx(6 * 37e9 * 14.8e12)
    assert row["compute_6nd_to_reported_ratio"] == pytest.approx(0.96, abs=0.01)
    assert row["tokens_per_param"] == pytest.approx(14.8e12 / 37e9)
