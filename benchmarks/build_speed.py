"""How long does the full build take, against just reading the same input files?

Floor (the issue 15 baseline): read every record YAML (libyaml) and every upstream snapshot
(polars / json), then write the published public tables (taken from a finished build, in
memory) into a fresh DuckDB file. Measured, interleaved with the floor in the same run:
(a) `make build`'s command (`dagster job execute -j warehouse_build`, a fresh process, start-up
included) warm — the analysis caches in `.dagster/cache` filled — and cold, as on a fresh
clone or CI (no `.dagster` at all); (b) the pipeline's plain-Python work and the in-process
Dagster run, against the old read-only baseline. Prints medians and ratios; results go in
docs/benchmarks.md. `BENCH_REPEATS` (default 3) rounds; `BENCH_BEFORE=<another checkout>` also
times that code's warm build of this `data/raw` in each round (before/after a change);
`BENCH_WARM_ONLY=1` leaves out the cold builds.
"""

from __future__ import annotations

import json
import logging
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import polars as pl
import yaml

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from pipelines.dagster_instance import repo_instance  # noqa: E402
from pipelines.lib.ingest.aliases import load_aliases, load_organizations  # noqa: E402
from pipelines.lib.ingest.dataset import load_dataset  # noqa: E402
from pipelines.lib.staging import resolution as rs  # noqa: E402
from pipelines.lib.trends import allocation, frontier  # noqa: E402
from pipelines.lib.upstream.manifest import load_errata  # noqa: E402

RAW = ROOT / "data" / "raw"


def baseline() -> None:
    for path in sorted((RAW / "models").rglob("*.yaml")):
        yaml.safe_load(path.read_bytes())
    baseline_upstream()


def public_tables() -> dict[str, pl.DataFrame]:
    """The public tables of a finished build (built once here, untimed)."""
    import duckdb

    from pipelines.lib.tables import PUBLIC_SCHEMAS

    with tempfile.TemporaryDirectory() as tmp:
        warehouse = Path(tmp) / "atlas.duckdb"
        assert cli_build(Path(tmp) / "home", warehouse) > 0
        with duckdb.connect(str(warehouse), read_only=True) as con:
            return {t: con.sql(f"SELECT * FROM {t}").pl() for t in PUBLIC_SCHEMAS}


def floor(tables: dict[str, pl.DataFrame]) -> None:
    import duckdb

    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    for path in sorted((RAW / "models").rglob("*.yaml")):
        yaml.load(path.read_bytes(), Loader=loader)
    baseline_upstream()
    with tempfile.TemporaryDirectory() as tmp, duckdb.connect(str(Path(tmp) / "f.duckdb")) as con:
        for name, frame in tables.items():
            con.register("frame", frame)
            con.execute(f"CREATE TABLE {name} AS SELECT * FROM frame")
            con.unregister("frame")
        con.execute("CHECKPOINT")


def baseline_upstream() -> None:
    for rel, _ in rs.UPSTREAM_FILES.values():
        path = RAW / "upstream" / rel
        if path.suffix == ".json":
            json.loads(path.read_bytes())
        else:
            pl.read_csv(path, infer_schema=False, encoding="utf8-lossy")


def cli_build(home: Path, warehouse: Path, cold: bool = False, code: Path = ROOT) -> float:
    """Seconds for `make build`'s command in a fresh process; `cold`: no `.dagster` at all (the
    analysis caches under the repository's `.dagster/cache` and the instance are removed).
    `code`: another checkout whose code builds this repository's `data/raw` (`BENCH_BEFORE`)."""
    if cold:
        shutil.rmtree(code / ".dagster" / "cache", ignore_errors=True)
        shutil.rmtree(home, ignore_errors=True)
    home.mkdir(parents=True, exist_ok=True)
    shutil.copy(code / "dagster.yaml", home / "dagster.yaml")
    env = {
        **os.environ,
        "DAGSTER_HOME": str(home),
        "PYTHONPATH": str(code),
        "ATLAS_WAREHOUSE": str(warehouse),
        "ATLAS_RAW_DIR": str(RAW),
    }
    started = time.perf_counter()
    proc = subprocess.run(
        [str(Path(sys.executable).parent / "dagster"), "job", "execute"]
        + ["-m", "pipelines.definitions", "-j", "warehouse_build"],
        cwd=code,
        env=env,
        capture_output=True,
        text=True,
    )
    took = time.perf_counter() - started
    if proc.returncode != 0:
        raise RuntimeError(proc.stderr[-2000:])
    return took


def pipeline() -> None:
    ds = load_dataset([RAW / "models"])
    tables = ds.tables()
    raw = {name: rs.read_upstream(name, RAW) for name in rs.UPSTREAM_FILES}
    result = rs.build(
        tables["raw_model_records"],
        tables["raw_sources"],
        tables["raw_benchmark_scores"],
        raw,
        load_aliases(RAW / "aliases.yaml"),
        load_organizations(RAW / "organizations.yaml"),
        load_errata(RAW / "upstream" / "llm_stats"),
        load_errata(RAW / "upstream" / "obsscaling"),
        load_errata(RAW / "upstream" / "epoch"),
    )
    frontier.frontier_table(frontier.mmlu_frontier_inputs(result.models, result.sources))
    allocation.compute_optimal(result.models)


def dagster_run() -> None:
    from pipelines.definitions import defs

    with tempfile.TemporaryDirectory() as tmp:
        os.environ["ATLAS_WAREHOUSE"] = str(Path(tmp) / "atlas.duckdb")
        job = defs().resolve_job_def("warehouse_build")
        with repo_instance() as instance:
            assert job.execute_in_process(instance=instance).success


def median_time(fn, repeats: int) -> float:
    fn()  # warm-up (imports, caches)
    samples = []
    for _ in range(repeats):
        started = time.perf_counter()
        fn()
        samples.append(time.perf_counter() - started)
    return statistics.median(samples)


def main() -> int:
    logging.getLogger("dagster").setLevel(logging.ERROR)
    repeats = int(os.environ.get("BENCH_REPEATS", "3"))
    print(
        f"machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}"
    )
    tables = public_tables()
    samples: dict[str, list[float]] = {"floor": [], "warm": [], "floor'": [], "cold": []}
    before = Path(os.environ["BENCH_BEFORE"]) if os.environ.get("BENCH_BEFORE") else None
    with tempfile.TemporaryDirectory() as tmp:
        warm_home, warehouse = Path(tmp) / "warm", Path(tmp) / "wh" / "atlas.duckdb"
        cli_build(warm_home, warehouse)  # fills the caches and the instance
        rounds = [
            ("floor", lambda: floor(tables)),
            ("warm", lambda: cli_build(warm_home, warehouse)),
            ("floor'", lambda: floor(tables)),
            ("cold", lambda: cli_build(Path(tmp) / "cold", warehouse, cold=True)),
        ]
        if before is not None:  # the other checkout's warm build, beside this one's
            samples["before, warm"] = []
            before_home = Path(tmp) / "before"
            cli_build(before_home, warehouse, code=before)
            rounds.insert(
                2, ("before, warm", lambda: cli_build(before_home, warehouse, code=before))
            )
        if os.environ.get("BENCH_WARM_ONLY"):
            rounds = [r for r in rounds if r[0] != "cold"]
        for _ in range(repeats):  # interleaved: each build next to a floor measured beside it
            for name, run in rounds:
                started = time.perf_counter()
                took = run()
                samples[name].append(took if took else time.perf_counter() - started)
        cli_build(warm_home, warehouse)  # leave the caches filled
    med = {k: statistics.median(v) for k, v in samples.items() if v}
    base = statistics.median(samples["floor"] + samples["floor'"])
    print(f"floor (read every input, write the public tables to a fresh DuckDB): {base:.2f} s")
    for name in [n for n in ("before, warm", "warm", "cold") if samples.get(n)]:
        ratios = [
            b / f
            for b, f in zip(
                samples[name], samples["floor'" if name == "cold" else "floor"], strict=True
            )
        ]
        print(
            f"make build, {name}: {med[name]:.1f} s = {med[name] / base:.1f}x floor "
            f"(per round: {', '.join(f'{r:.1f}x' for r in ratios)})"
        )
    if os.environ.get("BENCH_DETAIL"):
        old = median_time(baseline, repeats)
        work = median_time(pipeline, repeats)
        run = median_time(dagster_run, 1)
        print(f"read-only baseline {old:.3f} s; pipeline maths {work:.3f} s = {work / old:.1f}x")
        print(f"in-process Dagster run {run:.1f} s = {run / old:.1f}x read-only baseline")
    return 0


if __name__ == "__main__":
    sys.exit(main())
