"""Text of the benchmark view sections: labels and the per-year coverage line."""

from __future__ import annotations

import polars as pl

VIEW_BENCHMARK_LABELS = {
    "gpqa_diamond": "GPQA Diamond",
    "mmlu_pro": "MMLU-Pro",
    "swe_bench_verified": "SWE-bench Verified",
}


def measurer_label(measured_by: str) -> str:
    """`maker` -> "the model's maker", `epoch` -> "Epoch AI", `leaderboard:x` -> "leaderboard x"."""
    if measured_by == "maker":
        return "the model's maker"
    if measured_by == "epoch":
        return "Epoch AI"
    kind, _, name = measured_by.partition(":")
    return f"{kind} {name.replace('_', ' ')}" if name else measured_by


def per_year(dates: pl.Series) -> dict[int, int]:
    """How many rows fall in each release year (null dates left out), by year."""
    years = dates.drop_nulls().dt.year()
    counts = years.value_counts().sort(years.name)
    return dict(zip(counts[years.name].to_list(), counts["count"].to_list(), strict=True))


def per_year_text(dates: pl.Series, what: str = "models") -> str:
    """ "Models per year: 2024: 3 · 2025: 7" — so that a thin year never reads as a trend."""
    counts = per_year(dates)
    if not counts:
        return f"{what[:1].upper()}{what[1:]} per year: none."
    return f"{what[:1].upper()}{what[1:]} per year: " + " · ".join(
        f"{y}: {n}" for y, n in counts.items()
    )
