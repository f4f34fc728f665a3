"""Formatting for the Cost page: growth rates and fold changes."""

from __future__ import annotations

import polars as pl

from dashboard.formats.base import fold_text, format_interval, format_usd

# `growth_rates.metric` -> what grows, in words.
METRIC_LABELS: dict[str, str] = {
    "training_compute_flop": "Training compute",
    "params_total": "Parameters (total)",
    "training_tokens": "Training tokens",
    "context_window": "Context window",
    "training_cost_usd": "Training cost",
    "price_usd_per_1m_blended": "API price (3:1 blended)",
}


def growth_table(rates: pl.DataFrame) -> pl.DataFrame:
    """`growth_rates` (or `cost_trend`) for display: the metric in words, the fold change per
    year with its interval as text, and the doubling or halving time with its interval."""
    fitted = rates["status"] == "fitted"
    rising = rates["fold_change_per_year"].fill_null(1.0) >= 1
    time = rates["doubling_time_months"].fill_null(rates["halving_time_months"])
    return rates.with_columns(
        pl.Series(
            "metric_label", [METRIC_LABELS.get(m, m) for m in rates["metric"]], dtype=pl.String
        ),
        pl.Series(
            "fold_text",
            [
                fold_text(f) if ok else "not fitted"
                for f, ok in zip(rates["fold_change_per_year"], fitted, strict=True)
            ],
            dtype=pl.String,
        ),
        pl.Series(
            "fold_interval",
            [
                format_interval(lo, hi, ".3g", "×") if ok else "–"
                for lo, hi, ok in zip(
                    rates["fold_ci_low"], rates["fold_ci_high"], fitted, strict=True
                )
            ],
            dtype=pl.String,
        ),
        pl.Series(
            "time_text",
            [
                f"{'doubles' if r else 'halves'} every {t:.1f} months" if ok and t else "–"
                for r, t, ok in zip(rising, time, fitted, strict=True)
            ],
            dtype=pl.String,
        ),
        time.alias("time_months"),
        pl.Series(
            "time_interval",
            [
                format_interval(lo, hi, ".1f", " months") if ok else "–"
                for lo, hi, ok in zip(
                    rates["time_ci_low_months"], rates["time_ci_high_months"], fitted, strict=True
                )
            ],
            dtype=pl.String,
        ),
    )


def fold_metric(fold: float, low: float | None, high: float | None) -> tuple[str, str, str]:
    """A fold change per year as a metric card: (label, value, 95 % interval), said in the
    direction of the trend: `Cheaper each year by` 27.7× (12.3–85.8×) for a falling price."""
    if fold < 1:
        lo = 1 / high if high else None
        hi = 1 / low if low else None
        return "Cheaper each year by", f"{1 / fold:.3g}×", format_interval(lo, hi, ".3g", "×")
    return "Dearer each year by", f"{fold:.3g}×", format_interval(low, high, ".3g", "×")


def price_frontier_trend(prices: pl.DataFrame) -> str:
    """The price-against-MMLU chart's trend (`queries` price points with `on_frontier`): how
    many models make the price-performance frontier, and its cheapest and its best-scoring
    end."""
    frontier = prices.filter(pl.col("on_frontier")).sort("mmlu")
    if frontier.is_empty():
        return "none: no model has both prices and an MMLU score"

    def end(row: dict) -> str:
        return f"{row['name']} ({row['mmlu']:.3g}% at {format_usd(row['price_blended'])})"

    first, last = frontier.row(0, named=True), frontier.row(-1, named=True)
    if frontier.height == 1:
        return f"1 model makes the price-performance frontier: {end(first)}"
    return (
        f"{frontier.height} models make the price-performance frontier, from {end(first)} to "
        f"{end(last)} per 1M tokens (3:1 blended)"
    )
