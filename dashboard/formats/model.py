"""Formatting for the Model page: values and claims, with the value used highlighted."""

from __future__ import annotations

import polars as pl

from dashboard.formats.base import (
    _texts,
    field_label,
    format_difference,
    format_value,
    source_label,
)

# Each status starts with a symbol from fonts every system has (DejaVu, Segoe UI Symbol, Apple
# Symbols): an emoji needs a colour-emoji font, and without one ("🕑" on a bare Linux
# browser) it was drawn as an empty box in the table and the chart's legend.
STATUS_LABELS = {
    "used": "✓ used",
    "agrees": "≈ agrees",
    "disagrees": "⚠ disagrees",
    "other date": "◷ other date",
    "separate measurement": "◦ separate measurement",
}


def values_table(values: pl.DataFrame) -> pl.DataFrame:
    """`queries.load_model_values` for display: a label and a unit-bearing text per value."""
    text = [
        t if t is not None else format_value(f, v)
        for f, v, t in zip(values["field"], values["value"], values["text"], strict=True)
    ]
    return values.with_columns(
        pl.Series("field_label", [field_label(f) for f in values["field"]], dtype=pl.String),
        pl.Series("value_text", text, dtype=pl.String),
        pl.Series("source_label", [source_label(s) for s in values["source"]], dtype=pl.String),
    )


def claims_table(claims: pl.DataFrame) -> pl.DataFrame:
    """`queries.load_model_claims` for display: labels, value text and a status word."""
    return claims.with_columns(
        pl.Series("field_label", [field_label(f) for f in claims["field"]], dtype=pl.String),
        pl.Series("value_text", _texts(claims["value"], claims["field"]), dtype=pl.String),
        pl.Series("source_label", [source_label(s) for s in claims["source"]], dtype=pl.String),
        pl.Series(
            "status_label", [STATUS_LABELS.get(s, s) for s in claims["status"]], dtype=pl.String
        ),
        pl.Series(
            "difference_text",
            [
                format_difference(d, k)
                for d, k in zip(claims["difference"], claims["difference_kind"], strict=True)
            ],
            dtype=pl.String,
        ),
    )


HIGHLIGHT = "background-color: #ffedd5"  # orange-100: rows that need a second look


def highlight_rows(frame: pl.DataFrame, column: str, value: str):
    """`frame` as a pandas Styler whose rows with `column == value` are shaded, for
    `st.dataframe` (which keeps the styling and still applies its column config)."""
    table = frame.to_pandas()

    def shade(row):
        return [HIGHLIGHT if row[column] == value else ""] * len(row)

    return table.style.apply(shade, axis=1)
