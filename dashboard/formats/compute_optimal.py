"""Formatting for the Compute-optimal page: allocations, fitted scaling laws, budgets."""

from __future__ import annotations

import math

import polars as pl

from dashboard.formats.base import (
    FIT_SHORT_LABELS,
    citation_url,
    fit_label,
    format_count,
    format_flop,
)

# `scaling_law_fits.parameter` -> what it is.
LOSS_PARAMETER_LABELS: dict[str, str] = {
    "E": "E (irreducible loss, nats/token)",
    "A": "A (parameter term)",
    "B": "B (data term)",
    "alpha": "α (parameter exponent)",
    "beta": "β (data exponent)",
    "params_exponent": "a = β/(α+β) in N_opt ∝ C^a",
}


def allocation_table(allocation: pl.DataFrame) -> pl.DataFrame:
    """`queries.allocation_for_budget` for display: the fit in words, sizes as text, the
    citation's URL."""
    return allocation.with_columns(
        pl.Series("fit_label", [fit_label(f) for f in allocation["fit"]], dtype=pl.String),
        pl.Series(
            "fit_short",
            [FIT_SHORT_LABELS.get(f, f) for f in allocation["fit"]],
            dtype=pl.String,
        ),
        pl.Series(
            "params_text", [format_count(v) for v in allocation["params_opt"]], dtype=pl.String
        ),
        pl.Series(
            "tokens_text", [format_count(v) for v in allocation["tokens_opt"]], dtype=pl.String
        ),
        pl.Series(
            "citation_url", [citation_url(c) for c in allocation["citation"]], dtype=pl.String
        ),
    )


def scaling_fits_table(table: pl.DataFrame) -> pl.DataFrame:
    """`scaling_law_fits` for display: the parameter in words and both intervals as text."""

    def fmt(value: float | None) -> str:
        if value is None or not math.isfinite(value):
            return "–"
        return f"{value:.4g}" if abs(value) < 10 else f"{value:,.0f}"

    def interval(low: float | None, high: float | None) -> str:
        if low is None or high is None:
            return "–"
        return f"{fmt(low)} – {fmt(high)}"

    return table.with_columns(
        pl.Series(
            "parameter_label",
            [LOSS_PARAMETER_LABELS.get(p, p) for p in table["parameter"]],
            dtype=pl.String,
        ),
        pl.Series("estimate_text", [fmt(v) for v in table["estimate"]], dtype=pl.String),
        pl.Series(
            "interval_text",
            [interval(lo, hi) for lo, hi in zip(table["ci_low"], table["ci_high"], strict=True)],
            dtype=pl.String,
        ),
        pl.Series("published_text", [fmt(v) for v in table["published_estimate"]], dtype=pl.String),
        pl.Series(
            "published_interval_text",
            [
                interval(lo, hi)
                for lo, hi in zip(
                    table["published_ci_low"], table["published_ci_high"], strict=True
                )
            ],
            dtype=pl.String,
        ),
    )


def budget_label(budget: float) -> str:
    """A budget in FLOP as the calculator's slider shows it (also its URL form): 5.76e23."""
    return format_flop(budget, unit=False)


def with_flop_text(frame: pl.DataFrame, column: str) -> pl.DataFrame:
    """`frame` with `<column>_text`: compute as `5.83e23` text (Streamlit's number columns
    refuse integer-valued floats above 2^53, which every FLOP count is)."""
    return frame.with_columns(
        pl.Series(
            f"{column}_text", [format_flop(v, unit=False) for v in frame[column]], dtype=pl.String
        )
    )


def budget_trend(shown: pl.DataFrame, budget: str) -> str:
    """The calculator chart's trend: what each fit allocates at the chosen budget
    (`allocation_table` rows), `at 5.76e23 FLOP: Hoffmann 2022 32.2B parameters on 2.98T tokens;
    …`."""
    if shown.is_empty():
        return f"none: no fit gives an allocation at {budget} FLOP"
    fits = "; ".join(
        f"{row['fit_short']} {row['params_text']} parameters on {row['tokens_text']} tokens"
        for row in shown.iter_rows(named=True)
    )
    return f"at {budget} FLOP: {fits}"
