"""Send a chart only the columns it draws.

A chart builder takes a page's frame, which often carries columns for the page's tables too
(citations of other fields, links, labels); Streamlit ships every column of every data set to
the browser, and the browser parses all of it before the chart appears. `encoded_columns_only`
drops, from each data set of a built chart, the columns its specification never names: not in
an encoding (tooltips and sort included), not in a transform (`datum.x` in a filter or
calculate expression, a fold, a lookup), not in a selection, and not one of the short identity
columns in `ALWAYS_KEPT`. The test is on the specification's text, so a column named anywhere
is kept; only columns named nowhere go.
"""

from __future__ import annotations

import functools
import json
from collections.abc import Callable

import altair as alt
import pandas as pd
import polars as pl

_CHILDREN = ("layer", "vconcat", "hconcat", "concat")
# Kept even when not drawn: short identity columns that say which model, fit or frontier point a
# row is (what a click, a highlight or a test matches rows on).
ALWAYS_KEPT = ("model_id", "fit", "on_frontier")


def _with_data(chart) -> list:
    """Every (sub)chart of `chart` holding a data frame."""
    found = []
    data = getattr(chart, "data", alt.Undefined)
    if isinstance(data, pl.DataFrame | pd.DataFrame):
        found.append(chart)
    for attr in _CHILDREN:
        children = getattr(chart, attr, alt.Undefined)
        if isinstance(children, list):
            for child in children:
                found += _with_data(child)
    spec = getattr(chart, "spec", alt.Undefined)
    if isinstance(spec, alt.SchemaBase):
        found += _with_data(spec)
    return found


def _named(column: str, text: str) -> bool:
    return any(
        token in text
        for token in (
            json.dumps(column),  # "field": "x", a tooltip, a fold, a groupby
            f"datum.{column}",
            f"datum['{column}']",
            f'datum[\\"{column}\\"]',
        )
    )


def encoded_columns_only(chart):
    """`chart` with each data frame narrowed to the columns the specification names (in place;
    also returned). Charts without frames are returned as they are."""
    holders = _with_data(chart)
    if not holders:
        return chart
    frames = [h.data for h in holders]
    try:
        for holder in holders:
            holder.data = alt.Data(values=[])
        text = json.dumps(chart.to_dict(validate=False))
    finally:
        for holder, frame in zip(holders, frames, strict=True):
            holder.data = frame
    for holder, frame in zip(holders, frames, strict=True):
        keep = [c for c in frame.columns if c in ALWAYS_KEPT or _named(str(c), text)]
        if len(keep) < len(frame.columns):
            holder.data = frame.select(keep) if isinstance(frame, pl.DataFrame) else frame[keep]
    return chart


def slimmed(builder: Callable) -> Callable:
    """A chart builder whose charts carry only the columns they draw."""

    @functools.wraps(builder)
    def build(*args, **kwargs):
        return encoded_columns_only(builder(*args, **kwargs))

    return build
