"""Contributor check: `python -m pipelines.cli.validate [PATH...]` (also `make validate`).

Prints one `file:line: field: reason` per problem and exits 1 on any problem, 0 when clean.
Runs the same per-record and table-level rules as the pipeline, without starting Dagster.
Default PATH: the `models/` folder of `ATLAS_RAW_DIR`; a default run also reports every entry of
that raw folder that is not read (a link, a FIFO or device, `x.YAML` or `x.json` among the
records: `pipelines/lib/ingest/rawtree.py`) and checks the reviewed reference files beside it
(`aliases.yaml`, `organizations.yaml`, `suspicious_resolutions.yaml`, `upstream/*/ERRATA.yaml`).
"""

from __future__ import annotations

import argparse
import contextlib
import logging
import os
import sys
import time
from pathlib import Path

from pipelines.cli import annotations
from pipelines.lib.ingest import verdicts
from pipelines.lib.ingest.helper import Helper, HelperFailed
from pipelines.lib.settings import models_dir, raw_dir

LOG = logging.getLogger(__name__)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m pipelines.cli.validate", description=__doc__.split("\n")[0]
    )
    parser.add_argument("paths", nargs="*", type=Path, help="record files or folders")
    parser.add_argument("-q", "--quiet", action="store_true", help="print problems only")
    parser.add_argument(
        "--github",
        action="store_true",
        help="also print GitHub annotations (default when GITHUB_ACTIONS=true)",
    )
    args = parser.parse_args(argv)
    github = annotations.wanted(args.github)

    def report(problem: object) -> None:
        print(problem)
        if github:
            print(annotations.annotation(str(problem)))

    started = time.perf_counter()
    paths = args.paths or [models_dir()]
    missing = [p for p in paths if not os.path.lexists(p)]
    for p in missing:
        report(f"{p}: (file): no such file or folder")
    unread: frozenset[Path] = frozenset()
    default_run = not (args.paths or missing)
    with contextlib.ExitStack() as stack:
        # A default run over many records starts a helper process first: it checks the
        # reference files while this one imports the record and table code (pandera, polars:
        # ~0.7 s) and walks the raw folder, then checks its share of the records.
        helper = Helper.start() if default_run and _many_records() else None
        if helper is not None:
            stack.enter_context(helper)
            pending = helper.submit(
                "pipelines.lib.ingest.reference_files:reference_problems",
                raw_dir(),
                None,
                verdicts.CACHE_FILE,
            )
        from pipelines.lib.ingest.dataset import load_dataset, load_entries, raw_inputs
        from pipelines.lib.ingest.rawtree import RawProblem
        from pipelines.lib.ingest.reference_files import reference_problems

        references: list[str] | None = None  # None: not checked yet
        if not default_run:
            found = [p for p in paths if os.path.lexists(p)]
            ds = load_dataset(found, cache=verdicts.CACHE_FILE, with_rows=False)
            references = []  # only a default run checks the reference files
        else:  # the whole raw folder: records, every entry in it that is not read, references
            entries = raw_inputs(raw_dir())
            unread = frozenset(e.path for e in entries if isinstance(e, RawProblem))
            ds = load_entries(entries, cache=verdicts.CACHE_FILE, with_rows=False, helper=helper)
            if helper is not None:
                try:
                    references = pending.result()
                except HelperFailed as exc:
                    LOG.warning("reference files: %s; checking them here", exc)
    if references is None:
        references = reference_problems(raw_dir(), unread, verdicts.CACHE_FILE)
    for problem in ds.problems:
        report(problem)
    for problem in references:
        report(problem)
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


def _many_records() -> bool:
    """`record_files.many_records` of the records folder (imported here: the record code is
    imported once a helper, if any, is on its way)."""
    from pipelines.lib.ingest.record_files import many_records

    return many_records(models_dir())


if __name__ == "__main__":
    sys.exit(main())
