"""The dashboard in a real browser: `streamlit run` on a free port, driven by Debian's Chromium.

Catches what AppTest cannot: the front end rendering the Vega-Lite chart and the data grid, and
exceptions shown in the page. Saves a full-page screenshot of each page to docs/screenshots/.
The server, the browser and the waits are `tests/browser_driver.py`'s (shared with
`benchmarks/dashboard_browser_speed.py`); Chromium comes from `make browser-deps`.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.browser_driver import (
    CHART,
    GRID,
    GRID_INFO_JS,
    PHONE,
    PHONE_DEVICE,
    VIEWPORT,
    BrowserSetupError,
    chromium,
    streamlit_server,
    wait_until_idle,
)

REPO_ROOT = Path(__file__).resolve().parents[2]
APP = REPO_ROOT / "dashboard" / "app.py"
SCREENSHOTS = REPO_ROOT / "docs" / "screenshots"
RENDER_TIMEOUT_MS = 45_000

# (URL path and query as st.navigation names the page, screenshot name, selector that proves the
# page rendered, charts expected on it: the trend charts' per-year coverage strips included)
PAGES = [
    ("", "overview", CHART, 5),
    ("explorer", "explorer", GRID, 0),
    ("frontier", "frontier", CHART, 2),
    ("compute_optimal", "compute_optimal", CHART, 3),
    ("scaling", "scaling", CHART, 9),
    ("cost", "cost", CHART, 7),
    ("model?model=mistral-7b", "model", CHART, 2),
    ("data_quality", "data_quality", CHART, 3),
]
TAB_TITLES = {  # the browser tab of each page (st.Page titles)
    "overview": "Overview",
    "explorer": "Explorer",
    "frontier": "Frontier",
    "compute_optimal": "Compute-optimal",
    "scaling": "Scaling",
    "cost": "Cost",
    "model": "Model",
    "data_quality": "Data quality",
}
WITH_TABLES = {p[1] for p in PAGES}  # every page shows at least one table

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def server(warehouse: Path, tmp_path_factory) -> Iterator[str]:
    """A `streamlit run` of the dashboard over the session warehouse; yields its base URL."""
    log = tmp_path_factory.mktemp("streamlit") / "streamlit.log"
    env = {**os.environ, "ATLAS_WAREHOUSE": str(warehouse), "PYTHONPATH": str(REPO_ROOT)}
    try:
        with streamlit_server(APP, env, log) as url:
            yield url
    except BrowserSetupError as exc:
        pytest.fail(str(exc))


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    try:
        with chromium() as launched:
            yield launched
    except BrowserSetupError as exc:
        pytest.fail(str(exc))


def _full_page_screenshot(page, path: Path, viewport: dict = VIEWPORT) -> None:
    """Streamlit scrolls inside `stMain`, so `full_page=True` alone captures one viewport: grow
    the viewport to the content's height first."""
    height = page.evaluate(
        "() => document.querySelector('[data-testid=stMain]')?.scrollHeight ?? 0"
    )
    if height > viewport["height"]:
        page.set_viewport_size({"width": viewport["width"], "height": height})
        page.wait_for_timeout(800)
    path.parent.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(path), full_page=True)


def _open(browser, url: str, ready: str, viewport: dict = VIEWPORT, device: dict | None = None):
    """A new tab on `url` (in a window of `viewport`, or as the emulated `device`), once the
    script run has finished and `ready` is visible."""
    page = browser.new_page(**(device or {"viewport": viewport}))
    page.goto(url, wait_until="domcontentloaded")
    page.wait_for_selector(ready, state="visible", timeout=RENDER_TIMEOUT_MS)
    _settle(page)
    return page


def _settle(page) -> None:
    """Let the script run finish (the status widget says "Running...") and charts draw."""
    page.wait_for_timeout(500)
    wait_until_idle(page, RENDER_TIMEOUT_MS)


def _no_exception(page) -> None:
    exceptions = page.locator("[data-testid=stException]")
    assert exceptions.count() == 0, exceptions.first.inner_text()


def _model_count(page) -> str:
    """The Explorer's "N of M models" line."""
    return page.get_by_text(" models", exact=False).filter(has_text=" of ").first.inner_text()


@pytest.mark.parametrize(
    ("url_path", "name", "ready", "n_charts"), PAGES, ids=[p[1] for p in PAGES]
)
def test_page_renders_in_browser(
    server: str, browser, url_path: str, name: str, ready: str, n_charts: int
):
    page = _open(browser, f"{server}/{url_path}", ready)
    try:
        _no_exception(page)
        assert page.locator("h1").first.inner_text().strip(), "page has no title"
        assert page.title() == f"{TAB_TITLES[name]} · Scaling Atlas"
        charts = page.locator("[data-testid=stVegaLiteChart]")
        assert charts.count() == n_charts
        for i in range(n_charts):
            marks = charts.nth(i).locator("svg path, svg text, canvas")
            assert marks.count() > 0, f"chart {i} drew nothing"
        if name in WITH_TABLES:
            assert page.locator(GRID).count() >= 1, "no table rendered"

        _full_page_screenshot(page, SCREENSHOTS / f"{name}.png")
    finally:
        page.close()


# Anything wider than the window scrolls sideways on a phone: the page and every scrolling
# container Streamlit draws (its main area scrolls by itself).
_OVERFLOW_JS = """() => {
  const wide = [];
  const check = (el, name) => {
    if (el && el.scrollWidth > el.clientWidth + 1) {
      wide.push(`${name}: ${el.scrollWidth} > ${el.clientWidth}`);
    }
  };
  if (document.documentElement.scrollWidth > window.innerWidth) {
    wide.push(`page: ${document.documentElement.scrollWidth} > ${window.innerWidth}`);
  }
  check(document.querySelector('[data-testid=stMain]'), 'main');
  check(document.querySelector('[data-testid=stMainBlockContainer]'), 'content');
  return wide;
}"""


@pytest.mark.parametrize(
    ("url_path", "name", "ready", "n_charts"), PAGES, ids=[p[1] for p in PAGES]
)
def test_page_fits_a_400px_phone(
    server: str, browser, url_path: str, name: str, ready: str, n_charts: int
):
    """On a 400 px phone: the tab names the page, nothing runs off the right edge, and the page
    looks right (screenshot `<name>_400.png`)."""
    page = _open(browser, f"{server}/{url_path}", ready, device=PHONE_DEVICE)
    try:
        _no_exception(page)
        assert page.title() == f"{TAB_TITLES[name]} · Scaling Atlas"
        assert page.locator("[data-testid=stVegaLiteChart]").count() == n_charts
        assert page.evaluate(_OVERFLOW_JS) == []
        _full_page_screenshot(page, SCREENSHOTS / f"{name}_400.png", PHONE)
    finally:
        page.close()


# Every table is drawn by `page.show_table` (AppTest covers every page: tests/dashboard/
# test_tables.py); here every page with a table, in a real phone browser.
NARROW_TABLE_PAGES = [
    ("explorer", GRID),
    ("", CHART),
    ("frontier", CHART),
    ("compute_optimal", CHART),
    ("scaling", CHART),
    ("cost", CHART),
    ("data_quality", CHART),
]


def _shown_grids(page) -> list[dict]:
    """`GRID_INFO_JS` of each shown data grid, read while it is on screen: a grid builds its
    accessible table only then (the Cost page's lower grids, far below the fold, had none at
    load), so each is scrolled into view and its table waited for first."""
    found = []
    grids = page.locator("[data-testid=stDataFrame]")
    for i in range(grids.count()):
        grid = grids.nth(i)
        if not grid.is_visible():
            continue
        grid.scroll_into_view_if_needed(timeout=RENDER_TIMEOUT_MS)
        grid.locator("table[aria-colcount]").wait_for(state="attached", timeout=RENDER_TIMEOUT_MS)
        found.append(grid.evaluate(GRID_INFO_JS))
    return found


@pytest.mark.parametrize(("url_path", "ready"), NARROW_TABLE_PAGES, ids=lambda v: v or "overview")
def test_tables_show_few_columns_on_a_phone(server: str, browser, url_path: str, ready: str):
    """On a 400 px phone each table shows its key columns (at most three), side by side without
    scrolling sideways; in a wide window the same tables show more."""
    page = _open(browser, f"{server}/{url_path}", ready, device=PHONE_DEVICE)
    try:
        _no_exception(page)
        grids = _shown_grids(page)
        assert grids, "no table drawn"
        for grid in grids:
            assert grid["name"], "a table without a name"
            assert 1 <= grid["columns"] <= 3, grid
            assert grid["sideways"] is False, grid
    finally:
        page.close()
    wide = _open(browser, f"{server}/{url_path}", ready)
    try:
        shown = {g["name"]: g["columns"] for g in _shown_grids(wide)}
        for grid in grids:
            assert shown[grid["name"]] > grid["columns"], grid["name"]
    finally:
        wide.close()


def test_frontier_link_with_query_params_restores_the_view(server: str, browser):
    """Threshold and basis are bound to the URL (`?threshold=70&basis=Active`): shareable."""
    page = _open(browser, f"{server}/frontier?threshold=70&basis=Active", CHART)
    try:
        _no_exception(page)
        assert page.locator("[data-testid=stSliderThumbValue]").inner_text().strip() == "70"
        subtitle = page.get_by_text("Each point is a release").inner_text()
        assert "≥ 70%" in subtitle and "parameters active per token" in subtitle
    finally:
        page.close()


def test_frontier_threshold_change_in_its_fragment(server: str, browser):
    """The threshold slider sits in a fragment (`page.section`), which reruns alone: moving it
    still redraws the view for the new threshold and writes it to the URL, and the URL notes
    (which compare the link with the widgets) see no unusable parameter."""
    page = _open(browser, f"{server}/frontier?threshold=70", CHART)
    try:
        page.locator("main [data-testid=stSlider] input[type=range]").first.focus()
        page.keyboard.press("ArrowRight")
        page.wait_for_url("**threshold=71**", timeout=RENDER_TIMEOUT_MS)
        _settle(page)
        _no_exception(page)
        assert page.get_by_text("Each point is a release").inner_text().count("≥ 71%") == 1
        assert page.get_by_text("in the link is").count() == 0
    finally:
        page.close()
    unusable = _open(browser, f"{server}/frontier?threshold=150", CHART)  # the note, when due
    try:
        notes = unusable.get_by_text("in the link is")
        assert notes.count() >= 1 and "threshold=150" in notes.first.inner_text()
    finally:
        unusable.close()


def test_cost_threshold_change_in_its_fragment(server: str, browser):
    """The Cost page's MMLU threshold sits in a fragment (`page.section`) with the chart, trend
    and record-holders it drives: choosing another threshold redraws them for it and writes it
    to the URL, and no URL note sees an unusable parameter."""
    page = _open(browser, f"{server}/cost?price_threshold=70%25", CHART)
    try:
        caption = page.get_by_text("Prices at release: each record-holder")
        before = caption.inner_text()
        page.locator("main").get_by_role("radio", name="60%", exact=True).first.click()
        page.wait_for_url("**price_threshold=60**", timeout=RENDER_TIMEOUT_MS)
        _settle(page)
        _no_exception(page)
        assert page.get_by_text("MMLU ≥ 60% and an API price").count() >= 1
        assert caption.inner_text() != before  # the launch-price counts of the 60% records
        assert page.get_by_text("in the link is").count() == 0
    finally:
        page.close()


def test_explorer_filters_write_the_url_and_the_url_restores_them(server: str, browser):
    page = _open(browser, f"{server}/explorer", GRID)
    try:
        everything = _model_count(page)
        sidebar = page.locator("[data-testid=stSidebar]")
        sidebar.get_by_role("button", name="Large", exact=True).click()
        page.wait_for_url("**size=Large**", timeout=RENDER_TIMEOUT_MS)
        sidebar.get_by_role("radio", name="Open", exact=True).click()  # a segmented control
        page.wait_for_url("**weights=Open**", timeout=RENDER_TIMEOUT_MS)
        _settle(page)
        _no_exception(page)
        narrowed, link = _model_count(page), page.url
        assert narrowed != everything
    finally:
        page.close()

    shared = _open(browser, link, GRID)  # a colleague opens the link
    try:
        _no_exception(shared)
        assert _model_count(shared) == narrowed
    finally:
        shared.close()


def test_filters_follow_the_reader_from_overview_to_explorer(server: str, browser):
    page = _open(browser, f"{server}/?size=Massive&weights=Open", CHART)
    try:
        page.get_by_role("link", name="Explorer").click()
        page.wait_for_url("**/explorer?**", timeout=RENDER_TIMEOUT_MS)
        page.wait_for_selector(GRID, state="visible", timeout=RENDER_TIMEOUT_MS)
        _settle(page)
        _no_exception(page)
        assert "size=Massive" in page.url and "weights=Open" in page.url
        assert "match the search and filters" in _model_count(page)
    finally:
        page.close()


def test_model_page_follows_the_url_and_writes_the_choice_back(server: str, browser):
    page = _open(browser, f"{server}/model?model=gpt-4", CHART)
    try:
        _no_exception(page)
        picker = page.locator("[data-testid=stSelectbox] input").first
        assert picker.input_value() == "GPT-4 — OpenAI (2023)"
        picker.click()
        page.keyboard.type("Mistral 7B — Mistral AI")
        page.keyboard.press("Enter")
        page.wait_for_url("**model=mistral-7b**", timeout=RENDER_TIMEOUT_MS)
        _settle(page)
        _no_exception(page)
        picker = page.locator("[data-testid=stSelectbox] input").first
        assert picker.input_value().startswith("Mistral 7B — Mistral AI")
    finally:
        page.close()


def test_calculator_budget_comes_from_the_link(server: str, browser):
    """The calculator's budget is bound to the URL: `?budget=1e25` opens that budget."""
    page = _open(browser, f"{server}/compute_optimal?budget=1e25", CHART)
    try:
        _no_exception(page)
        assert page.locator("[data-testid=stSliderThumbValue]").first.inner_text() == "1e25"
        optimal = page.locator("[data-testid=stMetric]").filter(has_text="Optimal parameters")
        assert optimal.locator("[data-testid=stMetricValue]").inner_text().strip() != "72.4B"
    finally:
        page.close()


def test_frontier_opens_on_gpqa_diamond(server: str, browser):
    """Choosing GPQA Diamond opens the published open-weights frontier of GPQA Diamond, with
    its measurer and protocol choices (issue 16)."""
    page = _open(browser, f"{server}/frontier", CHART)
    try:
        _no_exception(page)
        picker = page.locator("[data-testid=stSelectbox] input").first
        picker.click()
        page.keyboard.type("gpqa_diamond (0-shot)")
        page.keyboard.press("Enter")
        _settle(page)
        _no_exception(page)
        intro = page.locator("[data-testid=stMarkdown]").filter(
            has_text="open-weights release that became the smallest"
        )
        assert intro.count() == 1, "the GPQA Diamond view did not open"
        text = intro.first.inner_text()
        assert "on GPQA Diamond" in text and "measured by Epoch AI" in text
        assert page.get_by_text("Record-holders per year:").count() == 1
        assert page.get_by_text("Measured by", exact=True).count() == 1  # the measurer choice
        charts = page.locator("[data-testid=stVegaLiteChart]")
        assert charts.count() == 1
        assert charts.first.locator("svg path, svg text, canvas").count() > 0
        _full_page_screenshot(page, SCREENSHOTS / "frontier_gpqa_diamond.png")
    finally:
        page.close()


def test_scaling_page_draws_the_eci_view(server: str, browser):
    """The Scaling page's ECI section: ECI over time open vs closed, the open-closed gap, ECI
    against compute (issue 16)."""
    page = _open(browser, f"{server}/scaling", CHART)
    try:
        _no_exception(page)
        heading = page.get_by_text("Epoch Capabilities Index: open vs closed")
        heading.scroll_into_view_if_needed()
        page.wait_for_timeout(800)
        charts = page.locator("[data-testid=stVegaLiteChart]")
        # ECI over time; ECI and GPQA Diamond against compute, each with its coverage strip
        assert charts.count() == 9
        for i in (4, 5, 7):
            assert charts.nth(i).locator("svg path, svg text, canvas").count() > 0
        gap = page.locator("[data-testid=stMetric]").filter(has_text="Latest open–closed gap")
        assert gap.locator("[data-testid=stMetricValue]").inner_text().strip().endswith("months")
        assert page.get_by_text("Releases with an ECI per year:").count() == 1
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        charts.nth(4).screenshot(path=str(SCREENSHOTS / "scaling_eci.png"))
        fit = page.get_by_text("Line: ECI = a + b · log10 FLOP").first  # the fit in words
        assert "R² =" in fit.inner_text()
        charts.nth(7).scroll_into_view_if_needed()
        page.wait_for_timeout(800)
        charts.nth(7).screenshot(path=str(SCREENSHOTS / "scaling_gpqa_compute.png"))
    finally:
        page.close()


def test_cost_page_link_opens_swe_bench_verified_by_its_ids(server: str, browser):
    """The Cost page's benchmark view from a shared link (`?cost_view_benchmark=...`): the
    SWE-bench Verified chart with its per-year strip, the measurer shown by name while the
    address keeps its id, and no note about the link (issue 16)."""
    url = f"{server}/cost?cost_view_benchmark=swe_bench_verified&cost_view_measured_by=epoch"
    page = _open(browser, url, CHART)
    try:
        _no_exception(page)
        heading = page.get_by_text("Cheapest price reaching a GPQA Diamond, MMLU-Pro or SWE-bench")
        heading.scroll_into_view_if_needed()
        page.wait_for_timeout(800)
        measurer = page.locator("[data-testid=stSelectbox]").filter(has_text="Scores measured by")
        shown = measurer.inner_text() + " " + measurer.locator("input").first.input_value()
        assert "Epoch AI" in shown, shown
        assert "cost_view_measured_by=epoch" in page.url
        assert "cost_view_benchmark=swe_bench_verified" in page.url
        assert page.get_by_text("in the link is").count() == 0
        assert page.get_by_text("(of ", exact=False).filter(has_text="scored releases").count() == 1
        assert page.locator("[data-testid=stVegaLiteChart]").count() == 7
    finally:
        page.close()
