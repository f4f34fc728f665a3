"""Soak: 20 kill -9s of the real build at random points, then 10 consecutive builds with
readers querying the published file in a loop, then two rounds of two builds at once. Prints
counts; results in docs/benchmarks.md.
Run: `.venv/bin/python benchmarks/soak_publish.py [KILLS] [BUILDS]`."""

from __future__ import annotations

import os
import platform
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from pipelines.cli.soak import (  # noqa: E402
    concurrent_builds,
    kill_drill,
    readers_during_builds,
    run_build,
)


def main(argv: list[str]) -> int:
    kills = int(argv[0]) if argv else 20
    builds = int(argv[1]) if len(argv) > 1 else 10
    print(
        f"machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}"
    )
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        raw = tmp / "raw"
        shutil.copytree(ROOT / "data" / "raw", raw)
        warehouse, home = tmp / "wh" / "atlas.duckdb", tmp / "home"
        started = time.perf_counter()
        run_build(raw, warehouse, home)
        one = time.perf_counter() - started
        print(f"one clean build (CLI, incl. start-up): {one:.1f} s")
        started = time.perf_counter()
        report = kill_drill(raw, warehouse, home, kills, seed=7, max_delay=one)
        print(
            f"kill -9 drill: {report.iterations} kills in {time.perf_counter() - started:.0f} s; "
            f"published file kept the previous build {report.kept_previous}x, showed a new "
            f"complete build {report.published_new}x; problems: {len(report.problems)}"
        )
        for p in report.problems:
            print("  ", p)
        started = time.perf_counter()
        readers = readers_during_builds(raw, warehouse, home, builds)
        print(
            f"readers during {readers.builds} consecutive builds: {readers.reads} reads, "
            f"{len(readers.errors)} errors in {time.perf_counter() - started:.0f} s"
        )
        for e in readers.errors[:10]:
            print("  ", e)
        started = time.perf_counter()
        pairs = concurrent_builds(raw, warehouse, home, rounds=2)
        print(
            f"two builds at once, {pairs.rounds} rounds: {pairs.succeeded} of {2 * pairs.rounds} "
            f"succeeded in {time.perf_counter() - started:.0f} s; problems: {len(pairs.problems)}"
        )
        for p in pairs.problems:
            print("  ", p)
    return 1 if report.problems or readers.errors or pairs.problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
