"""Tables on every page (`page.show_table`): each is named by a visible caption and by its
accessible name, and on a narrow screen shows only its key columns."""

from __future__ import annotations

import json

import pytest

from dashboard.page import CELL_PADDING_PX, CHAR_PX, WRAP_ROW_PX, _wrapped_height
from tests.dashboard.apptest import (
    COMPUTE_OPTIMAL,
    COST,
    DATA_QUALITY,
    EXPLORER,
    FRONTIER,
    MODEL,
    OVERVIEW,
    SCALING,
    SECTIONS,
    run_app,
)

# Every page, and every section (tab) of a page with sections that has a table.
PAGES = [
    (OVERVIEW, {"section": "MMLU frontier and newest releases"}),
    (EXPLORER, {}),
    (FRONTIER, {}),
    (COMPUTE_OPTIMAL, {"section": "Calculator"}),
    (COMPUTE_OPTIMAL, {"section": "Over- and under-trained"}),
    (COMPUTE_OPTIMAL, {"section": "The fitted law"}),
    (MODEL, {"model": "gpt-4"}),
    *((DATA_QUALITY, {"section": s}) for s in SECTIONS[DATA_QUALITY][:-1]),  # rejects: none
    (COST, {"section": "Cheapest over time"}),
    (COST, {"section": "Other benchmarks"}),
    (COST, {"section": "Growth rates"}),
    (SCALING, {"section": "Serving memory"}),
    (SCALING, {"section": "Capabilities Index"}),
]
IDS = [p[0].split("/")[-1] + "".join(f"-{v}" for v in p[1].values()) for p in PAGES]
KEY_COLUMNS_MAX = 3  # what fits a 400 px screen: see the browser test


def _own_tables(at) -> list:
    """The page's tables (the benchmark sections' included)."""
    return list(at.dataframe)


@pytest.mark.parametrize(("page", "params"), PAGES, ids=IDS)
def test_every_table_is_named_on_the_page(opened_once, page, params):
    at = opened_once(page, params)
    tables = _own_tables(at)
    assert tables, "the page drew no table"
    captions = [c.value for c in at.caption]
    for table in tables:
        label = table.proto.alt
        assert label.strip(), f"a table without a name: {list(table.value.columns)[:4]}"
        assert any(f"**{label}**" in c for c in captions), f"{label!r} not shown above its table"
    # On a wide screen every column is shown, none left out silently.
    assert not any("columns on this narrow screen" in c for c in captions)


@pytest.mark.parametrize(("page", "params"), PAGES, ids=IDS)
def test_narrow_screens_get_each_tables_key_columns(
    monkeypatch, warehouse, opened_once, page, params
):
    """`?columns=key` (what a phone's browser gets by default) shows at most three columns per
    table and says how many of how many."""
    wide = opened_once(page, params)
    narrow = run_app(monkeypatch, warehouse, page, {**params, "columns": "key"})
    wide_tables, narrow_tables = _own_tables(wide), _own_tables(narrow)
    wrapped = {}
    assert [t.proto.alt for t in narrow_tables] == [t.proto.alt for t in wide_tables]
    captions = [c.value for c in narrow.caption]
    for full, compact in zip(wide_tables, narrow_tables, strict=True):
        shown, every = list(compact.proto.column_order), list(full.proto.column_order)
        assert 1 <= len(shown) <= KEY_COLUMNS_MAX, (compact.proto.alt, shown)
        assert set(shown) < set(every)  # a subset: the same table, fewer columns
        assert len(compact.value) == len(full.value)  # every row still there
        note = f"{len(shown)} of {len(every)} columns on this narrow screen"
        assert any(compact.proto.alt in c and note in c for c in captions), compact.proto.alt
        # Rows tall enough to wrap exactly when some key text would not fit its column.
        assert full.proto.row_height == 0  # a wide screen: one line a row
        config = json.loads(compact.proto.columns)
        too_long = [
            name
            for name in shown
            if config[name].get("type_config", {}).get("type", "text") == "text"
            and _longest_text(compact, name) * CHAR_PX + CELL_PADDING_PX > config[name]["width"]
        ]
        assert compact.proto.row_height == (WRAP_ROW_PX if too_long else 0), compact.proto.alt
        wrapped[compact.proto.alt] = bool(too_long)
    if page == MODEL:  # the record file's path is longer than its Value cell holds
        assert wrapped["Values of this model, one row per field, with the source of each"]
    if params.get("section") == "Calculator":  # short names and numbers: one line a row
        assert wrapped and not any(wrapped.values()), wrapped


def _longest_text(table, column: str) -> int:
    frame = table.value.data if hasattr(table.value, "data") else table.value
    return max((len(v) for v in frame[column] if isinstance(v, str)), default=0)


def test_a_wrapped_table_keeps_every_row_it_showed():
    """`page._wrapped_height`: a table sized to show each of its rows (38 px of header, 35 a
    row) shows each in rows of WRAP_ROW_PX; one that scrolled, or sized itself, stays so."""
    assert _wrapped_height(38 + 35 * 12, 12) == 38 + WRAP_ROW_PX * 12
    assert _wrapped_height(38 + 35 * 1, 0) == 38 + WRAP_ROW_PX  # "no rows" keeps one row's room
    assert _wrapped_height(460, 40) == 460  # scrolled: the same window, fewer rows in it
    assert _wrapped_height("auto", 5) == "auto"
