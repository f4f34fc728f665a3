"""The dashboard in a real browser: `streamlit run` on a free port, driven by Debian's Chromium.

Catches what AppTest cannot: the front end rendering the Vega-Lite chart and the data grid, and
exceptions shown in the page: here the links, controls and views of the pages (each page's
rendering, phone layout and tables: test_browser_pages.py).
The server, the browser and the waits are `tests/browser_driver.py`'s (shared with
`benchmarks/dashboard_browser_speed.py`); Chromium comes from `make browser-deps`.
"""

from __future__ import annotations

from urllib.parse import quote_plus

import pytest

from tests.browser_driver import CHART, GRID
from tests.dashboard.apptest import org_without_compute_or_tokens
from tests.dashboard.in_browser import (
    RENDER_TIMEOUT_MS,
    SCREENSHOTS,
    element_screenshot,
    full_page_screenshot,
    model_count,
    no_exception,
    open_tab,
    settle,
    start_tab,
    until_ready,
)

pytestmark = pytest.mark.browser


def test_frontier_link_with_query_params_restores_the_view(server: str, browser):
    """Threshold and basis are bound to the URL (`?threshold=70&basis=Active`): shareable."""
    page = open_tab(browser, f"{server}/frontier?threshold=70&basis=Active", CHART)
    try:
        no_exception(page)
        assert page.locator("[data-testid=stSliderThumbValue]").inner_text().strip() == "70"
        subtitle = page.get_by_text("Each point is a release").inner_text()
        assert "≥ 70%" in subtitle and "parameters active per token" in subtitle
    finally:
        page.close()


def test_frontier_threshold_change_in_its_fragment(server: str, browser):
    """The threshold slider sits in a fragment (`page.section`), which reruns alone: moving it
    still redraws the view for the new threshold and writes it to the URL, and the URL notes
    (which compare the link with the widgets) see no unusable parameter."""
    page = open_tab(browser, f"{server}/frontier?threshold=70", CHART)
    # the note, when due: a second tab, loading while the first is checked
    unusable = start_tab(browser, f"{server}/frontier?threshold=150")
    try:
        try:
            page.locator("main [data-testid=stSlider] input[type=range]").first.focus()
            page.keyboard.press("ArrowRight")
            page.wait_for_url("**threshold=71**", timeout=RENDER_TIMEOUT_MS)
            settle(page)
            no_exception(page)
            assert page.get_by_text("Each point is a release").inner_text().count("≥ 71%") == 1
            assert page.get_by_text("in the link is").count() == 0
        finally:
            page.close()
        notes = until_ready(unusable, CHART).get_by_text("in the link is")
        assert notes.count() >= 1 and "threshold=150" in notes.first.inner_text()
    finally:
        unusable.close()


def test_cost_threshold_change_in_its_fragment(server: str, browser):
    """The Cost page's MMLU threshold sits in a fragment (`page.section`) with the chart, trend
    and record-holders it drives: choosing another threshold redraws them for it and writes it
    to the URL, and no URL note sees an unusable parameter."""
    page = open_tab(browser, f"{server}/cost?price_threshold=70%25", CHART)
    try:
        caption = page.get_by_text("Prices at release: each record-holder")
        before = caption.inner_text()
        page.locator("main").get_by_role("radio", name="60%", exact=True).first.click()
        page.wait_for_url("**price_threshold=60**", timeout=RENDER_TIMEOUT_MS)
        settle(page)
        no_exception(page)
        assert page.get_by_text("MMLU ≥ 60% and an API price").count() >= 1
        assert caption.inner_text() != before  # the launch-price counts of the 60% records
        assert page.get_by_text("in the link is").count() == 0
    finally:
        page.close()


def test_explorer_filters_write_the_url_and_the_url_restores_them(server: str, browser):
    page = open_tab(browser, f"{server}/explorer", GRID)
    try:
        everything = model_count(page)
        sidebar = page.locator("[data-testid=stSidebar]")
        sidebar.get_by_text("Filter models", exact=True).click()  # the filters, on request
        sidebar.get_by_role("button", name="Large", exact=True).click()
        page.wait_for_url("**size=Large**", timeout=RENDER_TIMEOUT_MS)
        sidebar.get_by_role("radio", name="Open", exact=True).click()  # a segmented control
        page.wait_for_url("**weights=Open**", timeout=RENDER_TIMEOUT_MS)
        settle(page)
        no_exception(page)
        narrowed, link = model_count(page), page.url
        assert narrowed != everything
    finally:
        page.close()

    shared = open_tab(browser, link, GRID)  # a colleague opens the link
    try:
        no_exception(shared)
        assert model_count(shared) == narrowed
    finally:
        shared.close()


def test_filters_follow_the_reader_from_overview_to_explorer(server: str, browser):
    page = open_tab(browser, f"{server}/?size=Massive&weights=Open", CHART)
    try:
        page.get_by_role("link", name="Explorer").click()
        page.wait_for_url("**/explorer?**", timeout=RENDER_TIMEOUT_MS)
        page.wait_for_selector(GRID, state="visible", timeout=RENDER_TIMEOUT_MS)
        settle(page)
        no_exception(page)
        assert "size=Massive" in page.url and "weights=Open" in page.url
        assert "match the search and filters" in model_count(page)
    finally:
        page.close()


def test_model_page_follows_the_url_and_writes_the_choice_back(server: str, browser):
    page = open_tab(browser, f"{server}/model?model=gpt-4", CHART)
    try:
        no_exception(page)
        picker = page.locator("[data-testid=stSelectbox] input").first
        assert picker.input_value() == "GPT-4 — OpenAI (2023)"
        picker.click()
        page.keyboard.type("Mistral 7B — Mistral AI")
        page.keyboard.press("Enter")
        page.wait_for_url("**model=mistral-7b**", timeout=RENDER_TIMEOUT_MS)
        settle(page)
        no_exception(page)
        picker = page.locator("[data-testid=stSelectbox] input").first
        assert picker.input_value().startswith("Mistral 7B — Mistral AI")
    finally:
        page.close()


def test_calculator_budget_comes_from_the_link(server: str, browser):
    """The calculator's budget is bound to the URL: `?budget=1e25` opens that budget."""
    page = open_tab(browser, f"{server}/compute_optimal?budget=1e25", CHART)
    try:
        no_exception(page)
        assert page.locator("[data-testid=stSliderThumbValue]").first.inner_text() == "1e25"
        optimal = page.locator("[data-testid=stMetric]").filter(has_text="Optimal parameters")
        assert optimal.locator("[data-testid=stMetricValue]").inner_text().strip() != "72.4B"
    finally:
        page.close()


def test_frontier_opens_on_gpqa_diamond(server: str, browser):
    """Choosing GPQA Diamond opens the published open-weights frontier of GPQA Diamond, with
    its measurer and protocol choices (issue 16)."""
    page = open_tab(browser, f"{server}/frontier", CHART)
    try:
        no_exception(page)
        picker = page.locator("[data-testid=stSelectbox] input").first
        picker.click()
        page.keyboard.type("GPQA Diamond (0-shot)")
        page.keyboard.press("Enter")
        intro = page.locator("[data-testid=stMarkdown]").filter(
            has_text="open-weights release that became the smallest"
        )
        intro.filter(has_text="on GPQA Diamond").first.wait_for(timeout=RENDER_TIMEOUT_MS)
        settle(page)  # the run the choice started, which drew that text, is over
        no_exception(page)
        assert intro.count() == 1, "the GPQA Diamond view did not open"
        text = intro.first.inner_text()
        assert "on GPQA Diamond" in text and "measured by Epoch AI" in text
        assert "benchmark=gpqa_diamond" in page.url  # the id, not the picker's label
        assert page.get_by_text("Record-holders per year:").count() == 1
        assert page.get_by_text("Measured by", exact=True).count() == 1  # the measurer choice
        charts = page.locator("[data-testid=stVegaLiteChart]")
        assert charts.count() == 1
        assert charts.first.locator("svg path, svg text, canvas").count() > 0
        full_page_screenshot(page, SCREENSHOTS / "frontier_gpqa_diamond.png")
    finally:
        page.close()


def test_scaling_page_draws_the_eci_view(server: str, browser):
    """The Scaling page's ECI section: ECI over time open vs closed, the open-closed gap, ECI
    against compute (issue 16)."""
    page = open_tab(browser, f"{server}/scaling?section=Capabilities+Index", CHART)
    try:
        no_exception(page)
        heading = page.get_by_text("Epoch Capabilities Index: open vs closed")
        heading.scroll_into_view_if_needed()
        charts = page.locator("[data-testid=stVegaLiteChart]")
        # only this section is drawn: ECI over time; ECI and GPQA Diamond against compute,
        # each with its coverage strip
        assert charts.count() == 5
        for i in (0, 1, 3):
            assert charts.nth(i).locator("svg path, svg text, canvas").count() > 0
        gap = page.locator("[data-testid=stMetric]").filter(has_text="Latest open–closed gap")
        assert gap.locator("[data-testid=stMetricValue]").inner_text().strip().endswith("months")
        assert page.get_by_text("Releases with an ECI per year:").count() == 1
        element_screenshot(charts.nth(0), SCREENSHOTS / "scaling_eci.png")
        fit = page.get_by_text("Line: ECI = a + b · log10 FLOP").first  # the fit in words
        assert "R² =" in fit.inner_text()
        charts.nth(3).scroll_into_view_if_needed()
        element_screenshot(charts.nth(3), SCREENSHOTS / "scaling_gpqa_compute.png")
    finally:
        page.close()


def test_cost_page_link_opens_swe_bench_verified_by_its_ids(server: str, browser):
    """The Cost page's benchmark view from a shared link (`?cost_view_benchmark=...`): the
    SWE-bench Verified chart with its per-year strip, the measurer shown by name while the
    address keeps its id, and no note about the link (issue 16)."""
    url = f"{server}/cost?cost_view_benchmark=swe_bench_verified&cost_view_measured_by=epoch"
    page = open_tab(browser, url, CHART)
    try:
        no_exception(page)
        heading = page.get_by_text("Cheapest price reaching a GPQA Diamond, MMLU-Pro or SWE-bench")
        heading.scroll_into_view_if_needed()
        measurer = page.locator("[data-testid=stSelectbox]").filter(has_text="Scores measured by")
        shown = measurer.inner_text() + " " + measurer.locator("input").first.input_value()
        assert "Epoch AI" in shown, shown
        assert "cost_view_measured_by=epoch" in page.url
        assert "cost_view_benchmark=swe_bench_verified" in page.url
        assert page.get_by_text("in the link is").count() == 0
        assert page.get_by_text("(of ", exact=False).filter(has_text="scored releases").count() == 1
        # the link's view opens its section (no `section` in the link), drawn alone
        assert page.locator("[data-testid=stVegaLiteChart]").count() == 2
        assert (
            page.get_by_role("tab", name="Other benchmarks").get_attribute("aria-selected")
            == "true"
        )
    finally:
        page.close()


def test_the_menus_about_says_what_the_data_is_and_how_to_cite_it(server: str, browser):
    """The toolbar's menu (the reader's: `.streamlit/config.toml`) has an About that names the
    data set and where its citation is, not Streamlit's own."""
    page = open_tab(browser, f"{server}/frontier", CHART)
    try:
        page.locator("[data-testid=stMainMenu]").click()
        page.get_by_text("About", exact=True).click()
        about = page.get_by_role("dialog")
        about.wait_for(state="visible", timeout=RENDER_TIMEOUT_MS)
        text = about.inner_text()
        assert "Scaling Atlas" in text and "CITATION.cff" in text, text
        assert "Made with Streamlit" not in text, text
    finally:
        page.close()


def test_filters_that_leave_no_model_draw_notes_not_broken_charts(server: str, browser, warehouse):
    """The Overview filtered to an organisation without compute or token counts: each trend
    chart is a note of what is not plotted, and Vega logs nothing (the autouse check: empty
    charts logged infinite extents and a log axis over zero)."""
    org = org_without_compute_or_tokens(warehouse)
    page = open_tab(browser, f"{server}/?org={quote_plus(org)}", "text=without a compute value")
    try:
        no_exception(page)
        assert page.get_by_text("models plotted. Not plotted:").count() == 2
        assert page.locator(CHART).count() == 0
    finally:
        page.close()
