"""How much server-side work does each dashboard page cost, cold and warm?

Each page is run headless through Streamlit's AppTest in a fresh session, as a new visitor
would open it, and two times are taken:

- page work: the page script itself (`StreamlitPage.run`, timed inside the script thread):
  its queries, fits, chart building (Altair, with schema validation) and the serialisation of
  every element (Arrow tables, Vega-Lite specs): the server-side work a real server does;
- AppTest round trip: the whole `AppTest.run()` (the entry script, the page, AppTest's own
  bookkeeping).

Cold: every `st.cache_data` cache cleared first (the first visitor after a publish). Warm:
caches hot (every later visitor). Baselines measured in the same run: (A) an AppTest round trip
of a one-title script, the fixed cost of AppTest itself; (B) one trivial read-only DuckDB query
on the warehouse (open, `SELECT count(*) FROM models`, close). Prints medians and ratios. The
budget is 300 ms of warm page work per page; exit status 1 when a page exceeds it.

    .venv/bin/python benchmarks/dashboard_speed.py [--warehouse PATH] [--repeats N]

Without `--warehouse` it uses `ATLAS_WAREHOUSE` (default `warehouse/atlas.duckdb`) and builds
the warehouse into a temporary folder when that file does not exist. Results go in
docs/benchmarks.md.
"""

from __future__ import annotations

import argparse
import logging
import os
import platform
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

APP = ROOT / "dashboard" / "app.py"
BUDGET_MS = 300.0
PAGES = {  # page -> (script relative to app.py, query parameters)
    "Overview": ("app_pages/overview.py", {}),
    "Explorer": ("app_pages/explorer.py", {}),
    "Frontier": ("app_pages/frontier.py", {}),
    "Compute-optimal": ("app_pages/compute_optimal.py", {}),
    "Scaling": ("app_pages/scaling.py", {}),
    "Cost": ("app_pages/cost.py", {}),
    "Model": ("app_pages/model.py", {"model": "gpt-4"}),
    "Data quality": ("app_pages/data_quality.py", {}),
}
# Widget changes that compute something new (a cache miss, then a hit): (page, key, value).
INTERACTIONS = [
    ("Frontier", "threshold", 67, "slider"),
    ("Compute-optimal", "budget", 1e25, "select_slider"),
    ("Scaling", "colour", "weights", "segmented_control"),
    ("Cost", "price_threshold", 50.0, "segmented_control"),
]


def _warehouse(path_arg: str | None, tmp: Path) -> Path:
    from pipelines.lib.settings import warehouse_path

    path = Path(path_arg) if path_arg else warehouse_path()
    if path.is_file():
        return path
    print(f"{path} not found: building the warehouse into {tmp} ...", flush=True)
    from pipelines.dagster_instance import repo_instance
    from pipelines.definitions import defs

    logging.getLogger("dagster").setLevel(logging.WARNING)
    built = tmp / "atlas.duckdb"
    os.environ["ATLAS_WAREHOUSE"] = str(built)
    job = defs().resolve_job_def("warehouse_build")
    with repo_instance() as instance:
        assert job.execute_in_process(instance=instance).success
    return built


PAGE_TIMES: list[float] = []  # seconds of page work, appended by the patched StreamlitPage.run


def _time_page_runs() -> None:
    """Wrap `StreamlitPage.run` (which executes the page script in the script thread) to record
    how long each page takes."""
    import importlib

    page_class = importlib.import_module("streamlit.navigation.page").StreamlitPage
    run = page_class.run

    def timed_run(self) -> None:
        started = time.perf_counter()
        try:
            run(self)
        finally:
            PAGE_TIMES.append(time.perf_counter() - started)

    page_class.run = timed_run


def _run_page(script: str, params: dict) -> tuple[float, float]:
    """(page work, AppTest round trip) in seconds for one run of `script` in a fresh session."""
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_file(str(APP), default_timeout=120)
    at.switch_page(script)
    at.query_params.update(params)
    PAGE_TIMES.clear()
    started = time.perf_counter()
    at.run()
    elapsed = time.perf_counter() - started
    if at.exception:
        raise RuntimeError(f"{script}: {at.exception[0].value}")
    return sum(PAGE_TIMES), elapsed


def _run_empty() -> float:
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_string("import streamlit as st\nst.title('Empty')", default_timeout=60)
    started = time.perf_counter()
    at.run()
    return time.perf_counter() - started


def _trivial_query(path: Path) -> float:
    import duckdb

    started = time.perf_counter()
    con = duckdb.connect(str(path), read_only=True)
    try:
        con.execute("SELECT count(*) FROM models").fetchone()
    finally:
        con.close()
    return time.perf_counter() - started


def _interaction(script: str, key: str, value, kind: str) -> tuple[float, float]:
    """Page work (seconds) of the rerun after setting a widget: the first time (its queries
    and fits are cache misses) and the same change in a new session (cache hits)."""
    from streamlit.testing.v1 import AppTest

    times = []
    for _ in range(2):
        at = AppTest.from_file(str(APP), default_timeout=120)
        at.switch_page(script)
        at.run()
        getattr(at, kind)(key=key).set_value(value)
        PAGE_TIMES.clear()
        at.run()
        if at.exception:
            raise RuntimeError(f"{script} {key}={value}: {at.exception[0].value}")
        times.append(sum(PAGE_TIMES))
    return times[0], times[1]


def _value_text(value) -> str:
    """A widget value as the URL writes it: 1e25, 50, weights."""
    if not isinstance(value, float):
        return str(value)
    return f"{value:.0e}".replace("e+", "e") if value > 1e6 else f"{value:g}"


def _median_ms(samples: list[float]) -> float:
    return 1000 * statistics.median(samples)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--warehouse", help="DuckDB file to read (default: ATLAS_WAREHOUSE)")
    parser.add_argument("--repeats", type=int, default=7, help="warm runs per page (median)")
    parser.add_argument("--cold", type=int, default=3, help="cold runs per page (median)")
    args = parser.parse_args()

    logging.getLogger("streamlit").setLevel(logging.ERROR)
    _time_page_runs()
    with tempfile.TemporaryDirectory() as tmp:
        warehouse = _warehouse(args.warehouse, Path(tmp))
        os.environ["ATLAS_WAREHOUSE"] = str(warehouse)
        import streamlit as st

        # Warm-up: imports, page modules, the first AppTest.
        _run_empty()
        for script, params in PAGES.values():
            _run_page(script, params)

        empty = _median_ms([_run_empty() for _ in range(args.repeats)])
        query = _median_ms([_trivial_query(warehouse) for _ in range(args.repeats * 3)])

        rows, over_budget = [], []
        for page, (script, params) in PAGES.items():
            cold = []
            for _ in range(args.cold):
                st.cache_data.clear()
                cold.append(_run_page(script, params))
            warm = [_run_page(script, params) for _ in range(args.repeats)]
            row = (
                page,
                _median_ms([c[0] for c in cold]),
                _median_ms([w[0] for w in warm]),
                _median_ms([c[1] for c in cold]),
                _median_ms([w[1] for w in warm]),
            )
            rows.append(row)
            if row[2] > BUDGET_MS:
                over_budget.append(page)

        changes = []
        for page, key, value, kind in INTERACTIONS:
            st.cache_data.clear()
            _run_page(*PAGES[page])  # the page as the visitor found it, caches hot
            first, again = _interaction(PAGES[page][0], key, value, kind)
            changes.append((page, f"{key}={_value_text(value)}", 1000 * first, 1000 * again))

    cpu = platform.processor() or platform.machine()
    print(f"Machine: {cpu}, {os.cpu_count()} cores, Python {platform.python_version()}")
    print(f"Warehouse: {warehouse}")
    print()
    print(f"Baseline A, AppTest round trip of a one-title script: {empty:.1f} ms")
    print(f"Baseline B, trivial read-only DuckDB query (open, count, close): {query:.2f} ms")
    print()
    print(
        "| page | page work, cold | **page work, warm** | warm / B "
        "| AppTest round trip, cold | AppTest round trip, warm | round trip / A |"
    )
    print("|---|---:|---:|---:|---:|---:|---:|")
    for page, cold_ms, warm_ms, cold_rt, warm_rt in rows:
        print(
            f"| {page} | {cold_ms:.0f} ms | **{warm_ms:.0f} ms** | {warm_ms / query:.1f}x "
            f"| {cold_rt:.0f} ms | {warm_rt:.0f} ms | {warm_rt / empty:.1f}x |"
        )
    print()
    print("| widget change (page work of the rerun) | first time | again, new session |")
    print("|---|---:|---:|")
    for page, change, first, again in changes:
        print(f"| {page}: `{change}` | {first:.0f} ms | {again:.0f} ms |")
    print()
    if over_budget:
        print(f"Over the {BUDGET_MS:.0f} ms warm budget: {', '.join(over_budget)}")
        return 1
    print(f"Every page's warm page work is under {BUDGET_MS:.0f} ms.")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
