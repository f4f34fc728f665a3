"""Chart titles and notes wrapped to the chart's width (dashboard/charts/base.py): every line
fits the width it is drawn at, and the text reads back whole."""

from __future__ import annotations

import json
import re

import altair as alt

from dashboard.charts import base, title, title_text

LONG = "API price against MMLU, with the price-performance frontier"
NOTE = (
    "79 models with an MMLU score and both list prices. The black step is the cheapest model "
    "at or above each score (circled)."
)


def _alternatives(expr: str) -> list[tuple[int | None, str | list[str]]]:
    """(least width, text or lines) of each branch of a `wrapped_title` expression, widest
    first; the last branch has no least width."""
    found, at = [], 0
    decoder = json.JSONDecoder()
    while True:
        condition = re.compile(r"width >= (\d+) \? ").match(expr, at)
        least = int(condition.group(1)) if condition else None
        value, at = decoder.raw_decode(expr, condition.end() if condition else at)
        found.append((least, value))
        if least is None:
            return found
        at += len(" : ")


def test_a_short_title_stays_as_it_is():
    assert base.wrapped_title("Training compute", 16) == "Training compute"
    assert title_text("Training compute") == "Training compute"


def test_a_long_title_is_chosen_by_width_and_every_line_fits():
    wrapped = base.wrapped_title(LONG, 16)
    assert isinstance(wrapped, alt.ExprRef)
    branches = _alternatives(wrapped.to_dict()["expr"])
    assert branches[0][1] == LONG  # wide enough: one line, as it is
    per_char = 16 * base._WRAP_EM[True]
    assert branches[0][0] >= len(LONG) * per_char
    narrow = branches[1:]
    narrower = [w for w in base._TITLE_WIDTHS if w < branches[0][0]]
    assert [w for w, _ in narrow] == [*narrower[:-1], None]  # the narrowest: no condition
    for least, lines in narrow:
        width = least or min(base._TITLE_WIDTHS)
        assert isinstance(lines, list) and len(lines) >= 2
        assert all(len(line) * per_char <= width for line in lines), (width, lines)
        assert " ".join(lines) == LONG  # words kept whole, none lost
    assert title_text(wrapped) == title_text(wrapped.to_dict()) == LONG


def test_notes_wrap_to_a_phone_chart_and_read_back_whole():
    params = title(LONG, NOTE, "", "Short note.")
    lines = params.subtitle
    assert all(len(line) * 12 * base._WRAP_EM[False] <= base._NOTE_PX for line in lines)
    assert " ".join(lines) == f"{NOTE} Short note."  # each note starts a line; empty ones go
    assert lines[-1] == "Short note."
    assert title_text(params.text) == LONG
