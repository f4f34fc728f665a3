"""dashboard/queries/base.py against copies of the real warehouse
(expected values come from SQL written in the tests).
Parameters not SQL, closed handles, a newly published file, problems reported not raised.
"""

from __future__ import annotations

import os
import shutil

import duckdb

from dashboard import queries
from tests.dashboard.queries.dbread import count_rows


def test_loads_match_the_tables(published):
    assert queries.warehouse_problem() is None
    assert queries.load_models().height == count_rows(published, "SELECT count(*) FROM models")
    frontier = queries.load_frontier_smallest_model(threshold=60, basis="active")
    assert frontier.height == count_rows(
        published,
        "SELECT count(*) FROM frontier_smallest_model "
        "WHERE benchmark = 'mmlu' AND threshold = 60 AND basis = 'active'",
    )
    assert set(frontier["basis"]) <= {"active"}
    assert queries.load_frontier_thresholds() == sorted(queries.load_frontier_thresholds())
    everything = queries.load_frontier_smallest_model()
    assert everything.height == count_rows(
        published, "SELECT count(*) FROM frontier_smallest_model"
    )


def test_values_are_parameters_not_sql(published):
    """A quote in a value is data: it matches nothing and breaks nothing."""
    assert queries.load_frontier_smallest_model(benchmark="mmlu' OR '1'='1").is_empty()
    assert queries.load_frontier_smallest_model(basis="total' --").is_empty()


def test_connections_are_closed_after_each_read(published):
    queries.load_models()
    queries.load_frontier_smallest_model(threshold=60, basis="total")
    # A read-write open in the same process fails while any read-only handle is still open.
    con = duckdb.connect(str(published))
    con.close()


def test_a_newly_published_file_is_read_without_restarting(published, tmp_path):
    before = queries.load_models()
    assert before.height > 0
    # Publish the way the pipeline does: build elsewhere, then os.replace over the path.
    build = tmp_path / "atlas.duckdb.build"
    shutil.copyfile(published, build)
    con = duckdb.connect(str(build))
    try:
        con.sql("DELETE FROM models WHERE model_id = ?", params=[before["model_id"][0]])
        con.sql("CHECKPOINT")
    finally:
        con.close()
    os.replace(build, published)

    after = queries.load_models()
    assert after.height == before.height - 1
    assert before["model_id"][0] not in after["model_id"].to_list()


def test_problems_are_reported_not_raised(tmp_path, monkeypatch):
    monkeypatch.setenv("ATLAS_WAREHOUSE", str(tmp_path / "absent.duckdb"))
    assert queries.warehouse_problem() == "missing"

    junk = tmp_path / "junk.duckdb"
    junk.write_bytes(b"not a database")
    monkeypatch.setenv("ATLAS_WAREHOUSE", str(junk))
    assert "cannot be opened" in queries.warehouse_problem()

    other = tmp_path / "other.duckdb"
    con = duckdb.connect(str(other))
    con.sql("CREATE TABLE models (model_id VARCHAR)")
    con.close()
    monkeypatch.setenv("ATLAS_WAREHOUSE", str(other))
    problem = queries.warehouse_problem()
    missing = [t for t in queries.TABLES if t != "models"]  # the registry's order
    assert len(missing) >= 3
    assert problem.startswith("has no table " + ", ".join(missing[:3]))
    assert "models," not in problem


def test_last_build_is_the_files_modification_time(published):
    built = queries.warehouse_built_at()
    assert built.tzinfo is not None
    assert abs(built.timestamp() - published.stat().st_mtime) < 1


def test_analysis_reads_close_their_connections(published):
    queries.load_frontier("mmlu", 63, "active")
    queries.load_frontier_trend("mmlu", 63, "active")
    queries.load_allocation()
    queries.load_training_factors("besiroglu_2024", over=True)
    queries.load_capability_points()
    queries.load_price_points()
    queries.load_changes("added", 5)
    queries.load_build()
    con = duckdb.connect(str(published))
    con.close()
