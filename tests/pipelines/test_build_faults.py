"""Faults around the published file (issue 18), on real builds and real DuckDB files: a corrupted
published file, two writers of the files beside the warehouse at once, an unreadable published
file. A full disk is in test_crash_safety.py's drill."""

import datetime as dt

import duckdb
import pytest

from pipelines.lib.publish import report
from pipelines.lib.publish import warehouse as wh
from pipelines.lib.publish.buildfiles import (
    read_origin,
    verify_published,
    write_text_atomic,
)

from ..conftest import build_warehouse, copy_warehouse


def _corrupt(path):
    """Overwrite 4 KiB at twelve places spread over the file (header left alone)."""
    size = path.stat().st_size
    with path.open("r+b") as fh:
        for i in range(1, 13):
            fh.seek(size * i // 13)
            fh.write(b"\xa5" * 4096)


@pytest.mark.slow
def test_a_corrupted_published_file_is_rebuilt_from_scratch_and_says_so(tmp_path, fixture_built):
    # The first build is the session's shared build of the fixture records (a fresh file).
    raw = fixture_built.raw
    assert fixture_built.started_from.startswith("scratch: the published file atlas.duckdb")
    warehouse = copy_warehouse(fixture_built.warehouse, tmp_path / "wh" / "atlas.duckdb")
    _corrupt(warehouse)
    assert verify_published(warehouse) != ""
    second = build_warehouse(raw, warehouse)
    assert second.success  # before: the corrupt file was copied in and 14 steps failed
    meta = second.asset_materializations_for_node("build_manifest")[0].metadata
    assert meta["started_from"].value.startswith("scratch: the published file atlas.duckdb does")
    assert verify_published(warehouse) == ""
    assert sorted(p.name for p in warehouse.parent.iterdir() if ".build-" in p.name) == []
    # the next build starts from a verified copy of the rebuilt file: the decision a build's
    # first write makes (`start_build`), whose record `started_from` reports
    build = wh.start_build(warehouse, "next-run")
    assert read_origin(build) == "copy of the published file atlas.duckdb (verified)"


def test_writers_beside_the_warehouse_never_remove_each_others_work(tmp_path):
    """Two builds publish at once: each writes CHANGELOG.md and report/ through its own
    temporary names (before: both used `.CHANGELOG.md.tmp` and `report.tmp`, and one build
    removed the other's half-written report, failing it)."""
    import polars as pl

    folder = tmp_path / "report"
    other = tmp_path / "report.tmp"  # what another build's report in progress was called
    other.mkdir()
    (other / "index.html").write_text("another build, half written")
    day = dt.date(2024, 1, 1)  # a placeholder row per chart: the charts are not under test
    frontier = pl.DataFrame(
        {
            "benchmark": ["mmlu"],
            "threshold": [60.0],
            "basis": ["total"],
            "name": ["m"],
            "organization": ["o"],
            "release_date": [day],
            "params": [1e9],
            "score": [61.0],
            "source": ["https://example.org"],
        }
    )
    models = pl.DataFrame(
        {
            "name": ["m"],
            "organization": ["o"],
            "release_date": [day],
            "training_compute_flop": [1e21],
            "open_weights": [True],
        }
    )
    optimal = pl.DataFrame({"name": ["m"], "release_date": [day], "tokens_per_param": [20.0]})
    files = report.write_report(folder, models, frontier, optimal, "2026-12-06", "abc")
    assert (folder / "index.html") in files
    assert (other / "index.html").read_text() == "another build, half written"
    write_text_atomic(tmp_path / "CHANGELOG.md", "first")
    write_text_atomic(tmp_path / "CHANGELOG.md", "second")
    assert (tmp_path / "CHANGELOG.md").read_text() == "second"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["CHANGELOG.md", "report", "report.tmp"]


def test_an_unreadable_published_file_has_no_previous_models(tmp_path, fixture_built):
    """The changelog diffs against the published `models`; a published file that cannot be read
    (corrupted where `models` lies, or not DuckDB at all) compares as no previous models rather
    than failing the build that replaces it."""
    import logging

    from pipelines.defs.resources import Warehouse

    good = copy_warehouse(fixture_built.warehouse, tmp_path / "good" / "atlas.duckdb")
    with duckdb.connect(str(good), read_only=True) as con:
        n_models = con.execute("SELECT count(*) FROM models").fetchall()[0][0]
    assert Warehouse(path=str(good)).published_models().height == n_models
    assert Warehouse(path=str(good)).published_model_count() == n_models
    junk = tmp_path / "junk" / "atlas.duckdb"
    junk.parent.mkdir()
    junk.write_bytes(b"not a DuckDB file" * 1000)
    log = logging.getLogger("test_unreadable")
    assert Warehouse(path=str(junk)).published_models(log) is None
    assert Warehouse(path=str(junk)).published_model_count() == 0
    assert Warehouse(path=str(tmp_path / "none" / "atlas.duckdb")).published_models() is None
