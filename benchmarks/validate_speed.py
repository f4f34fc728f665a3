"""How fast is `python -m pipelines.cli.validate` on the full data/raw?

Prints wall-clock medians of (a) the baseline: a Python process that only reads the same record
files (bytes + yaml.safe_load), and (b) the contributor check, each as a fresh subprocess, then the
ratio. Also scales the data set 20x (copies under a temp dir, ids renamed) to show how it grows.
Run: `make bench` (results belong in docs/benchmarks.md with the machine).

`--raw DIR`: instead, a contributor's default run (`make validate`) over the raw folder DIR (e.g.
`benchmarks/scale.py 100`'s tree), cold (the verdict cache emptied before each run: a fresh
clone) and warm (the cache the run before filled), against a baseline that reads every record
file with libyaml's loader; rounds interleaved. The repo's own cache is set aside and restored.
"""

from __future__ import annotations

import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
MODELS = ROOT / "data" / "raw" / "models"
BASELINE = (
    "import sys, yaml, pathlib\n"
    "for p in sorted(pathlib.Path(sys.argv[1]).rglob('*.yaml')):\n"
    "    yaml.safe_load(p.read_bytes())\n"
)


def _time(cmd: list[str], repeats: int) -> float:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    samples = []
    for _ in range(repeats):
        started = time.perf_counter()
        subprocess.run(cmd, cwd=ROOT, env=env, check=False, capture_output=True)
        samples.append(time.perf_counter() - started)
    return statistics.median(samples)


def _scaled_copy(factor: int, dest: Path) -> Path:
    """`factor` renamed copies of every record (ids and base_model links suffixed)."""
    for i in range(factor):
        for src in MODELS.rglob("*.yaml"):
            rid = f"{src.stem}-copy{i}"
            out = dest / src.parent.name / f"{rid}.yaml"
            out.parent.mkdir(parents=True, exist_ok=True)
            lines = [
                f"id: {rid}"
                if line == f"id: {src.stem}"
                else f"{line}-copy{i}"
                if line.startswith("base_model: ")
                else line
                for line in src.read_text().splitlines()
            ]
            out.write_text("\n".join(lines) + "\n")
    return dest


C_BASELINE = (
    "import sys, yaml, pathlib\n"
    "for p in sorted(pathlib.Path(sys.argv[1]).rglob('*.yaml')):\n"
    "    yaml.load(p.read_bytes(), Loader=yaml.CSafeLoader)\n"
)
CACHE = ROOT / ".dagster" / "cache" / "verdicts.sqlite"
CACHE_FILES = [CACHE.with_name(CACHE.name + suffix) for suffix in ("", "-wal", "-shm")]


def _empty_cache() -> None:
    for path in CACHE_FILES:
        path.unlink(missing_ok=True)


def raw_run(raw: Path, repeats: int) -> int:
    """Cold and warm default runs over `raw`, interleaved with the baseline, `repeats` rounds."""
    py = sys.executable
    env = {**os.environ, "PYTHONPATH": str(ROOT), "ATLAS_RAW_DIR": str(raw)}
    n = len(list((raw / "models").rglob("*.yaml")))
    print(
        f"machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}"
    )
    print(f"{raw} ({n} record files), {repeats} rounds")
    saved = [p.with_name(p.name + ".bench-saved") for p in CACHE_FILES]
    for path, aside in zip(CACHE_FILES, saved, strict=True):
        if path.exists():
            path.rename(aside)
    samples: dict[str, list[float]] = {"baseline": [], "cold": [], "warm": []}
    try:
        for _ in range(repeats):
            for kind in samples:
                if kind == "cold":
                    _empty_cache()
                cmd = (
                    [py, "-c", C_BASELINE, str(raw / "models")]
                    if kind == "baseline"
                    else [py, "-m", "pipelines.cli.validate", "-q"]
                )
                started = time.perf_counter()
                subprocess.run(cmd, cwd=ROOT, env=env, check=False, capture_output=True)
                samples[kind].append(time.perf_counter() - started)
    finally:
        _empty_cache()
        for path, aside in zip(CACHE_FILES, saved, strict=True):
            if aside.exists():
                aside.rename(path)
    base = statistics.median(samples["baseline"])
    for kind, times in samples.items():
        shown = " / ".join(f"{t:.2f}" for t in times)
        median = statistics.median(times)
        print(f"{kind:8s} {shown} s; median {median:.2f} s, {median / base:.2f}x the baseline")
    return 0


def main() -> int:
    repeats = int(os.environ.get("BENCH_REPEATS", "5"))
    if len(sys.argv) == 3 and sys.argv[1] == "--raw":
        return raw_run(Path(sys.argv[2]).resolve(), int(os.environ.get("BENCH_REPEATS", "3")))
    py = sys.executable
    n = len(list(MODELS.rglob("*.yaml")))
    print(
        f"machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}"
    )
    base = _time([py, "-c", BASELINE, str(MODELS)], repeats)
    check = _time([py, "-m", "pipelines.cli.validate", "-q", str(MODELS)], repeats)
    print(
        f"data/raw ({n} files): baseline read {base:.3f} s, validate {check:.3f} s, "
        f"ratio {check / base:.2f}x"
    )
    with tempfile.TemporaryDirectory() as tmp:
        big = _scaled_copy(20, Path(tmp) / "models")
        m = len(list(big.rglob("*.yaml")))
        base20 = _time([py, "-c", BASELINE, str(big)], repeats)
        check20 = _time([py, "-m", "pipelines.cli.validate", "-q", str(big)], repeats)
        print(
            f"20x ({m} files): baseline read {base20:.3f} s, validate {check20:.3f} s, "
            f"ratio {check20 / base20:.2f}x"
        )
        shutil.rmtree(big)
    return 0


if __name__ == "__main__":
    sys.exit(main())
