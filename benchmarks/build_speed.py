"""How long does the full build take, against just reading the same input files?

Baseline: read every record YAML (yaml.safe_load) and every upstream snapshot (polars / json),
nothing else. Measured: (a) the pipeline's plain-Python work — validate records, parse and
validate each upstream with its pandera schema, build claims, resolve, assemble `models`, trends;
(b) the whole Dagster run (`make build` minus process start-up) into a temporary warehouse.
Prints medians and ratios; results go in docs/benchmarks.md.
"""

from __future__ import annotations

import json
import logging
import os
import platform
import statistics
import sys
import tempfile
import time
from pathlib import Path

import polars as pl
import yaml

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from pipelines.lib.ingest.aliases import load_aliases, load_organizations  # noqa: E402
from pipelines.lib.ingest.dataset import load_dataset  # noqa: E402
from pipelines.lib.staging import resolution as rs  # noqa: E402
from pipelines.lib.trends import allocation, frontier  # noqa: E402
from pipelines.lib.upstream.manifest import load_errata  # noqa: E402

RAW = ROOT / "data" / "raw"


def baseline() -> None:
    for path in sorted((RAW / "models").rglob("*.yaml")):
        yaml.safe_load(path.read_bytes())
    for rel, _ in rs.UPSTREAM_FILES.values():
        path = RAW / "upstream" / rel
        if path.suffix == ".json":
            json.loads(path.read_bytes())
        else:
            pl.read_csv(path, infer_schema=False, encoding="utf8-lossy")


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
    import dagster as dg

    from pipelines.definitions import defs

    with tempfile.TemporaryDirectory() as tmp:
        os.environ["ATLAS_WAREHOUSE"] = str(Path(tmp) / "atlas.duckdb")
        job = defs().resolve_job_def("warehouse_build")
        with dg.instance_for_test() as instance:
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
    repeats = int(os.environ.get("BENCH_REPEATS", "5"))
    print(
        f"machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}"
    )
    base = median_time(baseline, repeats)
    work = median_time(pipeline, repeats)
    run = median_time(dagster_run, max(1, repeats // 2))
    print(f"baseline (read inputs only): {base:.3f} s")
    print(
        f"pipeline maths (validate, parse, claims, resolve, trends): {work:.3f} s "
        f"= {work / base:.1f}x baseline"
    )
    print(
        f"full Dagster run (every asset and check, publish): {run:.3f} s "
        f"= {run / base:.1f}x baseline"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
