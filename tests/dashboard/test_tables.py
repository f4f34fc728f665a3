"""Tables on every page (`page.show_table`): each is named by a visible caption and by its
accessible name, and on a narrow screen shows only its key columns."""

from __future__ import annotations

import pytest

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
    assert [t.proto.alt for t in narrow_tables] == [t.proto.alt for t in wide_tables]
    captions = [c.value for c in narrow.caption]
    for full, compact in zip(wide_tables, narrow_tables, strict=True):
        shown, every = list(compact.proto.column_order), list(full.proto.column_order)
        assert 1 <= len(shown) <= KEY_COLUMNS_MAX, (compact.proto.alt, shown)
        assert set(shown) < set(every)  # a subset: the same table, fewer columns
        assert len(compact.value) == len(full.value)  # every row still there
        note = f"{len(shown)} of {len(every)} columns on this narrow screen"
        assert any(compact.proto.alt in c and note in c for c in captions), compact.proto.alt
