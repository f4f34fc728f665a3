"""The coverage table: counts by field, overall and per release year, against the targets."""

import datetime as dt

import polars as pl

from pipelines.lib.staging.coverage import coverage

NUMBERS = (
    "params_total",
    "training_tokens",
    "training_compute_flop",
    "context_window",
    "price_usd_per_1m_input_tokens",
    "training_cost_usd",
)


def _models() -> pl.DataFrame:
    """Three models: dated 2023 and 2024, and one undated; only MMLU and active counts set."""
    return pl.DataFrame(
        {
            **{c: pl.Series([None, None, None], dtype=pl.Float64) for c in NUMBERS},
            "release_date": [dt.date(2023, 5, 1), dt.date(2024, 2, 1), None],
            "architecture": ["dense", "moe", "dense"],
            "mmlu": [60.0, None, 40.0],
            "params_active": [7e9, None, 1e9],
        }
    )


def test_release_date_is_counted_overall_and_never_per_year():
    out = coverage(_models())
    overall = {r["field"]: r for r in out.filter(pl.col("year").is_null()).iter_rows(named=True)}
    assert (overall["release_date"]["with_value"], overall["release_date"]["models"]) == (2, 3)
    assert overall["models"]["target"] == 900
    # Per release year, a release date is 100 % by construction: no such rows.
    assert out.filter(pl.col("year").is_not_null() & (pl.col("field") == "release_date")).is_empty()
    per_year = out.filter((pl.col("field") == "mmlu") & pl.col("year").is_not_null())
    assert dict(zip(per_year["year"], per_year["with_value"], strict=True)) == {2023: 1, 2024: 0}
    # The undated model counts overall but in no year.
    assert overall["mmlu"]["with_value"] == 2
    assert overall["moe_with_active"]["with_value"] == 0
