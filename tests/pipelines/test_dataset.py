"""Table-level rules and the nothing-lost invariant over sets of record files."""

import datetime as dt
import shutil

from pipelines.lib.ingest.dataset import load_dataset

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
