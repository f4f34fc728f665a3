"""Hostile entries under data/raw: links, FIFOs, devices, wrong names. Each is reported with its
file and reason by `make validate` (exit 1) and lands in `rejects` after a real build; nothing is
read from outside the tree, nothing blocks, nothing is hashed that is not read. The same build
holds bad record files (a YAML bomb, binary, empty, a score of 1e400) and an alias to a model no
source defines, each landing where it belongs."""

import os
import shutil
import signal
import subprocess
import sys
from contextlib import contextmanager
from pathlib import Path

import duckdb
import pytest

from pipelines.lib.ingest import rawtree
from pipelines.lib.ingest.dataset import load_raw
from pipelines.lib.publish.changes import input_files

from ..conftest import FIXTURES, REPO_ROOT, build_warehouse, check_results, fixture_raw_dir

GOOD = FIXTURES / "records" / "good"
SECRET = "secret-outside-the-tree"


@contextmanager
def _deadline(seconds: int = 300):
    """A FIFO opened for reading blocks forever: fail in 5 minutes instead of hanging the suite."""

    def timeout(*_):
        raise TimeoutError("blocked: something opened a FIFO or read without bound")

    old = signal.signal(signal.SIGALRM, timeout)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, old)


@pytest.fixture(autouse=True)
def _finish_fast():
    with _deadline():
        yield


def hostile_raw(tmp_path: Path) -> tuple[Path, dict[str, str]]:
    """The fixture raw folder plus one of each hostile entry: {name under raw: reason part}."""
    raw = fixture_raw_dir(tmp_path, cut=True)  # the inputs of the shared `fixture_built`
    models = raw / "models"
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "leak.yaml").write_text(f"id: leak\nname: {SECRET}\n")
    linked = outside / "linked-org"
    shutil.copytree(GOOD / "meta", linked)
    (linked / "llama-2-70b.yaml").rename(linked / "linked-llama.yaml")
    bad = models / "bad"
    bad.mkdir()
    (bad / "zero.yaml").symlink_to("/dev/zero")
    (bad / "dangling.yaml").symlink_to(tmp_path / "nowhere.yaml")
    os.mkfifo(bad / "pipe.yaml")
    (bad / "leak.yaml").symlink_to(outside / "leak.yaml")
    (models / "linked-org").symlink_to(linked, target_is_directory=True)
    llama = (GOOD / "meta" / "llama-2-70b.yaml").read_text()
    (bad / "shouty.YAML").write_text(llama.replace("id: llama-2-70b", "id: shouty"))
    (bad / "record.json").write_text('{"id": "record"}')
    os.mkfifo(raw / "stray-pipe")  # outside models/: still reported, never opened
    return raw, {
        "models/bad/zero.yaml": "symbolic link to /dev/zero: not followed",
        "models/bad/dangling.yaml": "which does not exist: not followed",
        "models/bad/pipe.yaml": "a named pipe (FIFO), not a regular file: not read",
        "models/bad/leak.yaml": f"symbolic link to {outside / 'leak.yaml'}: not followed",
        "models/linked-org": f"symbolic link to {linked}: not followed",
        "models/bad/shouty.YAML": "not a record file name: use shouty.yaml",
        "models/bad/record.json": "not a record file name: use record.yaml",
        "stray-pipe": "a named pipe (FIFO), not a regular file: not read",
    }


def test_scan_reports_each_hostile_entry_and_reads_nothing_outside(tmp_path):
    raw, expected = hostile_raw(tmp_path)
    files, problems = rawtree.split(rawtree.scan(raw))
    reasons = {p.name: p.reason for p in problems}
    assert set(reasons) == set(expected)
    for name, part in expected.items():
        assert part in reasons[name], (name, reasons[name])
    names = {f.name for f in files}
    assert {"models/meta/llama-2-70b.yaml", "models/mistral-ai/mixtral-8x7b.yaml"} <= names
    assert not any("linked" in n or n.startswith("models/bad/") for n in names)
    assert "upstream/epoch/MANIFEST.yaml" in names
    assert "upstream/epoch/epoch_all_ml_systems_2025-08.csv" in names


def test_the_manifest_hashes_only_what_it_read(tmp_path):
    raw, expected = hostile_raw(tmp_path)
    hashed = set(input_files(raw)["name"])
    assert not hashed & set(expected)
    assert not any(n.startswith("models/linked-org") for n in hashed)
    assert "models/meta/llama-2-70b.yaml" in hashed


def test_the_loader_accounts_for_every_entry(tmp_path):
    raw, expected = hostile_raw(tmp_path)
    ds = load_raw(raw)
    assert len(ds.accepted) == 2
    assert len(ds.files) == len(ds.accepted) + len(ds.rejected_files)
    rejects = ds.rejects()
    assert set(rejects["field"]) == {"(file)"}
    assert set(rejects["source_line"].to_list()) == {None}
    assert set(rejects["check"]) == {"raw_file"}
    assert SECRET not in "\n".join(rejects["reason"])


def test_upstream_cache_files_that_are_not_pinned_are_not_inputs_nor_problems(tmp_path):
    raw = fixture_raw_dir(tmp_path)
    epoch = raw / "upstream" / "epoch"
    (epoch / ".epoch_x.csv.abc.part").write_bytes(b"partial")  # a fetch in progress
    (epoch / "scratch.csv").write_text("a,b\n")  # git-ignored, unpinned: not ours
    os.mkfifo(epoch / "unpinned-pipe")
    pinned = epoch / "epoch_model_versions.csv"
    pinned.unlink()
    pinned.symlink_to("/dev/zero")  # a pinned file that is a link: reported, not read
    files, problems = rawtree.split(rawtree.scan(raw))
    assert [(p.name, p.reason.split(":")[0]) for p in problems] == [
        ("upstream/epoch/epoch_model_versions.csv", "symbolic link to /dev/zero")
    ]
    assert not {f.name for f in files} & {
        "upstream/epoch/scratch.csv",
        "upstream/epoch/unpinned-pipe",
        "upstream/epoch/epoch_model_versions.csv",
    }


def test_a_pinned_file_larger_than_its_manifest_bytes_is_not_read(tmp_path):
    raw = fixture_raw_dir(tmp_path)
    pinned = raw / "upstream" / "epoch" / "epoch_model_versions.csv"
    size = pinned.stat().st_size
    pinned.unlink()  # a hard link to the real cache: replace, never append to it
    pinned.write_bytes(b"x" * (size + 1))
    [problem] = [e for e in rawtree.scan(raw) if isinstance(e, rawtree.RawProblem)]
    assert problem.reason == f"file too large ({size + 1} bytes > {size})"


@pytest.mark.parametrize(
    ("make", "reason"),
    [
        (lambda p: p.symlink_to("/dev/zero"), "symbolic link to /dev/zero: not followed"),
        (os.mkfifo, "a named pipe (FIFO), not a regular file: not read"),
        (lambda p: p.write_bytes(b"x" * 10), "file too large (10 bytes > 9)"),
    ],
    ids=["link-to-device", "fifo", "too-large"],
)
def test_bounded_reads_refuse_before_reading(tmp_path, make, reason):
    path = tmp_path / "f.yaml"
    make(path)
    with pytest.raises(rawtree.RawFileError) as exc:
        rawtree.read_bounded(path, 9)
    assert exc.value.reason.startswith(reason)


def test_reference_files_are_read_bounded_too(tmp_path):
    from pipelines.lib.ingest.aliases import AliasError, load_aliases

    (tmp_path / "aliases.yaml").symlink_to("/dev/zero")
    with pytest.raises(AliasError, match="symbolic link to /dev/zero: not followed"):
        load_aliases(tmp_path / "aliases.yaml")


def test_validate_prints_each_hostile_entry_and_exits_one(tmp_path):
    raw, expected = hostile_raw(tmp_path)
    proc = subprocess.run(
        [sys.executable, "-m", "pipelines.cli.validate"],
        capture_output=True,
        text=True,
        cwd=REPO_ROOT,
        env={"PATH": "/usr/bin:/bin", "PYTHONPATH": str(REPO_ROOT), "ATLAS_RAW_DIR": str(raw)},
        timeout=60,
    )
    assert proc.returncode == 1
    lines = proc.stdout.splitlines()
    for name, part in expected.items():
        [line] = [ln for ln in lines if ln.startswith(f"{raw / name}: (file): ")]
        assert part in line
    assert len(lines) == len(expected)
    assert SECRET not in proc.stdout + proc.stderr
    assert "Traceback" not in proc.stderr
    assert "2 accepted, 8 rejected" in proc.stderr


def add_bad_records(raw: Path) -> dict[str, str]:
    """Record files a contributor could send by mistake or on purpose, beside `hostile_raw`'s
    entries (a YAML bomb, binary, empty, a score of 1e400), and an alias to a model no source
    defines: {file under raw: the field `rejects` names}."""
    bad = raw / "models" / "broken"
    bad.mkdir()
    (bad / "bomb.yaml").write_text("a: &a [x, x]\nb: &b [*a, *a]\n")
    (bad / "binary.yaml").write_bytes(b"\xff\xfe\x00")
    (bad / "empty.yaml").write_bytes(b"")
    (bad / "huge-score.yaml").write_text(
        (GOOD / "meta" / "llama-2-70b.yaml")
        .read_text()
        .replace("id: llama-2-70b", "id: huge-score")
        .replace("68.9", "1e400")
    )
    (raw / "aliases.yaml").write_text('no-such-model:\n  litellm: ["gpt-4o"]\n', encoding="utf-8")
    return {
        "models/broken/bomb.yaml": "(file)",
        "models/broken/binary.yaml": "(file)",
        "models/broken/empty.yaml": "(file)",
        "models/broken/huge-score.yaml": "benchmarks.mmlu.score",
    }


@pytest.fixture(scope="module")
def hostile_build(tmp_path_factory):
    """One in-process build over the cut upstreams of the good fixture records with every
    hostile entry of `hostile_raw` and every bad record of `add_bad_records`, each about its
    own table (one build for both: a build proves each as well with the others beside it).
    Returns (raw, hostile_raw's reasons, the bad records' fields, run result, warehouse)."""
    with _deadline():
        raw, expected = hostile_raw(tmp_path_factory.mktemp("hostile"))
        bad = add_bad_records(raw)
        warehouse = raw.parent / "wh" / "atlas.duckdb"
        result = build_warehouse(raw, warehouse)
    return raw, expected, bad, result, warehouse


def _rejects(warehouse: Path) -> list[tuple]:
    with duckdb.connect(str(warehouse), read_only=True) as con:
        return con.execute(
            "SELECT source_file, source_line, field, reason FROM rejects ORDER BY 1"
        ).fetchall()


@pytest.mark.slow
def test_hostile_entries_land_in_rejects_and_the_build_succeeds(hostile_build, fixture_built):
    raw, expected, bad, result, warehouse = hostile_build
    reference = fixture_built.warehouse  # the same records without the hostile entries
    assert result.success, "hostile entries must never crash or block the run"
    checks = check_results(result)
    assert checks["raw_model_records__records_accounted_for"]
    assert checks["build_manifest__every_input_hashed"]
    assert checks["rejects__empty"] is False
    rejects = _rejects(warehouse)
    with duckdb.connect(str(warehouse), read_only=True) as con:
        hashed = {
            r[0]
            for r in con.execute("SELECT name FROM build_manifest WHERE kind = 'input'").fetchall()
        }
        models = con.execute(
            "SELECT * EXCLUDE (source_file) FROM models ORDER BY model_id"
        ).fetchall()
    assert {r[0] for r in rejects} == {str(raw / n) for n in [*expected, *bad]}
    for file, line, field, reason in rejects:
        name = str(Path(file).relative_to(raw))
        if name in expected:
            assert (line, field) == (None, "(file)")
            assert expected[name] in reason
        assert SECRET not in reason
    assert not hashed & set(expected)
    with duckdb.connect(str(reference), read_only=True) as con:
        assert (
            models
            == con.execute(
                "SELECT * EXCLUDE (source_file) FROM models ORDER BY model_id"
            ).fetchall()
        )


@pytest.mark.slow
def test_bad_records_land_in_rejects_and_the_run_succeeds(hostile_build):
    raw, _, bad, result, warehouse = hostile_build
    assert result.success, "bad records must never crash the run"
    checks = check_results(result)
    assert checks["rejects__empty"] is False, "the non-blocking check must fail while rejects exist"
    assert checks["raw_model_records__records_accounted_for"]
    with duckdb.connect(str(warehouse), read_only=True) as con:
        assert con.execute("SELECT count(*) FROM raw_model_records").fetchone()[0] == 2
    fields = {str(Path(f).relative_to(raw)): field for f, _, field, _ in _rejects(warehouse)}
    assert {name: fields.get(name) for name in bad} == bad


@pytest.mark.slow
def test_an_alias_to_a_model_no_source_defines_is_listed_not_dropped(hostile_build):
    *_, result, warehouse = hostile_build  # its aliases.yaml maps gpt-4o to no-such-model
    assert result.success
    with duckdb.connect(str(warehouse), read_only=True) as con:
        rows = con.execute(
            "SELECT name, detail FROM unmatched_names WHERE source = 'aliases.yaml'"
        ).fetchall()
    assert rows == [("gpt-4o", "mapped to no-such-model, which no source defines (litellm)")]
