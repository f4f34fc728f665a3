"""Fill the upstream cache: `python -m pipelines.cli.upstream` (also `make upstream`).

Every file pinned in `data/raw/upstream/<source>/MANIFEST.yaml` is made present at
`data/raw/upstream/<source>/<file>` with its pinned sha256, from the cache, the mirror
(`ATLAS_UPSTREAM_MIRROR`, default `../shared/reference`) or the origin URL. Prints one line per
file fetched and exits 1, naming each missing file and how to provide it, when any cannot be had.
`make build`, `make run`, `make test` and the Dagster job all run this same step first.
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter

from pipelines.lib.settings import raw_dir
from pipelines.lib.upstream.cache import failure_message, materialize


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m pipelines.cli.upstream", description=__doc__.split("\n")[0]
    )
    parser.add_argument("-q", "--quiet", action="store_true", help="print problems only")
    args = parser.parse_args(argv)
    outcomes = materialize(raw_dir() / "upstream")
    for o in outcomes:
        if o.ok and o.status != "cached" and not args.quiet:
            print(f"{o.pin.relative}: {o.status} ({o.reason})")
    message = failure_message(outcomes)
    if message:
        print(message, file=sys.stderr)
        return 1
    if not args.quiet:
        counts = Counter(o.status for o in outcomes)
        print(
            f"upstream cache: {len(outcomes)} pinned files present "
            + ", ".join(f"{n} {s}" for s, n in sorted(counts.items()))
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
