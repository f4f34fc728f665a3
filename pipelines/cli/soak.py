"""Crash and concurrency drills on the real build command (shared by the tests and
`benchmarks/soak_publish.py`): kill -9 a build at random points, read while building."""

from __future__ import annotations

import os
import random
import shutil
import signal
import subprocess
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import duckdb

from pipelines.lib.settings import REPO_ROOT

PUBLIC_TABLES = ("models", "sources", "claims", "frontier_smallest_model", "build_manifest")


def build_command(raw: Path, warehouse: Path, home: Path) -> tuple[list[str], dict[str, str]]:
    """`make build`'s command, against an instance home with the repo's dagster.yaml."""
    home.mkdir(parents=True, exist_ok=True)
    shutil.copy(REPO_ROOT / "dagster.yaml", home / "dagster.yaml")
    env = {
        **os.environ,
        "DAGSTER_HOME": str(home),
        "ATLAS_RAW_DIR": str(raw),
        "ATLAS_WAREHOUSE": str(warehouse),
        "PYTHONPATH": str(REPO_ROOT),
    }
    dagster = str(Path(os.environ.get("VIRTUAL_ENV", REPO_ROOT / ".venv")) / "bin" / "dagster")
    if not Path(dagster).exists():
        dagster = str(REPO_ROOT / ".venv" / "bin" / "dagster")
    return [dagster, "job", "execute", "-m", "pipelines.definitions", "-j", "warehouse_build"], env


def published_run(warehouse: Path) -> str | None:
    """The single run id the published file was built by (None if there is no file yet).
    Raises if the file does not open, lacks a table, or mixes builds."""
    if not warehouse.exists():
        return None
    with duckdb.connect(str(warehouse), read_only=True) as con:
        for table in PUBLIC_TABLES:
            con.execute(f'SELECT count(*) FROM "{table}"').fetchall()
        runs = con.execute("SELECT DISTINCT run_id FROM build_manifest").fetchall()
    if len(runs) != 1:
        raise AssertionError(f"published file mixes builds: {runs}")
    return runs[0][0]


def run_build(raw: Path, warehouse: Path, home: Path, timeout: float = 600) -> None:
    cmd, env = build_command(raw, warehouse, home)
    proc = subprocess.run(cmd, cwd=home, env=env, capture_output=True, text=True, timeout=timeout)
    if proc.returncode != 0:
        raise AssertionError(f"build failed:\n{proc.stderr[-3000:]}")


@dataclass
class KillReport:
    iterations: int = 0
    kept_previous: int = 0
    published_new: int = 0
    problems: list[str] = field(default_factory=list)


def kill_drill(
    raw: Path,
    warehouse: Path,
    home: Path,
    iterations: int,
    seed: int,
    max_delay: float,
    clean_build: bool = True,
) -> KillReport:
    """Start the build, SIGKILL its whole process group after a random delay, check the
    published file is whole and is the previous or a new build; repeat; then build cleanly
    (unless `clean_build` is off: the caller's next build is the clean one)."""
    rng = random.Random(seed)
    report = KillReport()
    for _ in range(iterations):
        before = published_run(warehouse)
        cmd, env = build_command(raw, warehouse, home)
        proc = subprocess.Popen(
            cmd,
            cwd=home,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
        )
        time.sleep(rng.uniform(0.2, max_delay))
        with_kill = proc.poll() is None
        if with_kill:
            os.killpg(proc.pid, signal.SIGKILL)
        proc.wait()
        report.iterations += 1
        try:
            after = published_run(warehouse)
        except Exception as exc:  # noqa: BLE001 - the finding
            report.problems.append(f"published file broken after kill: {exc}")
            continue
        if after == before:
            report.kept_previous += 1
        else:
            report.published_new += 1
    if not clean_build:
        return report
    try:
        run_build(raw, warehouse, home)
        published_run(warehouse)
    except Exception as exc:  # noqa: BLE001
        report.problems.append(f"clean build after the kills failed: {exc}")
    return report


@dataclass
class ReaderReport:
    builds: int = 0
    reads: int = 0
    errors: list[str] = field(default_factory=list)
    model_counts: set[int] = field(default_factory=set)  # `models` rows, as each read saw them


@contextmanager
def reading(warehouse: Path, readers: int = 2, pause: float = 0.0) -> Iterator[ReaderReport]:
    """Readers query the published file in a loop (fresh read-only connection each time,
    `pause` seconds apart) for as long as the block runs; every error is recorded in the
    report. A pause leaves the builds the cores of a small machine: a read (a fresh connection,
    two queries) costs ~11 ms of CPU, so two readers 10 ms apart kept 0.8 of a core busy and
    100 ms apart (the tests' drill: ~16 reads a second in all) 0.2; the soak reads back to
    back."""
    report = ReaderReport()
    stop = threading.Event()
    lock = threading.Lock()

    def loop() -> None:
        while not stop.is_set():
            try:
                with duckdb.connect(str(warehouse), read_only=True) as con:
                    result = con.execute("SELECT count(*), max(params_total) FROM models")
                    count = result.fetchall()[0][0]
                    con.execute("SELECT count(*) FROM frontier_smallest_model").fetchall()
                with lock:
                    report.reads += 1
                    report.model_counts.add(count)
            except Exception as exc:  # noqa: BLE001
                with lock:
                    report.errors.append(f"{type(exc).__name__}: {exc}")
            if pause:
                stop.wait(pause)

    threads = [threading.Thread(target=loop) for _ in range(readers)]
    for t in threads:
        t.start()
    try:
        yield report
    finally:
        stop.set()
        for t in threads:
            t.join()


def readers_during_builds(
    raw: Path, warehouse: Path, home: Path, builds: int, readers: int = 2, pause: float = 0.0
) -> ReaderReport:
    """`reading` while `builds` consecutive builds publish (after a first one, if nothing is
    published yet)."""
    if not warehouse.exists():
        run_build(raw, warehouse, home)
    with reading(warehouse, readers, pause) as report:
        for _ in range(builds):
            run_build(raw, warehouse, home)
            report.builds += 1
    return report


@dataclass
class ConcurrentReport:
    rounds: int = 0
    succeeded: int = 0
    problems: list[str] = field(default_factory=list)


def concurrent_builds(raw: Path, warehouse: Path, home: Path, rounds: int) -> ConcurrentReport:
    """Start two builds at once on one instance, `rounds` times: both must succeed, the
    published file must be one whole build, and nothing may be left beside it."""
    report = ConcurrentReport()
    cmd, env = build_command(raw, warehouse, home)
    dagster = cmd[0]
    # the instance's storage is created once, as the first `make build` would have done
    subprocess.run([dagster, "instance", "migrate"], cwd=home, env=env, capture_output=True)
    for _ in range(rounds):
        procs = [
            subprocess.Popen(
                cmd, cwd=home, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True
            )
            for _ in range(2)
        ]
        outputs = [p.communicate(timeout=1800)[0] for p in procs]
        report.rounds += 1
        for proc, out in zip(procs, outputs, strict=True):
            if proc.returncode == 0:
                report.succeeded += 1
            else:
                errors = [line for line in out.splitlines() if "Error" in line]
                report.problems.append(f"a build failed: {(errors or ['?'])[-1][:300]}")
        try:
            published_run(warehouse)
        except Exception as exc:  # noqa: BLE001 - a torn or mixed file is the finding
            report.problems.append(f"published file: {exc}")
        extra = {"CHANGELOG.md", "report", warehouse.name}
        left = sorted(p.name for p in warehouse.parent.iterdir() if p.name not in extra)
        if left:
            report.problems.append(f"left beside the warehouse: {', '.join(left)}")
    return report
