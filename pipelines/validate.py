"""Contributor check: `python -m pipelines.validate [PATH...]` (also `make validate`).

Prints one `file:line: field: reason` per problem and exits 1 on any problem, 0 when clean.
Runs the same per-record and table-level rules as the pipeline, without starting Dagster.
Default PATH: the `models/` folder of `ATLAS_RAW_DIR`; a default run also checks the reviewed
reference files beside it (`aliases.yaml`, `organizations.yaml`, `suspicious_resolutions.yaml`,
`upstream/*/ERRATA.yaml`).
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from pipelines.lib.aliases import AliasError, load_aliases, load_organizations
from pipelines.lib.dataset import load_dataset
from pipelines.lib.plausibility import RESOLUTIONS_FILE, load_resolutions
from pipelines.lib.settings import models_dir, raw_dir
from pipelines.lib.upstream.manifest import load_errata


def reference_problems(raw: Path) -> list[str]:
    """One `file:line: field: reason` per malformed reference file under `raw` (the pipeline
    reads them with the same loaders and stops on the same problems)."""
    checks = [
        lambda: load_aliases(raw / "aliases.yaml"),
        lambda: load_organizations(raw / "organizations.yaml"),
        lambda: load_resolutions(raw / RESOLUTIONS_FILE),
        *[
            (lambda folder=p.parent: load_errata(folder))
            for p in sorted((raw / "upstream").glob("*/ERRATA.yaml"))
        ],
    ]
    problems = []
    for check in checks:
        try:
            check()
        except AliasError as exc:
            problems.append(str(exc))
    return problems


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m pipelines.validate", description=__doc__.split("\n")[0]
    )
    parser.add_argument("paths", nargs="*", type=Path, help="record files or folders")
    parser.add_argument("-q", "--quiet", action="store_true", help="print problems only")
    args = parser.parse_args(argv)
    started = time.perf_counter()
    paths = args.paths or [models_dir()]
    missing = [p for p in paths if not p.exists()]
    for p in missing:
        print(f"{p}: (file): no such file or folder")
    ds = load_dataset([p for p in paths if p.exists()])
    for problem in ds.problems:
        print(problem)
    references = [] if args.paths else reference_problems(raw_dir())
    for problem in references:
        print(problem)
    n_bad = len(ds.rejected_files) + len(missing) + len(references)
    if not args.quiet:
        elapsed = time.perf_counter() - started
        print(
            f"{len(ds.files)} record files: {len(ds.accepted)} accepted, "
            f"{len(ds.rejected_files)} rejected, {len(ds.problems)} problems ({elapsed:.2f} s)",
            file=sys.stderr,
        )
    if not ds.files and not missing:
        print("no record files (*.yaml) found", file=sys.stderr)
        return 1
    return 1 if (ds.problems or n_bad) else 0


if __name__ == "__main__":
    sys.exit(main())
