"""Time to first chart in a real browser: each dashboard page against a one-chart Streamlit page.

Two `streamlit run` servers on 127.0.0.1, started as `tests/dashboard/test_browser.py` starts the
dashboard: the dashboard over the warehouse, and `benchmarks/baseline_app.py` (one Altair chart,
one control). Debian's headless Chromium (`/usr/bin/chromium`, driven by Playwright as the
browser test drives it) opens each page in a fresh browser context (a new session, as a new
visitor), and a MutationObserver installed before the page loads records:

- full load: from navigation start (`performance.now()` origin) to the first chart drawn (the
  first `svg` or `canvas` inside a `stVegaLiteChart`; the Explorer, which has no chart, to its
  first data-grid canvas);
- after a change: from the click (or key press) on one control to the first redraw of a chart
  (any DOM change inside a `stVegaLiteChart`), once the page had settled;
- the bytes the server sent over the websocket for the full load (the page's deltas: chart
  data and specs, tables, text).

Each page and the baseline are measured `--repeats` times, interleaved, and the medians are
printed with their ratio to the baseline's median of the same run. The first round (a warm-up:
imports, first queries, the browser's cache of the front end) is not counted.

    .venv/bin/python benchmarks/dashboard_browser_speed.py [--warehouse PATH] [--repeats N]

Results and machine go in docs/benchmarks.md. Needs the warehouse (`make build`) and Chromium
(`make browser-deps`).
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import platform
import socket
import statistics
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path

from playwright.sync_api import Error as PlaywrightError

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

APP = ROOT / "dashboard" / "app.py"
BASELINE = ROOT / "benchmarks" / "baseline_app.py"
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
TIMEOUT_MS = 180_000
QUIET_MS = 1500  # no chart change for this long after a run: the page has settled

CHART = "[data-testid=stVegaLiteChart] svg, [data-testid=stVegaLiteChart] canvas"
GRID = "[data-testid=stDataFrame] canvas"

# Installed before any page script: the time the first chart (or grid) appears, and the time
# of every change inside a chart after `window.__since`.
OBSERVER = """
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


def _slider_right(page) -> None:
    page.locator("main [data-testid=stSlider] input[type=range]").first.focus()
    page.keyboard.press("ArrowRight")


def _radio(name: str, sidebar: bool = False) -> Callable:
    def act(page) -> None:
        scope = page.locator("[data-testid=stSidebar]") if sidebar else page.locator("main")
        scope.get_by_role("radio", name=name, exact=True).first.click()

    return act


def _button(name: str) -> Callable:
    def act(page) -> None:
        page.locator("main").get_by_role("button", name=name, exact=True).first.click()

    return act


def _pick_model(page) -> Callable:
    """Types the name first (not timed), then returns the key press that picks it."""
    picker = page.locator("[data-testid=stSelectbox] input").first
    picker.click()
    page.keyboard.type("Mistral 7B — Mistral AI")
    page.wait_for_timeout(500)
    return lambda: page.keyboard.press("Enter")


# page -> (URL path and query, ready: chart or grid, the control change, what it changes)
PAGES: dict[str, tuple[str, str, Callable | None, str]] = {
    "Overview": ("", "chart", _radio("Open", sidebar=True), "sidebar Weights: Open"),
    "Explorer": ("explorer", "grid", None, ""),
    "Frontier": ("frontier", "chart", _slider_right, "threshold slider +1"),
    "Compute-optimal": ("compute_optimal", "chart", _slider_right, "budget one step up"),
    "Scaling": ("scaling", "chart", _radio("Open weights"), "colour by open weights"),
    "Cost": ("cost", "chart", _radio("60%"), "MMLU at least 60%"),
    "Model": ("model?model=gpt-4", "chart", _pick_model, "pick Mistral 7B"),
    "Data quality": ("data_quality", "chart", None, ""),
}
BASELINE_PAGE = ("", "chart", _radio("2"), "slope 2")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextlib.contextmanager
def _server(script: Path, env: dict) -> Iterator[str]:
    port = _free_port()
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
    proc = subprocess.Popen(
        cmd,
        cwd=script.resolve().parents[1],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        url = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 60
        while True:
            if proc.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"streamlit run {script.name} did not start")
            try:
                with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as resp:
                    if resp.read().strip() == b"ok":
                        break
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                time.sleep(0.3)
        yield url
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            proc.kill()


def _settle(page) -> None:
    """Until no script is running and no chart changed for QUIET_MS."""
    page.wait_for_function(
        "() => !document.querySelector('[data-testid=stStatusWidget]')", timeout=TIMEOUT_MS
    )
    page.wait_for_timeout(QUIET_MS)


def _measure(browser, url: str, ready: str, act: Callable | None) -> tuple[float, float, int]:
    """(ms to first chart on a full load, ms to the first chart redraw after `act` (nan
    without one), websocket bytes received for the full load)."""
    context = browser.new_context(viewport=VIEWPORT)
    page = context.new_page()
    received = [0]

    def on_ws(ws) -> None:
        ws.on("framereceived", lambda payload: received.__setitem__(0, received[0] + len(payload)))

    page.on("websocket", on_ws)
    page.add_init_script(OBSERVER)
    try:
        page.goto(url, wait_until="domcontentloaded")
        page.wait_for_function(f"() => window.__first.{ready} !== undefined", timeout=TIMEOUT_MS)
        first = page.evaluate(f"window.__first.{ready}")
        _settle(page)
        loaded_bytes = received[0]
        after = float("nan")
        if act is not None:
            try:
                commit = act(page) if act is _pick_model else None
                page.evaluate("window.__changed = null; window.__since = performance.now()")
                since = page.evaluate("window.__since")
                commit() if commit else act(page)
                page.wait_for_function("() => window.__changed !== null", timeout=TIMEOUT_MS)
                after = page.evaluate("window.__changed") - since
                _settle(page)
            except PlaywrightError as exc:  # a control not found, no redraw: no sample
                print(f"{url}: change not measured ({str(exc).splitlines()[0]})", file=sys.stderr)
        return first, after, loaded_bytes
    finally:
        context.close()


def _median(values: list[float]) -> float:
    kept = [v for v in values if v == v]
    return statistics.median(kept) if kept else float("nan")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--warehouse", help="DuckDB file to read (default: ATLAS_WAREHOUSE)")
    parser.add_argument("--repeats", type=int, default=3, help="measured rounds (median)")
    parser.add_argument("--pages", nargs="*", help="only these pages (names as printed)")
    parser.add_argument(
        "--app",
        default=str(APP),
        help="the dashboard script (another checkout's, for before/after)",
    )
    args = parser.parse_args()

    from playwright.sync_api import sync_playwright

    from pipelines.lib.settings import warehouse_path

    warehouse = Path(args.warehouse) if args.warehouse else warehouse_path()
    if not warehouse.is_file():
        print(f"{warehouse} not found: run `make build` first.")
        return 2
    app_root = Path(args.app).resolve().parents[1]
    env = {**os.environ, "ATLAS_WAREHOUSE": str(warehouse), "PYTHONPATH": str(app_root)}
    pages = {k: v for k, v in PAGES.items() if not args.pages or k in args.pages}
    results: dict[str, list[tuple[float, float, int]]] = {k: [] for k in ["Baseline", *pages]}
    with (
        _server(Path(args.app), env) as app_url,
        _server(BASELINE, env) as base_url,
        sync_playwright() as pw,
    ):
        browser = pw.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            for round_ in range(args.repeats + 1):  # round 0: warm-up
                path, ready, act, _ = BASELINE_PAGE
                sample = _measure(browser, f"{base_url}/{path}", ready, act)
                if round_:
                    results["Baseline"].append(sample)
                for name, (path, ready, act, _) in pages.items():
                    sample = _measure(browser, f"{app_url}/{path}", ready, act)
                    if round_:
                        results[name].append(sample)
                print(f"round {round_} done", file=sys.stderr, flush=True)
        finally:
            browser.close()

    base_load = _median([s[0] for s in results["Baseline"]])
    base_after = _median([s[1] for s in results["Baseline"]])
    cpu = platform.processor() or platform.machine()
    print(f"Machine: {cpu}, {os.cpu_count()} cores, Python {platform.python_version()}")
    print(f"Warehouse: {warehouse}; medians of {args.repeats} rounds after a warm-up round")
    print()
    print(
        "| page | full load: first chart | / baseline | after a change: first chart "
        "| / baseline | change | websocket bytes (load) |"
    )
    print("|---|---:|---:|---:|---:|---|---:|")
    for name, samples in results.items():
        load = _median([s[0] for s in samples])
        after = _median([s[1] for s in samples])
        size = int(statistics.median(s[2] for s in samples))
        change = BASELINE_PAGE[3] if name == "Baseline" else pages[name][3]
        after_text = "–" if after != after else f"{after / 1000:.2f} s"
        ratio_after = "–" if after != after else f"{after / base_after:.2f}x"
        print(
            f"| {name} | {load / 1000:.2f} s | {load / base_load:.2f}x | {after_text} "
            f"| {ratio_after} | {change or '–'} | {size:,} |"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
