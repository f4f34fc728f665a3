"""Every page of the dashboard in a real browser (Debian's Chromium): it renders its charts and
tables without an exception, names its tab, fits a 400 px phone, and its tables show their key
columns there. Under `--screenshots` (`make screenshots`) it also saves a full-page screenshot
of each page, wide and narrow, to docs/screenshots/.
Interactions and links: test_browser.py.
"""

from __future__ import annotations

import pytest

from tests.browser_driver import GRID, GRID_INFO_JS, PHONE, PHONE_DEVICE
from tests.dashboard.in_browser import (
    PAGES,
    RENDER_TIMEOUT_MS,
    SCREENSHOTS,
    SECTIONS,
    TAB_TITLES,
    WITH_TABLES,
    full_page_screenshot,
    no_exception,
    open_section,
    section_slug,
    start_tab,
    troubles,
    until_ready,
)

pytestmark = pytest.mark.browser


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

# Every table is drawn by `page.show_table` (AppTest covers every page: tests/dashboard/
# test_tables.py); here those of these pages in a real browser, wide and on a phone.
TABLE_PAGES = {
    "explorer",
    "overview",
    "frontier",
    "compute_optimal",
    "scaling",
    "cost",
    "data_quality",
}


# Each metric card: the top of its box, and whether any text in it is cut (an ellipsis).
_METRICS_JS = """() => Array.from(document.querySelectorAll('[data-testid=stMetric]')).map(m => ({
  top: Math.round(m.getBoundingClientRect().top),
  cut: [m, ...m.querySelectorAll('*')].some(e => e.scrollWidth > e.clientWidth + 1),
}))"""


# A chart text Vega draws and shows: not an axis label it left out for want of room (opacity
# 0). Defines `shown(t)` at the start of the checks below (`_with_shown`).
_SHOWN_TEXT_JS = """const shown = t => Number(getComputedStyle(t).opacity) !== 0
    && t.closest('[opacity="0"]') === null;"""


def _with_shown(check: str) -> str:
    return check.replace("() => {", "() => {\n  " + _SHOWN_TEXT_JS, 1)


# Text a chart draws outside its own box is cut off (on a phone: the Frontier's forecast label,
# "trend reaches 1B: Apr 202"; legend entries in one row past the right edge; long axis labels
# past the left one): every shown text of each chart (marks, axes, legends) against the chart's
# box, with 2 px of slack for a rotated axis title's rounding.
_CUT_CHART_TEXT_JS = _with_shown("""() => {
  const cut = [];
  document.querySelectorAll('[data-testid=stVegaLiteChart]').forEach((chart, i) => {
    const box = chart.getBoundingClientRect();
    chart.querySelectorAll('svg text').forEach(t => {
      const r = t.getBoundingClientRect();
      if (shown(t) && r.width && (r.right > box.right + 2 || r.left < box.left - 2)) {
        cut.push(`chart ${i}: "${t.textContent}" ${Math.round(r.left)}-${Math.round(r.right)}`
          + ` outside ${Math.round(box.left)}-${Math.round(box.right)}`);
      }
    });
  });
  return cut;
}""")


# Shown texts of one chart that overprint each other (more than 2 px both ways): the Cost
# page's crowded frontier names on a phone ("Nova Lite" over "Llama 4 Scout"), a name over an
# axis label. A halo (the white copy under a label) is not counted.
_OVERPRINTED_TEXT_JS = _with_shown("""() => {
  const found = [];
  document.querySelectorAll('[data-testid=stVegaLiteChart]').forEach((chart, i) => {
    const texts = Array.from(chart.querySelectorAll('svg text')).filter(t =>
      shown(t) && t.textContent.trim() && t.getAttribute('stroke') === null
    ).map(t => ({text: t.textContent, box: t.getBoundingClientRect()}));
    texts.forEach((a, j) => texts.slice(j + 1).forEach(b => {
      const wide = Math.min(a.box.right, b.box.right) - Math.max(a.box.left, b.box.left);
      const tall = Math.min(a.box.bottom, b.box.bottom) - Math.max(a.box.top, b.box.top);
      if (wide > 2 && tall > 2 && a.text !== b.text) {
        found.push(`chart ${i}: "${a.text}" over "${b.text}"`);
      }
    }));
  });
  return found;
}""")


# A missing value shown as JavaScript spells it ("null" in the Scaling page's release-year
# legend, for models without a date).
_NULL_TEXT_JS = """() => Array.from(document.querySelectorAll(
  '[data-testid=stVegaLiteChart] svg text')).map(t => t.textContent.trim())
  .filter(text => ['null', 'undefined', 'NaN', 'Invalid Date'].includes(text))"""


# Every chart's title and notes as Vega drew them (its title group's text marks), and those
# it cut short with an ellipsis for want of width: on a phone, "API price against MMLU, with
# the price-perfor…", "337 of 377 models with an MMLU score plotted; 40 have no para…".
_TITLE_TEXT_JS = """() => {
  const texts = Array.from(document.querySelectorAll(
    '[data-testid=stVegaLiteChart] .role-title-text text,'
    + ' [data-testid=stVegaLiteChart] .role-title-subtitle text'
  )).map(t => t.textContent);
  return {drawn: texts.length, cut: texts.filter(t => t.includes('\u2026'))};
}"""


def _titles_are_whole(page, n_charts: int) -> None:
    """Each chart's title and notes are drawn whole: wrapped to the chart's width, never cut
    short with an ellipsis (dashboard/charts/base.py, `wrapped_title`)."""
    titles = page.evaluate(_TITLE_TEXT_JS)
    assert titles["drawn"] >= n_charts, titles  # every chart has a title
    assert titles["cut"] == [], titles["cut"]


# Axis and legend labels cut short with an ellipsis: the Scaling page's "Technology
# Innovatio…" and, on a phone, the coverage heatmap's "Parameters + tokens + com…" (both now
# break onto a second line), and the Data quality page's maker-vs-independent and
# unmatched-names rows (a row per benchmark now; two-line source names).
_CUT_LABELS_JS = """() => Array.from(document.querySelectorAll(
  '[data-testid=stVegaLiteChart] .role-axis-label text,'
  + ' [data-testid=stVegaLiteChart] .role-legend-label text'
)).map(t => t.textContent).filter(t => t.includes('\u2026'))"""
DEPLOY = "[data-testid=stAppDeployButton]"
MENU = "[data-testid=stMainMenu]"


def _labels_are_whole(page, shot: str) -> None:
    assert page.evaluate(_CUT_LABELS_JS) == [], shot


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


@pytest.mark.parametrize(
    ("url_path", "name", "ready", "n_charts"), PAGES, ids=[p[1] for p in PAGES]
)
def test_page_wide_and_on_a_400px_phone(
    server: str, browser, url_path: str, name: str, ready: str, n_charts: int | tuple[int, ...]
):
    """Wide (1400 px): the page renders without an exception, names its tab, offers the reader's
    menu without a Deploy button, draws every chart with none of its text past its edges or
    overprinted, and its tables (screenshot `<name>.png`). On a 400 px phone: the tab names the
    page, nothing runs off the right edge, no chart's text runs past its edges or overprints
    another, each table shows its key columns (at most three) side by side without scrolling
    sideways where the wide window showed more, every chart's title and notes are whole
    (wrapped, not cut short), and the page looks right (screenshot `<name>_400.png`). Both:
    Vega draws every chart without a warning, and the tab asks no other machine for anything.
    A page with sections is checked section by section, each opened by clicking its tab
    (screenshots `<name>_<section>.png`). One test per page: each view is loaded once, the
    phone's while the wide view is checked."""
    labels = SECTIONS.get(name, ("",))
    counts = n_charts if isinstance(n_charts, tuple) else (n_charts,)
    views = list(zip(labels, counts, strict=True))
    wide = start_tab(browser, f"{server}/{url_path}")
    phone = start_tab(browser, f"{server}/{url_path}", device=PHONE_DEVICE)
    try:
        try:
            until_ready(wide, ready)
            shown: dict[str, int] = {}
            for i, (label, count) in enumerate(views):
                if i:
                    open_section(wide, label)
                shown |= _check_wide(wide, name, _shot(name, i, label), count)
            if name in WITH_TABLES:
                assert shown or name not in TABLE_PAGES, "no table rendered"
        finally:
            wide.close()
        until_ready(phone, ready)
        grids = 0
        for i, (label, count) in enumerate(views):
            if i:
                open_section(phone, label)
            grids += _check_phone(phone, name, _shot(name, i, label), count, shown)
        assert grids or name not in TABLE_PAGES, "no table drawn"
    finally:
        phone.close()


def _shot(name: str, i: int, label: str) -> str:
    """The screenshot's name: the page's, and after the first section the section's."""
    return name if i == 0 else f"{name}_{section_slug(label)}"


def _chart_text_is_clean(page) -> None:
    """No chart text past its chart's edges, overprinting another, or reading null/NaN."""
    for check in (_CUT_CHART_TEXT_JS, _OVERPRINTED_TEXT_JS, _NULL_TEXT_JS):
        found = page.evaluate(check)
        assert found == [], "\n".join(found)


def _check_wide(page, name: str, shot: str, n_charts: int) -> dict[str, int]:
    """The wide view's checks and screenshot; returns how many columns each table showed."""
    no_exception(page)
    assert page.locator("h1").first.inner_text().strip(), "page has no title"
    # the reader's menu only (`.streamlit/config.toml`): no Deploy button
    assert page.locator(DEPLOY).count() == 0, "the toolbar offers Deploy"
    assert page.locator(MENU).count() == 1, "the toolbar has no menu"
    assert page.title() == f"{TAB_TITLES[name]} · Scaling Atlas"
    charts = page.locator("[data-testid=stVegaLiteChart]")
    assert charts.count() == n_charts, shot
    for i in range(n_charts):
        marks = charts.nth(i).locator("svg path, svg text, canvas")
        assert marks.count() > 0, f"{shot}: chart {i} drew nothing"
    if name in WITH_TABLES and name not in SECTIONS:
        assert page.locator(GRID).count() >= 1, "no table rendered"
    _chart_text_is_clean(page)
    _titles_are_whole(page, n_charts)
    _labels_are_whole(page, shot)
    shown = {g["name"]: g["columns"] for g in _shown_grids(page)} if name in TABLE_PAGES else {}
    assert troubles(page) == [], shot
    full_page_screenshot(page, SCREENSHOTS / f"{shot}.png")
    return shown


def _check_phone(page, name: str, shot: str, n_charts: int, shown: dict[str, int]) -> int:
    """The 400 px phone's checks and screenshot; `shown`: the wide view's table columns.
    Returns how many tables the view drew (a section may have none; its page has some)."""
    no_exception(page)
    assert page.title() == f"{TAB_TITLES[name]} · Scaling Atlas"
    assert page.locator("[data-testid=stVegaLiteChart]").count() == n_charts, shot
    assert page.evaluate(_OVERFLOW_JS) == [], shot
    _chart_text_is_clean(page)
    _titles_are_whole(page, n_charts)
    _labels_are_whole(page, shot)
    # no metric card cut short; the five headline cards share lines: one card per line filled
    # a phone's screen before the first chart (the Overview's; the Model page's, in columns,
    # until they too were a `page.metric_row`)
    cards = page.evaluate(_METRICS_JS)
    assert not any(c["cut"] for c in cards), (shot, cards)
    if shot in ("overview", "model"):
        assert len(cards) >= 5 and len({c["top"] for c in cards[:5]}) <= 3, (shot, cards)
    grids = _shown_grids(page) if name in TABLE_PAGES else []
    for grid in grids:
        assert grid["name"], "a table without a name"
        assert 1 <= grid["columns"] <= 3, grid
        assert grid["sideways"] is False, grid
        assert shown[grid["name"]] > grid["columns"], grid["name"]
    assert troubles(page) == [], shot
    full_page_screenshot(page, SCREENSHOTS / f"{shot}_400.png", PHONE)
    return len(grids)
