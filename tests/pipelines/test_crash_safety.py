"""The real build command (`make build`'s `dagster job execute`) in one drill over one published
file: two builds at once and then kill -9 at random points, with readers querying the file all
along; then a full disk (RLIMIT_FSIZE: writes past the limit fail with EFBIG, as on a full disk)
while copying the published file and while writing one from scratch; then one build alone, in a
minimal environment, over what all of these left. Bounded and seeded; the long soak is
benchmarks/soak_publish.py. One drill, not one per test: each phase's builds are real, and the
next phase starts from what the last left (docs/benchmarks.md, "Test suite")."""

import resource
import subprocess
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import dagster as dg
import duckdb
import pytest

from pipelines.cli.soak import (
    ConcurrentReport,
    KillReport,
    ReaderReport,
    build_command,
    concurrent_builds,
    kill_drill,
    published_run,
    reading,
)
from pipelines.dagster_instance import KeptOpenSqliteEventLogStorage

from ..conftest import REPO_ROOT, SharedBuild, copy_warehouse, fixture_raw_dir


@dataclass
class FullDisk:
    start: str  # "copy": the published file is copied; "scratch": there is none
    proc: subprocess.CompletedProcess
    new: list[str]  # build files beside the warehouse that were not there before this build
    empty: bool  # every one of them is empty
    published_before: str | None
    published_after: str | None


@dataclass
class Drill:
    shared: SharedBuild  # the session's build of these inputs, which the drill starts from
    models: int  # `models` rows in that build
    warehouse: Path
    home: Path
    readers: ReaderReport
    pair: ConcurrentReport
    after_pair: str | None  # the published run after the two builds at once
    kills: KillReport
    after_kills: str | None
    left_by_kills: set[str]  # build files killed runs left beside the warehouse
    full_disk: list[FullDisk]
    last: subprocess.CompletedProcess  # the build alone, after the kills and the full disk


def _build_files(warehouse: Path) -> set[str]:
    return {p.name for p in warehouse.parent.iterdir() if ".build-" in p.name}


def _limited(limit: int):
    def apply() -> None:  # Python ignores SIGXFSZ: a write past the limit fails with EFBIG
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))

    return apply


def _full_disk(raw: Path, warehouse: Path, home: Path) -> list[FullDisk]:
    """The build with room for half the published file: it fails copying that file; then,
    with no published file, it fails later (at publish's CHECKPOINT)."""
    limit = warehouse.stat().st_size // 2
    runs = []
    for start in ("copy", "scratch"):
        if start == "scratch":
            warehouse.unlink()
        before, published = _build_files(warehouse), published_run(warehouse)
        command, env = build_command(raw, warehouse, home)
        proc = subprocess.run(
            command,
            cwd=home,
            env=env,
            capture_output=True,
            text=True,
            timeout=900,
            preexec_fn=_limited(limit),
        )
        new = sorted(_build_files(warehouse) - before)
        empty = all((warehouse.parent / name).stat().st_size == 0 for name in new)
        runs.append(FullDisk(start, proc, new, empty, published, published_run(warehouse)))
    return runs


def _minimal_env(raw: Path, warehouse: Path, home: Path, tmp: Path) -> dict[str, str]:
    """What `make build` needs and nothing else: no stray variable may be what makes it work."""
    return {
        "PATH": str(REPO_ROOT / ".venv" / "bin") + ":/usr/bin:/bin",
        "DAGSTER_HOME": str(home),
        "ATLAS_RAW_DIR": str(raw),
        "ATLAS_WAREHOUSE": str(warehouse),
        "PYTHONPATH": str(REPO_ROOT),
        "HOME": str(tmp),
    }


@pytest.fixture(scope="module")
def drill(tmp_path_factory, fixture_built) -> Drill:
    tmp = tmp_path_factory.mktemp("drill")
    raw = fixture_raw_dir(tmp, cut=True)  # the inputs of the shared `fixture_built`
    # Readers start on a published copy of the shared build; every build under them is real.
    warehouse = copy_warehouse(fixture_built.warehouse, tmp / "wh" / "atlas.duckdb")
    home = tmp / "home"  # gets the repo's dagster.yaml (soak.build_command)
    with duckdb.connect(str(warehouse), read_only=True) as con:
        models = con.execute("SELECT count(*) FROM models").fetchall()[0][0]
    with reading(warehouse, readers=2, pause=0.1) as readers:
        pair = concurrent_builds(raw, warehouse, home, rounds=1)
        after_pair = published_run(warehouse)
        # the build alone below is the clean build after the kills
        kills = kill_drill(
            raw, warehouse, home, iterations=3, seed=20261125, max_delay=8.0, clean_build=False
        )
        after_kills = published_run(warehouse)
    left_by_kills = _build_files(warehouse)
    # a Dagster home of its own, as a first build's: the limit is about the warehouse's files,
    # not the run history the drill's builds above have grown in theirs
    full_disk = _full_disk(raw, warehouse, tmp / "home-full-disk")
    # the disk has room again: the clean build after the kills, over what the failures left
    command, _ = build_command(raw, warehouse, home)  # its environment is the soak's
    last = subprocess.run(
        command,
        cwd=home,  # as `make build` runs it from the folder holding dagster.yaml
        env=_minimal_env(raw, warehouse, home, tmp),
        capture_output=True,
        text=True,
        timeout=600,
    )
    return Drill(
        fixture_built,
        models,
        warehouse,
        home,
        readers,
        pair,
        after_pair,
        kills,
        after_kills,
        left_by_kills,
        full_disk,
        last,
    )


@pytest.mark.slow
def test_two_builds_at_once_both_succeed_and_publish_whole(drill):
    """The decision (docs/reliability.md): per-writer names, no lock; the later publish wins.
    `concurrent_builds` also checks the published file is one whole build and nothing is left
    beside it."""
    assert drill.pair.problems == []
    assert drill.pair.succeeded == 2
    assert drill.after_pair not in (None, drill.shared.run_id)


@pytest.mark.slow
def test_kill_dash_nine_never_breaks_the_published_warehouse(drill):
    assert drill.kills.problems == []  # after every kill: the previous or a new whole build
    assert drill.kills.iterations == 3
    assert drill.kills.kept_previous + drill.kills.published_new == 3
    assert drill.last.returncode == 0, drill.last.stderr[-3000:]
    assert published_run(drill.warehouse) not in (None, drill.after_kills)  # the clean build won
    # Killed runs may leave their private build file (swept once stale, see
    # tests/pipelines/test_warehouse.py); the clean build leaves none of its own.
    last = published_run(drill.warehouse)
    leftovers = _build_files(drill.warehouse)
    assert all(n.startswith("atlas.duckdb.build-") and last not in n for n in leftovers), leftovers


@pytest.mark.slow
def test_readers_see_no_error_during_builds(drill):
    """Readers, each opening the published file afresh in a loop, never error, never block a
    publish (every build above succeeds) and only ever see a whole build: the same models as
    the shared build of these inputs, never a half-written table."""
    assert drill.models > 0
    assert drill.readers.errors == []
    assert drill.readers.reads > 10  # the readers read all along
    assert drill.readers.model_counts == {drill.models}


@pytest.mark.slow
def test_make_build_cli_uses_root_dagster_yaml(drill):
    """The real command line (`dagster job execute -j warehouse_build`, as `make build` runs it)
    in a minimal environment, against an instance configured by the repo's dagster.yaml,
    honouring ATLAS_* overrides: its run is recorded where that dagster.yaml says. The console
    says what was published and leaves Dagster's per-event DEBUG lines to the run's event log,
    which keeps every event (pipelines/defs/console.py)."""
    assert drill.last.returncode == 0, drill.last.stderr[-3000:]
    run_id = published_run(drill.warehouse)
    assert run_id in drill.last.stderr
    assert f"published {drill.warehouse}: " in drill.last.stderr
    assert " - DEBUG - " not in drill.last.stderr
    runs = drill.home / ".dagster" / "storage" / "history" / "runs"
    assert (runs / f"{run_id}.db").is_file(), "storage must follow dagster.yaml"
    storage = KeptOpenSqliteEventLogStorage(str(runs))
    try:
        events = storage.get_logs_for_run(run_id)
        kinds = Counter(e.dagster_event.event_type_value for e in events if e.dagster_event)
    finally:
        storage.dispose()
    assert kinds[dg.DagsterEventType.RUN_SUCCESS.value] == 1, kinds
    assert kinds["STEP_START"] == kinds["STEP_SUCCESS"] > 50, kinds
    with duckdb.connect(str(drill.warehouse), read_only=True) as con:
        assert con.execute("SELECT count(*) FROM raw_model_records").fetchone()[0] == 2


@pytest.mark.slow
def test_a_full_disk_leaves_nothing_behind(drill):
    copy, scratch = drill.full_disk
    for run in (copy, scratch):  # the copy fails; or writing from scratch fails later
        assert run.proc.returncode != 0, run.start
        assert "File too large" in run.proc.stdout + run.proc.stderr, run.start
        # before: a 23 MB build file and a partial `.copy`; now only the run's empty mark
        assert run.new and all(name.endswith(".failed") for name in run.new), run.new
        assert run.empty, run.new
    assert copy.published_before is not None
    assert copy.published_after == copy.published_before  # readers still have the last good one
    assert scratch.published_before is None and scratch.published_after is None
    # the disk has room again: the next build works over what the failed ones left, and
    # removes their marks (only the killed runs' build files, not yet stale, stay)
    assert drill.last.returncode == 0, drill.last.stderr[-3000:]
    assert _build_files(drill.warehouse) <= drill.left_by_kills
    with duckdb.connect(str(drill.warehouse), read_only=True) as con:
        assert con.execute("SELECT count(*) FROM models").fetchall()[0][0] == drill.models
