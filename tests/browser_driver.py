"""Driving the dashboard in a real browser: one home for the browser test and the benchmark.

The browser tests (`tests/dashboard/test_browser*.py`) and the benchmark
(`benchmarks/dashboard_browser_speed.py`) start `streamlit run` on a free 127.0.0.1 port, open
Debian's headless Chromium (`/usr/bin/chromium`, from `make browser-deps`; never `playwright
install`) through Playwright, and wait for a page to draw its first chart and finish its script
run. The Chromium arguments, the viewports, the selectors of a drawn chart and a drawn table,
the server's start and stop and the waits live here, so the test and the benchmark measure and
check the same thing.
"""

from __future__ import annotations

import contextlib
import json
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
VIEWPORT = {"width": 1400, "height": 900}
PHONE = {"width": 400, "height": 860}
# A phone as Chromium's device emulation presents one: a 400 px wide viewport, touch, and a
# mobile browser's User-Agent (the "Mobile" marker the dashboard reads to narrow its tables).
PHONE_DEVICE = {
    "viewport": PHONE,
    "is_mobile": True,
    "has_touch": True,
    "user_agent": "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 "
    "(KHTML, like Gecko) Chrome/120.0.0.0 Mobile Safari/537.36",
}
STARTUP_TIMEOUT_S = 60

# A chart drawn (Vega-Lite renders an svg, or a canvas), a table drawn (the data grid's canvas).
CHART = "[data-testid=stVegaLiteChart] svg, [data-testid=stVegaLiteChart] canvas"
GRID = "[data-testid=stDataFrame] canvas"
RUNNING = "[data-testid=stStatusWidget]"  # shown while a script run is in progress

# One data grid (a `[data-testid=stDataFrame]` element): the columns it shows (its accessible
# table's aria-colcount), its name (the toolbar's "Show/hide columns: <name>") and whether it
# scrolls sideways. The grid builds its accessible table only while it is on screen.
GRID_INFO_JS = """(g) => {
  const table = g.querySelector('table[aria-colcount]');
  const scroller = g.querySelector('.dvn-scroller');
  const named = g.querySelector('[aria-label^="Show/hide columns"]');
  return {
    name: named ? named.getAttribute('aria-label').replace(/^Show\\/hide columns:?\\s*/, '') : '',
    columns: table ? Number(table.getAttribute('aria-colcount')) : null,
    sideways: scroller ? scroller.scrollWidth > scroller.clientWidth + 1 : null,
    shown: g.offsetParent !== null,
  };
}"""
# Installed before any page script (`page.add_init_script`): `window.__first.chart` and
# `window.__first.grid` are the times (performance.now(), from navigation start) the first chart
# and the first table appeared; after `window.__since` is set, `window.__changed` is the time of
# the first change inside a chart.
FIRST_CHART_OBSERVER = """
(() => {
  window.__first = {};
  window.__changed = null;
  window.__since = Infinity;
  const note = () => {
    const now = performance.now();
    if (window.__first.chart === undefined && document.querySelector(CHART_SELECTOR))
      window.__first.chart = now;
    if (window.__first.grid === undefined && document.querySelector(GRID_SELECTOR))
      window.__first.grid = now;
  };
  new MutationObserver((records) => {
    note();
    const now = performance.now();
    if (now < window.__since || window.__changed !== null) return;
    for (const r of records) {
      const t = r.target.nodeType === 1 ? r.target : r.target.parentElement;
      if (t && t.closest && t.closest('[data-testid=stVegaLiteChart]')) {
        window.__changed = now;
        return;
      }
    }
  }).observe(document, {subtree: true, childList: true, attributes: true});
})();
""".replace("CHART_SELECTOR", json.dumps(CHART)).replace("GRID_SELECTOR", json.dumps(GRID))


class BrowserSetupError(RuntimeError):
    """The server or the browser could not be started (the message says why and what to do)."""


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _tail(log: Path | None) -> str:
    return log.read_text(errors="replace")[-4000:] if log and log.exists() else ""


@contextlib.contextmanager
def streamlit_server(script: Path, env: dict, log: Path | None = None) -> Iterator[str]:
    """`streamlit run script` on a free 127.0.0.1 port with `env`, from the repository that
    holds `script`; yields its base URL once `/_stcore/health` says ok, stops it on exit.
    Output goes to `log` (or nowhere)."""
    port = free_port()
    cmd = [
        sys.executable,
        "-m",
        "streamlit",
        "run",
        str(script),
        "--server.port",
        str(port),
        "--server.address",
        "127.0.0.1",
        "--server.headless",
        "true",
        "--browser.gatherUsageStats",
        "false",
        "--server.fileWatcherType",
        "none",
    ]
    with contextlib.ExitStack() as stack:
        out = stack.enter_context(log.open("wb")) if log else subprocess.DEVNULL
        proc = subprocess.Popen(
            cmd,
            cwd=script.resolve().parents[1],
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
        try:
            url = f"http://127.0.0.1:{port}"
            _wait_healthy(f"{url}/_stcore/health", proc, script, log)
            yield url
        finally:
            proc.terminate()
            try:
                proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait(timeout=15)


def _wait_healthy(url: str, proc: subprocess.Popen, script: Path, log: Path | None) -> None:
    deadline = time.monotonic() + STARTUP_TIMEOUT_S
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise BrowserSetupError(
                f"streamlit run {script.name} exited with {proc.returncode}:\n{_tail(log)}"
            )
        try:
            with urllib.request.urlopen(url, timeout=2) as resp:
                if resp.status == 200 and resp.read().strip() == b"ok":
                    return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            pass
        time.sleep(0.3)
    raise BrowserSetupError(
        f"streamlit run {script.name}: {url} not healthy after {STARTUP_TIMEOUT_S}s\n{_tail(log)}"
    )


@contextlib.contextmanager
def chromium() -> Iterator[object]:
    """Debian's headless Chromium under Playwright; yields the browser."""
    if not CHROMIUM.exists():
        raise BrowserSetupError(
            f"{CHROMIUM} not found: install Debian's chromium with `make browser-deps` "
            "(the browser tests and benchmarks never download a browser)."
        )
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


def wait_until_idle(page, timeout_ms: int, quiet_ms: int = 1000) -> None:
    """Until the script run has finished (no "Running..." status) and `quiet_ms` have passed
    for the charts to draw."""
    page.wait_for_function(f"() => !document.querySelector('{RUNNING}')", timeout=timeout_ms)
    page.wait_for_timeout(quiet_ms)


# Drawn: the script run is over (the app's `data-test-script-state`, which Streamlit's own
# end-to-end tests wait on), no element is still a loading skeleton and every chart has drawn
# marks; and all of that has held for `steady_ms` (checked each frame). Tables are not waited
# for here: a data grid draws only once scrolled on screen (the tests scroll to each).
_DRAWN_JS = """(steadyMs) => {
  const app = document.querySelector('[data-testid=stApp]');
  const drawn = app && app.getAttribute('data-test-script-state') === 'notRunning'
    && !document.querySelector('[data-testid=stSkeleton]')
    && [...document.querySelectorAll('[data-testid=stVegaLiteChart]')]
         .every((c) => c.querySelector('svg path, svg text, canvas'));
  const now = performance.now();
  if (!drawn) { window.__drawnSince = null; return false; }
  if (window.__drawnSince == null) window.__drawnSince = now;
  return now - window.__drawnSince >= steadyMs;
}"""


def wait_until_drawn(page, timeout_ms: int, steady_ms: int = 250) -> None:
    """Until the script run (or fragment run) is over and every chart on the page has drawn,
    steadily for `steady_ms`: a condition, where `wait_until_idle` waits a fixed quiet
    time. The caller has seen the run start (the page's first element, or the URL a control
    writes), so a run that has not begun yet is not mistaken for one that is over."""
    page.evaluate("() => { window.__drawnSince = null; }")
    page.wait_for_function(_DRAWN_JS, arg=steady_ms, timeout=timeout_ms)


def wait_first(page, what: str, timeout_ms: int) -> float:
    """With `FIRST_CHART_OBSERVER` installed: wait until the first `what` ("chart" or "grid")
    appeared and return when (ms from navigation start)."""
    page.wait_for_function(f"() => window.__first.{what} !== undefined", timeout=timeout_ms)
    return page.evaluate(f"window.__first.{what}")
