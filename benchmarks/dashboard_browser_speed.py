"""Time to first chart in a real browser: each dashboard page against a one-chart Streamlit page.

Two `streamlit run` servers on 127.0.0.1, started and driven by `tests/browser_driver.py` as
the browser test is: the dashboard over the warehouse, and `benchmarks/baseline_app.py` (one
Altair chart, one control); with `--before`, a third, another checkout's dashboard, measured in
the same rounds. Debian's headless Chromium (`/usr/bin/chromium`, through Playwright) opens
each page in a fresh browser context (a new session, as a new
visitor), and a MutationObserver installed before the page loads records:

- full load: from navigation start (`performance.now()` origin) to the first chart drawn (the
  first `svg` or `canvas` inside a `stVegaLiteChart`; the Explorer, which has no chart, to its
  first data-grid canvas);
- returning visitor: the same page opened again in a new tab of the same context, once the
  first tab has closed (a new session, the script runs in full; the browser's cache holds the
  front end's code the first visit fetched);
- after a change: from the click (or key press) on one control to the first redraw of a chart
  (any DOM change inside a `stVegaLiteChart`), once the page had settled;
- the bytes the server sent over the websocket for the full load (the page's deltas: chart
  data and specs, tables, text).

Each page and the baseline are measured `--repeats` times, interleaved, and the medians are
printed with their ratio to the baseline's median of the same run. The first round (a warm-up:
imports, first queries, the browser's cache of the front end) is not counted.

    .venv/bin/python benchmarks/dashboard_browser_speed.py [--warehouse PATH] [--repeats N]
        [--pages Overview Frontier ...] [--before OTHER_CHECKOUT/dashboard/app.py]
        [--variant NAME=ANOTHER_CHECKOUT/dashboard/app.py ...]

Results and machine go in docs/benchmarks.md. Needs the warehouse (`make build`) and Chromium
(`make browser-deps`).
"""

from __future__ import annotations

import argparse
import contextlib
import os
import platform
import statistics
import sys
from collections.abc import Callable
from pathlib import Path

from playwright.sync_api import Error as PlaywrightError

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.browser_driver import (  # noqa: E402
    FIRST_CHART_OBSERVER,
    VIEWPORT,
    chromium,
    streamlit_server,
    wait_first,
    wait_until_idle,
)

APP = ROOT / "dashboard" / "app.py"
BASELINE = ROOT / "benchmarks" / "baseline_app.py"
TIMEOUT_MS = 180_000
QUIET_MS = 1500  # no chart change for this long after a run: the page has settled


def _slider_right(page) -> None:
    page.locator("main [data-testid=stSlider] input[type=range]").first.focus()
    page.keyboard.press("ArrowRight")


def _radio(name: str) -> Callable:
    def act(page) -> None:
        page.locator("main").get_by_role("radio", name=name, exact=True).first.click()

    return act


def _filter(name: str) -> Callable:
    """Opens the sidebar's *Filter models* expander first (not timed: its widgets are drawn
    only once it is open), then returns the click on the filter option `name`."""

    def prepare(page) -> Callable:
        sidebar = page.locator("[data-testid=stSidebar]")
        sidebar.get_by_text("Filter models", exact=True).click()
        option = sidebar.get_by_role("radio", name=name, exact=True).first
        option.wait_for(state="visible", timeout=TIMEOUT_MS)
        _settle(page)
        return option.click

    prepare.two_phase = True
    return prepare


def _button(name: str) -> Callable:
    def act(page) -> None:
        page.locator("main").get_by_role("button", name=name, exact=True).first.click()

    return act


def _tab(name: str) -> Callable:
    """Open a page's section: its tab (the section's content is drawn only once opened)."""

    def act(page) -> None:
        page.get_by_role("tab", name=name, exact=True).click()

    return act


def _pick_model(page) -> Callable:
    """Types the name first (not timed), then returns the key press that picks it."""
    picker = page.locator("[data-testid=stSelectbox] input").first
    picker.click()
    page.keyboard.type("Mistral 7B — Mistral AI")
    page.wait_for_timeout(500)
    return lambda: page.keyboard.press("Enter")


_pick_model.two_phase = True


# page -> (URL path and query, ready: chart or grid, the control change, what it changes)
PAGES: dict[str, tuple[str, str, Callable | None, str]] = {
    "Overview": ("", "chart", _filter("Open"), "sidebar Weights: Open"),
    "Explorer": ("explorer", "grid", None, ""),
    "Frontier": ("frontier", "chart", _slider_right, "threshold slider +1"),
    "Compute-optimal": ("compute_optimal", "chart", _tab("Calculator"), "open Calculator tab"),
    "Compute-optimal: Calculator": (
        "compute_optimal?section=Calculator",
        "chart",
        _slider_right,
        "budget one step up",
    ),
    "Scaling": ("scaling", "chart", _radio("By weights"), "colour by weights"),
    "Scaling: Capabilities Index": (
        "scaling?section=Capabilities+Index",
        "chart",
        _tab("Emergence"),
        "open Emergence tab",
    ),
    "Cost": ("cost", "chart", _tab("Cheapest over time"), "open Cheapest over time tab"),
    "Cost: Cheapest over time": (
        "cost?section=Cheapest+over+time",
        "chart",
        _radio("60%"),
        "MMLU at least 60%",
    ),
    "Model": ("model?model=gpt-4", "chart", _pick_model, "pick Mistral 7B"),
    "Data quality": ("data_quality", "chart", None, ""),
}
BASELINE_PAGE = ("", "chart", _radio("2"), "slope 2")


def _settle(page) -> None:
    """Until no script is running and no chart changed for QUIET_MS."""
    wait_until_idle(page, TIMEOUT_MS, QUIET_MS)


def _measure(
    browser, url: str, ready: str, act: Callable | None
) -> tuple[float, float, int, float]:
    """(ms to first chart on a full load, ms to the first chart redraw after `act` (nan
    without one), websocket bytes received for the full load, ms to first chart on the same
    visitor's next full load)."""
    context = browser.new_context(viewport=VIEWPORT)
    page = context.new_page()
    received = [0]

    def on_ws(ws) -> None:
        ws.on("framereceived", lambda payload: received.__setitem__(0, received[0] + len(payload)))

    page.on("websocket", on_ws)
    page.add_init_script(FIRST_CHART_OBSERVER)
    try:
        page.goto(url, wait_until="domcontentloaded")
        try:
            first = wait_first(page, ready, TIMEOUT_MS)
        except PlaywrightError as exc:  # nothing drawn: no sample, the run goes on
            print(f"{url}: no first {ready} ({str(exc).splitlines()[0]})", file=sys.stderr)
            return float("nan"), float("nan"), 0, float("nan")
        _settle(page)
        loaded_bytes = received[0]
        after = float("nan")
        if act is not None:
            try:
                # a two-phase action prepares untimed and returns the timed part
                commit = act(page) if getattr(act, "two_phase", False) else None
                page.evaluate("window.__changed = null; window.__since = performance.now()")
                since = page.evaluate("window.__since")
                commit() if commit else act(page)
                page.wait_for_function("() => window.__changed !== null", timeout=TIMEOUT_MS)
                after = page.evaluate("window.__changed") - since
                _settle(page)
            except PlaywrightError as exc:  # a control not found, no redraw: no sample
                print(f"{url}: change not measured ({str(exc).splitlines()[0]})", file=sys.stderr)
        page.close()  # its session ends; the browser's cache stays with the context
        return first, after, loaded_bytes, _returning(context, url, ready)
    finally:
        context.close()


def _returning(context, url: str, ready: str) -> float:
    """ms to first chart when the same visitor opens the page again in a new tab: a new
    session (the script runs in full again), with the browser's cache holding the front end's
    code the first visit fetched (Streamlit serves its bundles `immutable` for a year)."""
    page = context.new_page()
    page.add_init_script(FIRST_CHART_OBSERVER)
    try:
        page.goto(url, wait_until="domcontentloaded")
        first = wait_first(page, ready, TIMEOUT_MS)
        _settle(page)
        return first
    except PlaywrightError as exc:
        print(f"{url}: no first {ready} on return ({str(exc).splitlines()[0]})", file=sys.stderr)
        return float("nan")
    finally:
        page.close()


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
    parser.add_argument(
        "--before",
        help="another checkout's dashboard script, measured in the same rounds (rows marked "
        "'before'): a before/after comparison under the same machine load",
    )
    parser.add_argument(
        "--variant",
        action="append",
        default=[],
        metavar="NAME=APP",
        help="a further checkout's dashboard script measured in the same rounds, its rows "
        "marked '(NAME)' (repeatable): one change tried at a time against before and after",
    )
    args = parser.parse_args()

    from pipelines.lib.settings import warehouse_path

    warehouse = Path(args.warehouse) if args.warehouse else warehouse_path()
    if not warehouse.is_file():
        print(f"{warehouse} not found: run `make build` first.")
        return 2
    env = {**os.environ, "ATLAS_WAREHOUSE": str(warehouse)}

    def env_of(app: str) -> dict:
        return {**env, "PYTHONPATH": str(Path(app).resolve().parents[1])}

    pages = {k: v for k, v in PAGES.items() if not args.pages or k in args.pages}
    apps = {"": args.app, " (before)": args.before} if args.before else {"": args.app}
    for variant in args.variant:
        label, _, app = variant.partition("=")
        if not app:
            parser.error(f"--variant {variant!r}: expected NAME=PATH/dashboard/app.py")
        apps[f" ({label})"] = app
    names = ["Baseline", *(name + tag for name in pages for tag in apps)]
    results: dict[str, list[tuple[float, float, int, float]]] = {k: [] for k in names}
    loads = [os.getloadavg()[0]]  # 1-minute load average: at the start and after each round
    with contextlib.ExitStack() as stack:
        urls = {
            tag: stack.enter_context(streamlit_server(Path(app), env_of(app)))
            for tag, app in apps.items()
        }
        base_url = stack.enter_context(streamlit_server(BASELINE, env_of(str(BASELINE))))
        browser = stack.enter_context(chromium())
        for round_ in range(args.repeats + 1):  # round 0: warm-up
            path, ready, act, _ = BASELINE_PAGE
            sample = _measure(browser, f"{base_url}/{path}", ready, act)
            if round_:
                results["Baseline"].append(sample)
            for name, (path, ready, act, _) in pages.items():
                for tag, url in urls.items():  # before and after, one after the other
                    sample = _measure(browser, f"{url}/{path}", ready, act)
                    if round_:
                        results[name + tag].append(sample)
            loads.append(os.getloadavg()[0])
            print(f"round {round_} done, load average {loads[-1]:.2f}", file=sys.stderr, flush=True)

    base_load = _median([s[0] for s in results["Baseline"]])
    base_after = _median([s[1] for s in results["Baseline"]])
    base_again = _median([s[3] for s in results["Baseline"]])
    cpu = platform.processor() or platform.machine()
    print(f"Machine: {cpu}, {os.cpu_count()} cores, Python {platform.python_version()}")
    print(f"Warehouse: {warehouse}; medians of {args.repeats} rounds after a warm-up round")
    print(f"Load average (1 min) during the run: {min(loads):.2f}-{max(loads):.2f}")
    print()
    print(
        "| page | full load: first chart | / baseline | returning visitor | / baseline "
        "| after a change: first chart | / baseline | change | websocket bytes (load) |"
    )
    print("|---|---:|---:|---:|---:|---:|---:|---|---:|")
    for name, samples in results.items():
        load = _median([s[0] for s in samples])
        after = _median([s[1] for s in samples])
        again = _median([s[3] for s in samples])
        size = int(statistics.median(s[2] for s in samples))
        page_name = name.split(" (")[0]
        change = BASELINE_PAGE[3] if name == "Baseline" else pages[page_name][3]
        after_text = "–" if after != after else f"{after / 1000:.2f} s"
        ratio_after = "–" if after != after else f"{after / base_after:.2f}x"
        print(
            f"| {name} | {load / 1000:.2f} s | {load / base_load:.2f}x "
            f"| {again / 1000:.2f} s | {again / base_again:.2f}x | {after_text} "
            f"| {ratio_after} | {change or '–'} | {size:,} |"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
