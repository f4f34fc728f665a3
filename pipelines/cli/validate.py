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
import os
import sys
import time
from pathlib import Path

from pipelines.cli import annotations
from pipelines.lib.ingest import verdicts
from pipelines.lib.ingest.aliases import AliasError, load_aliases, load_organizations
from pipelines.lib.ingest.dataset import load_dataset, load_entries, raw_inputs
from pipelines.lib.ingest.rawtree import REFERENCE_MAX_BYTES, RawFileError, RawProblem, read_bounded
from pipelines.lib.settings import models_dir, raw_dir
from pipelines.lib.staging.plausibility import RESOLUTIONS_FILE, load_resolutions
from pipelines.lib.upstream.manifest import load_errata


def reference_problems(
    raw: Path, skip: frozenset[Path] = frozenset(), cache: Path | None = None
) -> list[str]:
    """One `file:line: field: reason` per malformed reference file under `raw` (the pipeline
    reads them with the same loaders and stops on the same problems). `skip`: files already
    reported as unreadable (a link, a FIFO), so each problem is printed once. `cache`: a
    verdict cache file: a reference file that passed before, under the same bytes and code,
    is not parsed again (`pipelines/lib/ingest/verdicts.py`)."""
    checks = [
        ("aliases", raw / "aliases.yaml", lambda: load_aliases(raw / "aliases.yaml")),
        (
            "organizations",
            raw / "organizations.yaml",
            lambda: load_organizations(raw / "organizations.yaml"),
        ),
        ("resolutions", raw / RESOLUTIONS_FILE, lambda: load_resolutions(raw / RESOLUTIONS_FILE)),
        *[
            (f"errata {p.parent.name}", p, lambda folder=p.parent: load_errata(folder))
            for p in sorted((raw / "upstream").glob("*/ERRATA.yaml"))
        ],
    ]
    store = verdicts.VerdictCache(cache) if cache is not None else None
    keys: dict[Path, str] = {}
    for name, path, _ in checks:
        if store is not None and path not in skip:
            with contextlib.suppress(RawFileError):  # the loader reports it
                data = read_bounded(path, REFERENCE_MAX_BYTES)
                keys[path] = verdicts.reference_key(name, path, data)
    passed = store.get_many(keys.values()) if store is not None else {}
    problems = []
    for _, path, check in checks:
        if path in skip or keys.get(path) in passed:
            continue
        try:
            check()
        except AliasError as exc:
            problems.append(str(exc))
            continue
        if store is not None and path in keys:
            store.put(keys[path], "passed")
    if store is not None:
        store.close()
    return problems


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
    if args.paths or missing:
        found = [p for p in paths if os.path.lexists(p)]
        ds = load_dataset(found, cache=verdicts.CACHE_FILE, with_rows=False)
    else:  # the whole raw folder: records, and every entry anywhere in it that is not read
        entries = raw_inputs(raw_dir())
        unread = frozenset(e.path for e in entries if isinstance(e, RawProblem))
        ds = load_entries(entries, cache=verdicts.CACHE_FILE, with_rows=False)
    for problem in ds.problems:
        report(problem)
    references = [] if args.paths else reference_problems(raw_dir(), unread, verdicts.CACHE_FILE)
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


if __name__ == "__main__":
    sys.exit(main())
