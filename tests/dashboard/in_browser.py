"""What the browser tests share: the pages, their tab titles, and opening a tab and waiting for
it (the server, Chromium and the waits underneath are `tests/browser_driver.py`'s, shared with
`benchmarks/dashboard_browser_speed.py`). The `server` and `browser` fixtures are in
tests/dashboard/conftest.py; the tests are split over two files so both pytest workers drive a
browser."""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import quote_plus, urlsplit

from tests.browser_driver import CHART, GRID, VIEWPORT, wait_until_drawn
from tests.dashboard import apptest

REPO_ROOT = Path(__file__).resolve().parents[2]
APP = REPO_ROOT / "dashboard" / "app.py"
SCREENSHOTS = REPO_ROOT / "docs" / "screenshots"
RENDER_TIMEOUT_MS = 45_000

# (URL path and query as st.navigation names the page, screenshot name, selector that proves the
# page rendered, charts expected on it: the trend charts' per-year coverage strips included; for
# a page with sections, one count per section, in `SECTIONS`' order)
PAGES = [
    ("", "overview", CHART, (4, 1, 0, 0)),
    ("explorer", "explorer", GRID, 0),
    ("frontier", "frontier", CHART, 2),
    ("compute_optimal", "compute_optimal", CHART, (2, 1, 0, 0)),
    ("scaling", "scaling", CHART, (2, 1, 1, 0, 5)),
    ("cost", "cost", CHART, (1, 2, 2, 2, 0)),
    ("model?model=mistral-7b", "model", CHART, 2),
    ("data_quality", "data_quality", CHART, (1, 0, 1, 0, 0, 0, 1, 0)),
]
# The tabs of the pages with sections (`dashboard.page.sections`), by screenshot name.
SECTIONS = {
    "overview": apptest.SECTIONS[apptest.OVERVIEW],
    "compute_optimal": apptest.SECTIONS[apptest.COMPUTE_OPTIMAL],
    "scaling": apptest.SECTIONS[apptest.SCALING],
    "cost": apptest.SECTIONS[apptest.COST],
    "data_quality": apptest.SECTIONS[apptest.DATA_QUALITY],
}
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
WITH_TABLES = {p[1] for p in PAGES}  # every page shows at least one table (in some section)


# The committed screenshots (docs/screenshots/, shown in the README) are re-taken by the browser
# tests under `--screenshots` (`make screenshots`); a plain run leaves the folder as it is, so
# `make test` never changes a tracked file. Set by tests/dashboard/conftest.py.
TAKE_SCREENSHOTS = False


def full_page_screenshot(page, path: Path, viewport: dict = VIEWPORT) -> None:
    """Under `--screenshots`, the whole page to `path`. Streamlit scrolls inside `stMain`, so
    `full_page=True` alone captures one viewport: grow the viewport to the content's height
    first."""
    if not TAKE_SCREENSHOTS:
        return
    height = page.evaluate(
        "() => document.querySelector('[data-testid=stMain]')?.scrollHeight ?? 0"
    )
    if height > viewport["height"]:
        page.set_viewport_size({"width": viewport["width"], "height": height})
        wait_until_drawn(page, RENDER_TIMEOUT_MS)  # laid out again at the new height
    path.parent.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(path), full_page=True)


def element_screenshot(locator, path: Path) -> None:
    """Under `--screenshots`, one element (a chart) to `path`."""
    if TAKE_SCREENSHOTS:
        path.parent.mkdir(parents=True, exist_ok=True)
        locator.screenshot(path=str(path))


def open_tab(browser, url: str, ready: str, viewport: dict = VIEWPORT, device: dict | None = None):
    """A new tab on `url` (in a window of `viewport`, or as the emulated `device`), once the
    script run has finished and `ready` is visible."""
    return until_ready(start_tab(browser, url, viewport, device), ready)


def start_tab(browser, url: str, viewport: dict = VIEWPORT, device: dict | None = None):
    """A new tab navigating to `url`, not waited for: it loads while the caller works in another
    tab (`until_ready` waits for it). What it sees that it should not is kept (`troubles`)."""
    page = browser.new_page(**(device or {"viewport": viewport}))
    _watch(page)
    page.goto(url, wait_until="domcontentloaded")
    return page


# What each tab saw that a reader's browser should not, by tab: a warning or error of Vega's
# (its log lines start "WARN " / "ERROR ": a chart spec it had to correct, or could not draw)
# and any request to another machine (the dashboard needs no network, and tells no one else
# who reads which page; a page's material icon as the favicon was fetched from Google's fonts).
_TROUBLES: dict[object, list[str]] = {}
_HERE = {"127.0.0.1", "localhost"}


def _watch(page) -> None:
    seen = _TROUBLES.setdefault(page, [])

    def console(message) -> None:
        if message.text.startswith(("WARN ", "ERROR ")):
            seen.append(f"Vega: {message.text}")

    def request(req) -> None:
        parts = urlsplit(req.url)
        if parts.scheme not in ("data", "blob") and parts.hostname not in _HERE:
            seen.append(f"request to another machine: {req.url}")

    page.on("console", console)
    page.on("request", request)


def troubles(page) -> list[str]:
    """What the tab (opened by `start_tab` or `open_tab`) saw so far that it should not."""
    return list(_TROUBLES.get(page, []))


def tabs() -> list:
    """Every tab `start_tab` or `open_tab` opened in this process, closed or not."""
    return list(_TROUBLES)


def until_ready(page, ready: str):
    """`page` once its script run has finished and `ready` is visible."""
    page.wait_for_selector(ready, state="visible", timeout=RENDER_TIMEOUT_MS)
    settle(page)
    return page


def settle(page) -> None:
    """Let the script run that the caller saw start finish, and its charts draw."""
    wait_until_drawn(page, RENDER_TIMEOUT_MS)


# Sets `window.__ran` once the app's script state turns "running": a tab writes the URL before
# the run it asks for has started, so the URL alone does not say the run began.
_RUN_STARTED_JS = """() => {
  window.__ran = false;
  const app = document.querySelector('[data-testid=stApp]');
  new MutationObserver(() => {
    if (app.getAttribute('data-test-script-state') === 'running') window.__ran = true;
  }).observe(app, {attributes: true, attributeFilter: ['data-test-script-state']});
}"""


# Whether the tab panel of the section tab named `label` holds an element yet: only the open
# tab's panel is in the page, and a section's panel is empty until the run it starts draws it.
_PANEL_DRAWN_JS = """(label) => {
  const tab = [...document.querySelectorAll('[role=tab]')]
    .find((t) => t.textContent.trim() === label);
  const panel = tab && document.querySelector(`[role=tabpanel][aria-labelledby="${tab.id}"]`);
  return !!panel && panel.querySelector('[data-testid=stElementContainer]') !== null;
}"""


def open_section(page, label: str) -> None:
    """Click the page's section tab `label` and wait until the run it starts has drawn it: the
    URL names it (`?section=`), the run has started (its script state turned "running", or,
    where the browser took in the run's start and end in one go and never showed "running",
    the section's panel holds what it drew) and ended, and every chart of the section has
    drawn."""
    page.evaluate(_RUN_STARTED_JS)
    page.get_by_role("tab", name=label, exact=True).click()
    page.wait_for_url(f"**section={quote_plus(label)}**", timeout=RENDER_TIMEOUT_MS)
    page.wait_for_function(
        f"(label) => window.__ran === true || ({_PANEL_DRAWN_JS})(label)",
        arg=label,
        timeout=RENDER_TIMEOUT_MS,
    )
    settle(page)


def section_slug(label: str) -> str:
    """A section label as a file name's part: "Over- and under-trained" ->
    "over_and_under_trained"."""
    return "_".join(re.findall(r"[a-z]+", label.lower()))


def no_exception(page) -> None:
    exceptions = page.locator("[data-testid=stException]")
    assert exceptions.count() == 0, exceptions.first.inner_text()


def model_count(page) -> str:
    """The Explorer's "N of M models" line."""
    return page.get_by_text(" models", exact=False).filter(has_text=" of ").first.inner_text()
