"""Table-level rules and the nothing-lost invariant over sets of record files."""

import datetime as dt
import logging
import shutil

from pipelines.lib.ingest import rawtree
from pipelines.lib.ingest.dataset import DATE_COLUMNS, load_dataset
from pipelines.lib.ingest.record_files import as_files, check_all, check_files

from ..conftest import FIXTURES

GOOD = FIXTURES / "records" / "good"
TODAY = dt.date(2026, 11, 25)


def _copy_good(tmp_path):
    root = tmp_path / "models"
    shutil.copytree(GOOD, root)
    return root


def test_good_fixtures_give_every_table(tmp_path):
    ds = load_dataset([_copy_good(tmp_path)], today=TODAY)
    tables = ds.tables()
    assert ds.problems == []
    models = tables["raw_model_records"].sort("model_id")
    assert models["model_id"].to_list() == ["llama-2-70b", "mixtral-8x7b"]
    llama = models.row(0, named=True)
    assert llama["params_active"] == llama["params_total"] == 70e9  # dense: active = total
    assert llama["mmlu"] == 68.9
    assert llama["price_usd_per_1m_input_tokens"] == 0.70
    mixtral = models.row(1, named=True)
    assert (mixtral["params_total"], mixtral["params_active"]) == (46.7e9, 12.9e9)
    assert tables["raw_benchmark_scores"].height == 1
    assert tables["raw_sources"].filter(tables["raw_sources"]["field"] == "parameters").height == 2
    assert tables["rejects"].height == 0


def test_duplicate_ids_across_files_reject_every_copy(tmp_path):
    root = _copy_good(tmp_path)
    other = root / "meta-copy"
    other.mkdir()
    shutil.copy(root / "meta" / "llama-2-70b.yaml", other / "llama-2-70b.yaml")
    ds = load_dataset([root], today=TODAY)
    rejects = ds.rejects()
    dup = rejects.filter(rejects["field"] == "id")
    assert dup.height == 2
    assert set(dup["check"]) == {"models__field_uniqueness"}
    assert all("is also used in" in r for r in dup["reason"])
    assert dup["source_line"].to_list() == [2, 2]  # the `id:` line of each file
    assert [r.id for r, _, _ in ds.accepted] == ["mixtral-8x7b"]
    assert len(ds.files) == len(ds.accepted) + len(ds.rejected_files)


def test_base_model_must_exist(tmp_path):
    root = _copy_good(tmp_path)
    path = root / "mistral-ai" / "mixtral-8x7b.yaml"
    path.write_text(
        path.read_text().replace(
            "open_weights: true", "open_weights: true\nbase_model: mixtral-8x7b-base"
        )
    )
    ds = load_dataset([root], today=TODAY)
    assert [p.field for p in ds.problems] == ["base_model"]
    assert "not the id of an accepted record" in ds.problems[0].reason


def test_records_in_equal_accepted_plus_rejected_with_hostile_files(tmp_path):
    root = _copy_good(tmp_path)
    bad = root / "bad"
    bad.mkdir()
    (bad / "empty.yaml").write_bytes(b"")
    (bad / "binary.yaml").write_bytes(b"\x00\xff\xfe")
    (bad / "list.yml").write_bytes(b"- 1\n")
    (bad / "notes.txt").write_text("not a record: ignored")
    ds = load_dataset([root], today=TODAY)
    assert len(ds.files) == 5
    assert len(ds.accepted) == 2
    assert len(ds.rejected_files) == 3
    assert ds.rejects()["source_file"].n_unique() == 3


def test_a_reused_verdict_gives_the_same_tables_and_problems(tmp_path):
    """The verdict cache (`verdicts.py`) only saves work: the tables and problems of a cached
    read equal a fresh read's; a rejected file, an edited file and an earlier day are read
    again."""
    import sqlite3

    root = _copy_good(tmp_path)
    (root / "bad.yaml").write_text("id: bad\nname: Bad\n", encoding="utf-8")
    cache = tmp_path / "verdicts.sqlite"
    fresh = load_dataset([root], today=TODAY)
    first = load_dataset([root], today=TODAY, cache=cache)
    second = load_dataset([root], today=TODAY, cache=cache)
    con = sqlite3.connect(cache)
    assert con.execute("SELECT count(*) FROM verdicts").fetchall() == [(2,)]  # accepted only
    con.close()
    assert [rec.pending is not None for rec, _, _ in second.accepted] == [True, True]
    for ds in (first, second):
        assert [str(p) for p in ds.problems] == [str(p) for p in fresh.problems] != []
        assert ds.accepted[0][1:] == fresh.accepted[0][1:]
        for name, frame in ds.tables().items():
            assert frame.equals(fresh.tables()[name]), name
    models_only = load_dataset([root], today=TODAY, cache=cache, with_rows=False)
    assert models_only.models().equals(fresh.models())
    assert [str(p) for p in models_only.problems] == [str(p) for p in fresh.problems]
    earlier = load_dataset([root], today=TODAY - dt.timedelta(days=1), cache=cache)
    assert [rec.pending for rec, _, _ in earlier.accepted] == [None, None]  # parsed again
    llama = next(root.rglob("llama-2-70b.yaml"))
    llama.write_text(llama.read_text().replace("2023-07-18", "2099-01-01"))
    edited = load_dataset([root], today=TODAY, cache=cache)
    assert any(p.model_id == "llama-2-70b" for p in edited.problems)
    assert [rec.id for rec, _, _ in edited.accepted] == ["mixtral-8x7b"]


def _with_bad_records(tmp_path):
    root = _copy_good(tmp_path)
    (root / "bad.yaml").write_text("id: bad\nname: Bad\n", encoding="utf-8")  # fields missing
    (root / "broken.yaml").write_text("id: [unclosed\n", encoding="utf-8")  # not YAML
    return root


def _files(root, copies=3):
    """(entry, shown name) of every entry of the records folder `root` as the walk gives them,
    `copies` times under distinct names: each half holds good, bad and unread files."""
    entries = list(rawtree.records(root))
    shown = [f"copy{i}/{e.name}" for i in range(copies) for e in entries]
    return as_files(entries * copies, shown)


def test_records_checked_in_two_processes_equal_one(tmp_path, caplog):
    """From `PARALLEL_FROM` files a helper process checks the second half while this one
    checks the first: the rows, lines and problems (each with its check) are the same, in the
    same order, as when one process checks them all, with and without the score rows."""
    root = _with_bad_records(tmp_path)
    (root / "link.yaml").symlink_to(root / "bad.yaml")  # an entry the walk does not read
    files = _files(root)
    for with_rows in (True, False):
        one = check_files(files, TODAY, None, with_rows, DATE_COLUMNS)
        assert {accepted is None for accepted, *_ in one} == {True, False}
        assert {check for *_, problems in one for _, check in problems} == {"raw_file", "record"}
        with caplog.at_level(logging.WARNING, logger="pipelines.lib.ingest.record_files"):
            two = check_all(files, TODAY, None, with_rows, DATE_COLUMNS, parallel_from=2)
        assert two == one
        assert any(a is not None and a.score_rows for a, *_ in two) is with_rows
    assert caplog.records == []  # the helper checked its half both times


def test_both_processes_store_their_verdicts(tmp_path):
    """Each process stores the verdicts of its half in the shared cache: a later check in one
    process reuses every accepted file's verdict and gives the same `models` rows."""
    import sqlite3

    files = _files(_with_bad_records(tmp_path))
    cache = tmp_path / "verdicts.sqlite"
    cold = check_all(files, TODAY, cache, False, DATE_COLUMNS, parallel_from=2)
    accepted = [a for a, *_ in cold if a is not None]
    assert len(accepted) == 6  # 2 good files, 3 copies: 3 in each half
    with sqlite3.connect(cache) as con:
        assert con.execute("SELECT count(*) FROM verdicts").fetchone() == (6,)
    warm = check_files(files, TODAY, cache, False, DATE_COLUMNS)
    assert [(list(a.model_row), line) for a, line, _ in warm if a] == [
        (list(a.model_row), line) for a, line, _ in cold if a
    ]


def test_a_helper_that_dies_leaves_its_half_to_this_one(tmp_path, monkeypatch, caplog):
    """The helper process is killed (SIGKILL) as soon as it starts: its half is checked here
    and the outcome is the same as one process's."""
    import subprocess

    killed = []

    class KilledWorker(subprocess.Popen):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            self.kill()
            killed.append(self.pid)

    monkeypatch.setattr(subprocess, "Popen", KilledWorker)
    files = _files(_with_bad_records(tmp_path), copies=2)
    with caplog.at_level(logging.WARNING, logger="pipelines.lib.ingest.record_files"):
        parsed = check_all(files, TODAY, None, True, DATE_COLUMNS, parallel_from=2)
    assert parsed == check_files(files, TODAY, None, True, DATE_COLUMNS)
    assert killed  # a real process was started, and killed
    assert [r.getMessage() for r in caplog.records] == [
        f"record files: the second process failed (exit -9); checking its {len(files) // 2} "
        "files here"
    ]
