"""Memory and time of the trend bootstrap (`fits.fit_exponential_trend`, 1,000 resamples) at
100x the data: the resamples drawn in blocks (as the pipeline does) against one draw of all of
them (as before), each in a fresh process on the same synthetic points, with the ratio.

Run: `python benchmarks/bootstrap_memory.py [POINTS]` (default 150,000 points: the training
compute trend at 100x). The one-draw baseline needs ~6 GB and about a minute at that size.
"""

from __future__ import annotations

import platform
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PROBE = r"""
import resource, sys, time
from datetime import date
import numpy as np
from pipelines.lib.trends import fits
n, one_draw = int(sys.argv[1]), sys.argv[2] == "1"
rng = np.random.default_rng(1)
start = date(2018, 1, 1).toordinal()
dates = [date.fromordinal(start + int(x)) for x in rng.integers(0, 2900, n)]
values = 10 ** (rng.normal(size=n) + np.arange(n) / n * 5)
if one_draw:
    fits.BOOTSTRAP_BLOCK_VALUES = 10**15
t = time.perf_counter()
fit = fits.fit_exponential_trend(dates, values)
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(time.perf_counter() - t, peak, fit.slope_ci[0], fit.slope_ci[1])
"""


def run(points: int, one_draw: bool) -> tuple[float, float, float, float]:
    out = subprocess.run(
        [sys.executable, "-c", PROBE, str(points), "1" if one_draw else "0"],
        cwd=ROOT,
        env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin"},
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split()
    return tuple(float(x) for x in out)


def main() -> None:
    points = int(sys.argv[1]) if len(sys.argv) > 1 else 150_000
    print(f"machine: {platform.machine()}, {platform.python_version()}; {points:,} points")
    blocks = run(points, one_draw=False)
    whole = run(points, one_draw=True)
    for name, r in (("one draw (before)", whole), ("blocks", blocks)):
        ci = f"{r[2]:.6g}..{r[3]:.6g}"
        print(f"{name:>18}: {r[0]:6.1f} s, peak RSS {r[1]:7.0f} MiB, slope CI {ci}")
    print(f"blocks / one draw: time {blocks[0] / whole[0]:.3f}x, peak {blocks[1] / whole[1]:.3f}x")
    print("same interval:", blocks[2:] == whole[2:])


if __name__ == "__main__":
    main()
