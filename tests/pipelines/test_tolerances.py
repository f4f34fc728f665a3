"""The one rule for when two claims agree (`pipelines.lib.staging.tolerances`), by how each field is
used: prices and counts relative, scores in points, dated claims only against the same date."""

from __future__ import annotations

import datetime as dt

import polars as pl

from pipelines.lib.staging import claims as claims_lib
from pipelines.lib.staging.tolerances import AGREES, DISAGREES, OTHER_DATE, verdict

DAY = dt.date(2024, 5, 13)


def judge(field, value, chosen, as_of=None, as_of_chosen=None) -> tuple[str, float, str]:
    frame = pl.DataFrame(
        {
            "field": [field],
            "value": [value],
            "value_chosen": [chosen],
            "as_of_date": [as_of],
            "as_of_chosen": [as_of_chosen],
        },
        schema_overrides={"as_of_date": pl.Date, "as_of_chosen": pl.Date},
    )
    row = verdict(frame).row(0, named=True)
    return row["verdict"], row["difference"], row["difference_kind"]


def test_a_four_fold_price_on_the_same_date_disagrees():
    assert judge("price_usd_per_1m_input_tokens", 20.0, 5.0, DAY, DAY) == (
        DISAGREES,
        0.75,
        "relative",
    )


def test_a_price_from_another_date_is_history_not_agreement():
    status, _, _ = judge("price_usd_per_1m_input_tokens", 2.5, 5.0, dt.date(2024, 8, 6), DAY)
    assert status == OTHER_DATE


def test_scores_are_compared_in_points_and_exactly_one_point_agrees():
    # 87.4 - 86.4 is 1.0000000000000142 in float64: a one-point difference, within tolerance.
    assert judge("mmlu", 87.4, 86.4)[0] == AGREES
    assert judge("gsm8k", 57.5, 56.4)[0] == DISAGREES
    assert judge("mmlu", 87.4, 86.4)[2] == "absolute"


def test_counts_are_relative_so_128k_and_131072_agree():
    assert judge("context_window", 131072.0, 128000.0)[0] == AGREES
    assert judge("params_total", 7.3e9, 7.0e9)[0] == AGREES
    assert judge("params_total", 8.0e9, 7.0e9)[0] == DISAGREES


def test_resolve_lists_as_conflicts_exactly_what_the_rule_says_disagrees():
    rows = [
        # (model, field, value, source, as_of, precedence)
        ("m", "price_usd_per_1m_input_tokens", 5.0, "curated", DAY, 0),
        ("m", "price_usd_per_1m_input_tokens", 20.0, "litellm", DAY, 3),
        ("m", "price_usd_per_1m_input_tokens", 2.5, "genai_prices_2026_08", dt.date(2025, 1, 1), 3),
        ("m", "mmlu", 86.4, "curated", None, 0),
        ("m", "mmlu", 87.4, "epoch_mmlu", None, 2),
        ("m", "context_window", 128000.0, "curated", None, 0),
        ("m", "context_window", 131072.0, "litellm", None, 3),
    ]
    frame = claims_lib.claims_frame(
        pl.DataFrame(
            rows,
            schema=["model_id", "field", "value", "source", "as_of_date", "precedence"],
            orient="row",
        ).with_columns(pl.lit("https://example.org/c").alias("citation"))
    )
    _, conflicts = claims_lib.resolve(frame)
    assert conflicts.select("field", "value_other", "source_other").rows() == [
        ("price_usd_per_1m_input_tokens", 20.0, "litellm")
    ]
