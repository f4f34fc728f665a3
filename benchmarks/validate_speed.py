"""How fast is `python -m pipelines.cli.validate` on the full data/raw?

Prints wall-clock medians of (a) the baseline: a Python process that only reads the same record
files (bytes + yaml.safe_load), and (b) the contributor check, each as a fresh subprocess, then the
ratio. Also scales the data set 20x (copies under a temp dir, ids renamed) to show how it grows.
Run: `make bench` (results belong in docs/benchmarks.md with the machine).
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


def main() -> int:
    repeats = int(os.environ.get("BENCH_REPEATS", "5"))
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
