"""Shared helpers of the page tests: the dashboard script run headless with Streamlit's AppTest.

`warehouse` (tests/conftest.py) is the real data under data/raw built through Dagster; tests that
need other warehouses build them the same way from small record sets written into tmp dirs.
Expected values come from SQL written in the tests against the warehouse, not from
`dashboard.queries`.
"""

from __future__ import annotations

import json
from pathlib import Path

import duckdb
import pandas as pd
import pytest
from streamlit import dataframe_util
from streamlit.testing.v1 import AppTest

from dashboard.charts import title_text
from dashboard.filters import FILTERS_BOX

REPO_ROOT = Path(__file__).resolve().parents[2]


APP = REPO_ROOT / "dashboard" / "app.py"


# Relative to dashboard/app.py, as AppTest.switch_page wants.
OVERVIEW = "app_pages/overview.py"


EXPLORER = "app_pages/explorer.py"


FRONTIER = "app_pages/frontier.py"


MODEL = "app_pages/model.py"


DATA_QUALITY = "app_pages/data_quality.py"


COMPUTE_OPTIMAL = "app_pages/compute_optimal.py"


SCALING = "app_pages/scaling.py"


COST = "app_pages/cost.py"


PAGES = [OVERVIEW, EXPLORER, FRONTIER, COMPUTE_OPTIMAL, SCALING, COST, MODEL, DATA_QUALITY]
# The sections (tabs, `?section=<label>`) of the pages that have them, in order; a page opens
# on its first and draws only the open one (`dashboard.page.sections`).
SECTIONS = {
    OVERVIEW: ("Trends", "MMLU frontier and newest releases", "Data freshness", "Last build"),
    COMPUTE_OPTIMAL: (
        "Tokens per parameter",
        "Calculator",
        "Over- and under-trained",
        "The fitted law",
    ),
    SCALING: (
        "MMLU against scale",
        "Emergence",
        "Model sizes",
        "Serving memory",
        "Capabilities Index",
    ),
    COST: (
        "Price against MMLU",
        "Cheapest over time",
        "Other benchmarks",
        "Training cost",
        "Growth rates",
    ),
    DATA_QUALITY: (
        "Coverage",
        "Conflicts",
        "Unmatched names",
        "Impossible values",
        "Upstream errors",
        "Epoch revisions",
        "Maker vs independent",
        "Rejected records",
    ),
}
SCALING_SECTIONS = SECTIONS[SCALING]
# What "every page" means for a test of what each view draws: every page as it opens, and every
# other section of the pages with sections.
VIEWS = [(page, {}) for page in PAGES] + [
    (page, {"section": label}) for page, labels in SECTIONS.items() for label in labels[1:]
]
VIEW_IDS = [
    page.split("/")[-1][:-3] + "".join(f"-{v}" for v in params.values()) for page, params in VIEWS
]


def run_app(
    monkeypatch: pytest.MonkeyPatch,
    warehouse: Path,
    page: str | None = None,
    query_params: dict | None = None,
) -> AppTest:
    """A fresh session opened on `page` (default: the default page) with `query_params` in the
    URL, as a shared link would open it."""
    monkeypatch.setenv("ATLAS_WAREHOUSE", str(warehouse))
    at = AppTest.from_file(APP, default_timeout=60)
    if page is not None:
        at.switch_page(page)
    at.query_params.update(query_params or {})
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def rerun(at: AppTest) -> AppTest:
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def open_filters(at: AppTest) -> AppTest:
    """The reader opens the sidebar's *Filter models* expander (closed on a page with no filter
    on), which draws the filters; `at` reruns."""
    at.session_state[FILTERS_BOX] = True
    return rerun(at)


def sql(warehouse: Path, query: str, params: list | None = None) -> pd.DataFrame:
    con = duckdb.connect(str(warehouse), read_only=True)
    try:
        return con.execute(query, params or []).df()
    finally:
        con.close()


# The per-year coverage strip drawn under a trend chart (dashboard/charts/decorate.py).
STRIP_TITLE = "per release year"


def title_of(spec: dict) -> str:
    """A chart's title and notes as one plain text, however they are wrapped to the chart's
    width (`dashboard.charts.title_text` reads a wrapped title back)."""
    title = spec.get("title", "")
    if not isinstance(title, dict):
        return title_text(title)
    return f"{title_text(title.get('text', ''))} {title_text(title.get('subtitle', ''))}"


def all_specs(at: AppTest) -> list[dict]:
    return [json.loads(c.proto.spec) for c in at.get("vega_lite_chart")]


def specs(at: AppTest) -> list[dict]:
    """The page's charts, without the coverage strips drawn under trend charts."""
    return [s for s in all_specs(at) if STRIP_TITLE not in title_of(s)]


def spec_titled(at: AppTest, text: str) -> dict:
    found = [s for s in specs(at) if text in title_of(s)]
    assert len(found) == 1, f"expected one chart titled {text!r}, found {len(found)}"
    return found[0]


def chart_spec(at: AppTest) -> dict:
    charts = specs(at)
    assert len(charts) == 1, f"expected one chart, found {len(charts)}"
    return charts[0]


def chart_rows(at: AppTest, index: int = 0) -> pd.DataFrame:
    """Every row of every data set the chart was sent with, stacked."""
    proto = at.get("vega_lite_chart")[index].proto
    frames = [dataframe_util.convert_arrow_bytes_to_pandas_df(d.data.data) for d in proto.datasets]
    if proto.data.data:
        frames.append(dataframe_util.convert_arrow_bytes_to_pandas_df(proto.data.data))
    return pd.concat(frames, ignore_index=True)


def datasets(at: AppTest, index: int) -> dict[str, pd.DataFrame]:
    """The named data sets a chart was sent with (Streamlit moves them out of the spec)."""
    proto = at.get("vega_lite_chart")[index].proto
    return {
        d.name: dataframe_util.convert_arrow_bytes_to_pandas_df(d.data.data) for d in proto.datasets
    }


def org_without_compute_or_tokens(warehouse: Path) -> str:
    """An organisation (alone on its models) with two or more models, none of them with a
    training compute or a token count: filtered to it, the Overview's trend charts have no
    model to plot."""
    return sql(
        warehouse,
        "SELECT organization FROM models WHERE organization NOT LIKE '%,%' GROUP BY 1 "
        "HAVING count(*) >= 2 AND count(training_compute_flop) = 0 "
        "AND count(training_tokens) = 0 ORDER BY 1 LIMIT 1",
    )["organization"][0]


def chart_index(at: AppTest, text: str) -> int:
    titles = [title_of(s) for s in all_specs(at)]
    return next(i for i, t in enumerate(titles) if text in t)


def y_scales(spec: dict) -> list[str]:
    layers = spec.get("layer", [spec])
    return [
        layer["encoding"]["y"]["scale"]["type"]
        for layer in layers
        if "y" in layer.get("encoding", {}) and "scale" in layer["encoding"]["y"]
    ]


def tooltip_fields(spec: dict) -> set[str]:
    layers = spec.get("layer", [spec])
    return {t["field"] for layer in layers for t in layer.get("encoding", {}).get("tooltip", [])}


def table(at: AppTest, index: int = 0) -> pd.DataFrame:
    value = at.dataframe[index].value
    return value.data if hasattr(value, "data") else value  # a pandas Styler keeps its frame


def metric_values(at: AppTest) -> dict[str, str]:
    return {m.label: m.value for m in at.metric}


def frontier_from_db(warehouse: Path) -> pd.DataFrame:
    return sql(warehouse, "SELECT * FROM frontier_smallest_model WHERE benchmark = 'mmlu'")


def frames_with(at: AppTest, column: str) -> list[pd.DataFrame]:
    return [table(at, i) for i in range(len(at.dataframe)) if column in table(at, i).columns]
