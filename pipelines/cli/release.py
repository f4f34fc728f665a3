"""Build a data release folder: `python -m pipelines.cli.release` (also `make release`).

Writes `<--out>/<YYYY.MM.DD>/` from the published warehouse (`ATLAS_WAREHOUSE`): the DuckDB file,
one Parquet and one CSV per public table, CHANGELOG.md, datapackage.json and CITATION.cff
(`pipelines/lib/publish/release.py`). Prints the folder; exits 1 with a message on a problem.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from pipelines.lib.publish.release import ReleaseError, build_release
from pipelines.lib.settings import REPO_ROOT, warehouse_path


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m pipelines.cli.release", description=__doc__.split("\n")[0]
    )
    parser.add_argument("--warehouse", type=Path, default=None, help="default: ATLAS_WAREHOUSE")
    parser.add_argument("--out", type=Path, default=REPO_ROOT / "release", help="parent folder")
    parser.add_argument("--version", default=None, help="default: CalVer of the build date")
    args = parser.parse_args(argv)
    try:
        folder = build_release(args.warehouse or warehouse_path(), args.out, args.version)
    except ReleaseError as exc:
        print(f"make release: {exc}", file=sys.stderr)
        return 1
    print(folder)
    return 0


if __name__ == "__main__":
    sys.exit(main())
