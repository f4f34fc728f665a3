"""What the pages send the browser: each chart carries only the columns its specification
names (an encoding, a tooltip, a transform) and its identity columns (`model_id`, `fit`,
`on_frontier`), not the rest of the page's frame."""

from __future__ import annotations

import json

import pytest
from streamlit import dataframe_util

from dashboard.charts.payload import ALWAYS_KEPT
from tests.dashboard.apptest import EXPLORER, VIEW_IDS, VIEWS, run_app

# Every view that draws a chart: not the Explorer, nor the sections made of tables.
TABLE_SECTIONS = {  # sections that draw no chart
    "Serving memory",
    "Growth rates",
    "Over- and under-trained",
    "The fitted law",
    "Conflicts",
    "Impossible values",
    "Upstream errors",
    "Epoch revisions",
    "Rejected records",
    "Data freshness",
    "Last build",
}
CHART_VIEWS = [
    (view, view_id)
    for view, view_id in zip(VIEWS, VIEW_IDS, strict=True)
    if view[0] != EXPLORER and view[1].get("section") not in TABLE_SECTIONS
]


def _named(column: str, spec_text: str) -> bool:
    return any(
        token in spec_text
        for token in (
            json.dumps(column),
            f"datum.{column}",
            f"datum['{column}']",
            f'datum[\\"{column}\\"]',
        )
    )


@pytest.mark.parametrize(
    ("page", "params"), [v for v, _ in CHART_VIEWS], ids=[i for _, i in CHART_VIEWS]
)
def test_charts_send_only_the_columns_they_draw(monkeypatch, warehouse, page, params):
    params = {"model": "gpt-4"} if page.endswith("model.py") else params
    at = run_app(monkeypatch, warehouse, page, params)
    charts = at.get("vega_lite_chart")
    assert len(charts) > 0
    for element in charts:
        proto = element.proto
        spec = json.dumps(json.loads(proto.spec))
        for dataset in proto.datasets:
            frame = dataframe_util.convert_arrow_bytes_to_pandas_df(dataset.data.data)
            unused = [c for c in frame.columns if c not in ALWAYS_KEPT and not _named(str(c), spec)]
            assert not unused, f"{page}: chart sends columns it never draws: {unused}"
