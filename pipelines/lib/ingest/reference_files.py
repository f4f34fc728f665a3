"""The reviewed reference files beside the records (`aliases.yaml`, `organizations.yaml`,
`suspicious_resolutions.yaml`, `upstream/*/ERRATA.yaml`), checked with the loaders the pipeline
reads them with: what `make validate` reports about them."""

from __future__ import annotations

import contextlib
import os
from pathlib import Path

from pipelines.lib.ingest import rawtree, verdicts
from pipelines.lib.ingest.aliases import AliasError, load_aliases, load_organizations
from pipelines.lib.ingest.rawtree import REFERENCE_MAX_BYTES, RawFileError, RawProblem, read_bounded
from pipelines.lib.staging.plausibility import RESOLUTIONS_FILE, load_resolutions
from pipelines.lib.upstream.manifest import load_errata


def reference_problems(
    raw: Path, skip: frozenset[Path] | None = frozenset(), cache: Path | None = None
) -> list[str]:
    """One `file:line: field: reason` per malformed reference file under `raw` (the pipeline
    reads them with the same loaders and stops on the same problems). `skip`: files already
    reported as unreadable (a link, a FIFO), so each problem is printed once; None: those the
    walk of the raw folder (`rawtree`) would report, found here (a helper process checks the
    reference files while the caller walks). `cache`: a verdict cache file: a reference file
    that passed before, under the same bytes and code, is not parsed again
    (`pipelines/lib/ingest/verdicts.py`)."""
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
    if skip is None:
        skip = frozenset(path for _, path, _ in checks if _unreadable(path))
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


def _unreadable(path: Path) -> bool:
    """True when the walk of the raw folder reports `path` as an entry it does not read (a
    link, a FIFO, too large: `rawtree.check`, as the walk calls it for a reference file)."""
    if not os.path.lexists(path):
        return False  # missing: the loader decides
    return isinstance(rawtree.check(path, path.name, REFERENCE_MAX_BYTES, "reference"), RawProblem)
