"""Shared fixtures: real record files, a real Dagster run, a real DuckDB file."""

from __future__ import annotations

import hashlib
import logging
import os
import pickle
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import dagster as dg
import pytest

REPO_ROOT = Path(__file__).resolve().parents[1]
RAW_DIR = REPO_ROOT / "data" / "raw"
FIXTURES = Path(__file__).resolve().parent / "fixtures"


@contextmanager
def atlas_env(raw_dir: Path, warehouse: Path) -> Iterator[None]:
    """Point ATLAS_RAW_DIR / ATLAS_WAREHOUSE somewhere else for the duration."""
    saved = {k: os.environ.get(k) for k in ("ATLAS_RAW_DIR", "ATLAS_WAREHOUSE")}
    os.environ["ATLAS_RAW_DIR"] = str(raw_dir)
    os.environ["ATLAS_WAREHOUSE"] = str(warehouse)
    try:
        yield
    finally:
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value


def build_warehouse(raw_dir: Path, warehouse: Path) -> dg.ExecuteInProcessResult:
    """Materialize every asset (and run every check) through Dagster, in process, against a
    temporary instance configured by the repo's dagster.yaml (`repo_instance`), honouring
    ATLAS_RAW_DIR / ATLAS_WAREHOUSE like `make build`."""
    from pipelines.dagster_instance import repo_instance
    from pipelines.definitions import defs

    logging.getLogger("dagster").setLevel(logging.WARNING)
    with atlas_env(raw_dir, warehouse):
        job = defs().resolve_job_def("warehouse_build")
        with repo_instance() as instance:
            return job.execute_in_process(instance=instance, raise_on_error=False)


def check_results(result) -> dict[str, bool]:
    """Every asset check's result by name, from a run result or a `SharedBuild`."""
    if isinstance(result, SharedBuild):
        return dict(result.checks)
    return {e.check_name: e.passed for e in result.get_asset_check_evaluations()}


def _link_or_copy(src: str, dst: str) -> None:
    import shutil

    try:
        os.link(src, dst)
    except OSError:
        shutil.copy2(src, dst)


def add_upstream(raw: Path, cut: bool = False) -> Path:
    """`raw/upstream`: the committed MANIFESTs and the cached pinned files, as hard links where
    the file system allows (fast, read-only use), else copies. Not a symlink: the raw folder's
    walk never follows links (a linked folder is a problem in `rejects`). With `cut`, the
    upstreams cut to the rows tests/fixtures/upstream/cuts.yaml names (`upstream_cut_tree`):
    for tests about the build itself (crash, fault, reader drills; hostile records), where a
    build over thousands of upstream rows proves nothing more than one over a few dozen."""
    import shutil

    shutil.copytree(
        upstream_cut_tree() if cut else RAW_DIR / "upstream",
        raw / "upstream",
        copy_function=_link_or_copy,
        ignore=shutil.ignore_patterns(".*"),
    )
    return raw


def fixture_raw_dir(tmp_path: Path, records: Path | None = None, cut: bool = False) -> Path:
    """A raw folder with the given record files (default: the good fixtures) and the pinned
    upstream snapshots, whole or cut (`add_upstream`)."""
    import shutil

    raw = tmp_path / "raw"
    shutil.copytree(records or FIXTURES / "records" / "good", raw / "models")
    return add_upstream(raw, cut=cut)


# --- Scheduling ---------------------------------------------------------------------------------
# pytest-xdist `--dist loadfile` hands out whole files in collection order (pyproject's addopts
# turn off its own reordering by test count, which put the few-test, many-build files last and
# left one worker running them alone). The files below, measured slowest (docs/benchmarks.md,
# "Test suite", 2026-12-06), go first, heaviest first, so the light files fill in around them;
# the other files follow, those with more tests first. The first two differ in the build they
# wait for (the real data set; the fixture records), so the workers start two builds at once.
# The browser tests are two files (pages; links and controls) so both workers drive one.
SLOWEST_FILES = (
    "tests/dashboard/test_browser_pages.py",
    "tests/pipelines/test_crash_safety.py",
    "tests/dashboard/test_browser.py",
    "tests/pipelines/test_build.py",
    "tests/dashboard/test_app.py",
    "tests/pipelines/test_build_faults.py",
    "tests/pipelines/test_hardening.py",
    "tests/pipelines/test_diff.py",
    "tests/pipelines/test_refresh.py",
    "tests/pipelines/test_rawtree.py",
    "tests/pipelines/test_changes.py",
)


def pytest_addoption(parser) -> None:
    parser.addoption(
        "--screenshots",
        action="store_true",
        help="the browser tests also re-take docs/screenshots/ (`make screenshots`)",
    )


def pytest_collection_modifyitems(config, items) -> None:
    """Order files slowest first (`SLOWEST_FILES`, then by number of tests); the order of the
    tests inside a file is kept."""
    counts: dict[str, int] = {}
    for item in items:
        counts[item.nodeid.split("::", 1)[0]] = counts.get(item.nodeid.split("::", 1)[0], 0) + 1
    rank = {name: i for i, name in enumerate(SLOWEST_FILES)}

    def key(indexed: tuple[int, pytest.Item]) -> tuple[int, int, int]:
        index, item = indexed
        name = item.nodeid.split("::", 1)[0]
        return (rank.get(name, len(rank)), -counts[name], index)

    items[:] = [item for _, item in sorted(enumerate(items), key=key)]


# --- Shared builds ------------------------------------------------------------------------------
# A full build is the suite's dominant cost. Tests that only read a warehouse share one build per
# distinct raw folder per session, also across pytest-xdist workers: the first worker to need it
# builds under a file lock into a folder keyed by the hash of the raw folder's inputs; the others
# wait and read. A test that changes a warehouse copies it first (`copy_warehouse`).


@dataclass(frozen=True)
class SharedBuild:
    """What a shared build left: the published file, and its run's outcome (picklable, so it
    crosses worker processes): success, run id, and every asset check's result by name."""

    warehouse: Path
    raw: Path
    success: bool
    run_id: str
    checks: dict[str, bool]
    started_from: str = ""  # the build_manifest's `started_from` (a fresh build: "scratch: ...")
    engine_failures: tuple[str, ...] = ()  # Dagster's own "... failed." events (a teardown)


def raw_key(raw: Path) -> str:
    """sha256 over a raw folder's inputs: every file's relative path and bytes, except the cached
    upstream data files, which stand in by their MANIFEST (the build checks each file's pinned
    sha256 before reading it)."""
    digest = hashlib.sha256()
    for path in sorted(p for p in raw.rglob("*") if p.is_file()):
        rel = path.relative_to(raw).as_posix()
        if rel.startswith("upstream/") and path.name != "MANIFEST.yaml":
            continue
        digest.update(rel.encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()[:16]


def _shared_root(tmp_path_factory) -> Path:
    """One folder per session, the same for every xdist worker (the workers' base temp folders
    are siblings under the session's own)."""
    base = tmp_path_factory.getbasetemp()
    root = (base.parent if os.environ.get("PYTEST_XDIST_WORKER") else base) / "shared-builds"
    root.mkdir(parents=True, exist_ok=True)
    return root


def shared_build(tmp_path_factory, raw: Path) -> SharedBuild:
    """Build `raw` once per session through Dagster (`build_warehouse`) and return the outcome;
    every later call with the same inputs, in any worker, gets the same published file."""
    from filelock import FileLock

    root = _shared_root(tmp_path_factory)
    key = raw_key(raw)
    folder = root / key
    with FileLock(str(root / f"{key}.lock")):
        outcome = folder / "outcome.pickle"
        if not outcome.exists():
            warehouse = folder / "wh" / "atlas.duckdb"
            result = build_warehouse(raw, warehouse)
            manifest = result.asset_materializations_for_node("build_manifest")
            started = manifest[0].metadata["started_from"].value if manifest else ""
            failures = tuple(
                e.message or ""
                for e in result.all_events
                if e.event_type_value == "ENGINE_EVENT" and "failed" in (e.message or "")
            )
            done = SharedBuild(
                warehouse,
                raw,
                result.success,
                result.run_id,
                check_results(result),
                started,
                failures,
            )
            outcome.write_bytes(pickle.dumps(done))
        return pickle.loads(outcome.read_bytes())


def copy_warehouse(source: Path, target: Path) -> Path:
    """A private copy of a shared build's published file, for a test that builds over it."""
    import shutil

    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copy2(source, target)
    return target


@pytest.fixture(scope="session")
def built(tmp_path_factory) -> tuple[Path, SharedBuild]:
    """The real data set under data/raw built once per session: (warehouse path, outcome)."""
    done = shared_build(tmp_path_factory, RAW_DIR)
    return done.warehouse, done


@pytest.fixture(scope="session")
def fixture_built(tmp_path_factory) -> SharedBuild:
    """The good fixture records with the cut upstreams (`fixture_raw_dir(cut=True)`), built once
    per session: tests that read it, or copy it and build over it, need not build it again.
    Its users test the build itself (changes, crash, fault and reader drills, hostile entries,
    an empty warehouse's pages), which a few dozen upstream rows exercise as well as thousands."""
    raw = fixture_raw_dir(tmp_path_factory.mktemp("fixture-raw"), cut=True)
    done = shared_build(tmp_path_factory, raw)
    assert done.success, "building the fixture records failed"
    return done


@pytest.fixture(scope="session")
def warehouse(built) -> Path:
    path, result = built
    assert result.success, "building the real data set failed"
    return path


# --- Upstream excerpts -------------------------------------------------------------------------
# Third-party rows are not committed: tests/fixtures/upstream/cuts.yaml names, per excerpt file,
# the pinned upstream file (data/raw/upstream/<source>/<file>, put there by `make upstream`) and
# the keys of the rows to keep; `upstream_excerpts` cuts them at test time.

UPSTREAM_CUTS = FIXTURES / "upstream" / "cuts.yaml"


def _csv_records(text: str) -> Iterator[tuple[str, list[str]]]:
    """(raw text, parsed row) per CSV record, the raw text byte-exact (quotes, line ends)."""
    import csv
    import io

    consumed: list[str] = []

    def lines() -> Iterator[str]:
        for line in io.StringIO(text, newline=""):
            consumed.append(line)
            yield line

    for row in csv.reader(lines()):
        raw = "".join(consumed)
        consumed.clear()
        yield raw, row


def _cut_csv(source: Path, spec: dict) -> str:
    text = source.read_bytes().decode("utf-8")
    bom = "\ufeff" if text.startswith("\ufeff") else ""
    records = _csv_records(text[len(bom) :])
    header_raw, header = next(records)
    column = header.index(spec["key"])
    keys = [str(k) for k in spec["keys"]]
    matches: dict[str, list[str]] = {k: [] for k in keys}
    picked: list[str] = []
    for raw, row in records:
        if len(row) > column and row[column] in matches:
            matches[row[column]].append(raw)
            picked.append(raw)
    absent = [k for k, rows in matches.items() if not rows]
    if absent:
        pytest.fail(f"{source}: no row with {spec['key']} = {absent} (cuts.yaml)", pytrace=False)
    if spec.get("order", "source") == "keys":
        picked = [raw for k in keys for raw in matches[k]]
    return bom + header_raw + "".join(picked)


def _cut_json(source: Path, spec: dict) -> str:
    """A JSON map cut to its top-level `keys`; with `items: <list>` and `key`, an API object
    cut to the list items whose `key` is one of `keys` (OpenRouter's `data`); with `nested:
    <list>` and `key`, a list of groups cut to the nested items named `<group key>/<item key>`
    (genai-prices' providers and their models). Always in the order of `keys`."""
    import json

    data = json.loads(source.read_text(encoding="utf-8"))
    keys = [str(k) for k in spec["keys"]]
    if "items" in spec or "nested" in spec:
        field = spec["key"]
        if "items" in spec:
            found = {str(item.get(field)): item for item in data[spec["items"]]}
        else:
            found = {
                f"{group.get(field)}/{item.get(field)}": (group, item)
                for group in data
                for item in group[spec["nested"]]
            }
        absent = [k for k in keys if k not in found]
        if absent:
            pytest.fail(f"{source}: no item with {field} = {absent} (cuts.yaml)", pytrace=False)
        if "items" in spec:
            out: object = {spec["items"]: [found[k] for k in keys]}
        else:
            groups: dict[str, dict] = {}
            for k in keys:
                group, item = found[k]
                gid = str(group.get(field))
                if gid not in groups:
                    groups[gid] = {**group, spec["nested"]: []}
                groups[gid][spec["nested"]].append(item)
            out = list(groups.values())
        return json.dumps(out, indent=2, ensure_ascii=False) + "\n"
    absent = [k for k in spec["keys"] if k not in data]
    if absent:
        pytest.fail(f"{source}: no key {absent} (cuts.yaml)", pytrace=False)
    return json.dumps({k: data[k] for k in spec["keys"]}, indent=2, ensure_ascii=False) + "\n"


def cut_upstream(
    out: Path, cuts: Path = UPSTREAM_CUTS, upstream: Path = RAW_DIR / "upstream"
) -> Path:
    """Write every excerpt cuts.yaml names into `out` (same file names as before) and return it."""
    import yaml

    for name, spec in yaml.safe_load(cuts.read_text(encoding="utf-8")).items():
        source = upstream / spec["source"]
        if not source.is_file():
            pytest.fail(
                f"pinned upstream file {source} is missing (needed for test excerpt {name}): "
                "run `make upstream` (fetches what data/raw/upstream/*/MANIFEST.yaml pins)",
                pytrace=False,
            )
        cut = _cut_json if name.endswith(".json") else _cut_csv
        (out / name).write_bytes(cut(source, spec).encode("utf-8"))
    return out


@pytest.fixture(scope="session")
def upstream_excerpts(tmp_path_factory) -> Path:
    """A directory holding the small upstream excerpts the parser tests read, cut from the cached
    pinned files per tests/fixtures/upstream/cuts.yaml (fails, not skips, when one is missing)."""
    return cut_upstream(tmp_path_factory.mktemp("upstream_excerpts"))


_CUT_TREE: list[Path] = []


def upstream_cut_tree() -> Path:
    """An upstream folder like data/raw/upstream, each pinned file that cuts.yaml excerpts
    replaced by the union of its excerpts (real rows, byte-exact) and re-pinned in its copy of
    the MANIFEST (sha256, bytes, rows), so the build reads it as a pinned snapshot; the other
    files hard-linked. Made once per process, in a temporary folder removed at exit."""
    import atexit
    import shutil
    import tempfile

    import yaml

    from pipelines.lib.upstream.manifest import count_rows, sha256_of

    if _CUT_TREE:
        return _CUT_TREE[0]
    specs: dict[str, dict] = {}
    for name, spec in yaml.safe_load(UPSTREAM_CUTS.read_text(encoding="utf-8")).items():
        merged = specs.setdefault(spec["source"], {**spec, "keys": []})
        if merged.get("key") != spec.get("key"):
            pytest.fail(f"cuts.yaml: {name} cuts {spec['source']} by another key", pytrace=False)
        merged["keys"] = list(dict.fromkeys([*merged["keys"], *spec["keys"]]))
    root = Path(tempfile.mkdtemp(prefix="atlas-upstream-cut-"))
    atexit.register(shutil.rmtree, root, True)
    out = root / "upstream"
    shutil.copytree(
        RAW_DIR / "upstream", out, copy_function=_link_or_copy, ignore=shutil.ignore_patterns(".*")
    )
    for manifest_path in sorted(out.glob("*/MANIFEST.yaml")):
        folder = manifest_path.parent
        manifest = yaml.safe_load(manifest_path.read_text(encoding="utf-8"))
        for entry in manifest["files"]:
            spec = specs.get(f"{folder.name}/{entry['path']}")
            path = folder / entry["path"]
            if spec is None:
                continue
            if not path.is_file():
                pytest.fail(
                    f"pinned upstream file {path} is missing: run `make upstream`", pytrace=False
                )
            cut = (_cut_json if path.suffix == ".json" else _cut_csv)(path, spec)
            path.unlink()  # a hard link to the cache: replace, never write through
            path.write_bytes(cut.encode("utf-8"))
            entry.update(sha256=sha256_of(path), bytes=path.stat().st_size, rows=count_rows(path))
        manifest_path.unlink()
        manifest_path.write_text(
            yaml.safe_dump(manifest, sort_keys=False, allow_unicode=True), encoding="utf-8"
        )
    _CUT_TREE.append(out)
    return out
