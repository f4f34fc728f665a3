"""kill -9 at random points and readers during builds, on the real build command (bounded,
seeded; the long soak is benchmarks/soak_publish.py)."""

import duckdb
import pytest

from pipelines.cli.soak import kill_drill, published_run, readers_during_builds

from ..conftest import copy_warehouse, fixture_raw_dir


@pytest.mark.slow
def test_kill_dash_nine_never_breaks_the_published_warehouse(tmp_path, fixture_built):
    raw = fixture_raw_dir(tmp_path, cut=True)  # the inputs of the shared `fixture_built`
    # A published build of these records to be killed over: a copy of the session's shared one
    # (the drill itself runs the real build command, killed and then clean).
    warehouse = copy_warehouse(fixture_built.warehouse, tmp_path / "wh" / "atlas.duckdb")
    home = tmp_path / "home"
    first = published_run(warehouse)
    assert first == fixture_built.run_id
    report = kill_drill(raw, warehouse, home, iterations=3, seed=20261125, max_delay=8.0)
    assert report.problems == []
    assert report.iterations == 3
    assert published_run(warehouse) not in (None, first)  # the clean build after the kills won
    leftovers = [p for p in warehouse.parent.iterdir() if ".build-" in p.name]
    # Killed runs may leave their private build file; it is never the published one and is
    # swept once stale (tests/pipelines/test_warehouse.py).
    assert all(p != warehouse for p in leftovers)


@pytest.mark.slow
def test_readers_see_no_error_during_consecutive_builds(tmp_path, fixture_built):
    """Readers, each opening the published file afresh in a loop, never error, never block a
    publish (both builds succeed) and only ever see a whole build: the same models as the
    shared build of these inputs, never a half-written table."""
    raw = fixture_raw_dir(tmp_path, cut=True)  # the inputs of the shared `fixture_built`
    # Readers start on a published copy of the shared build; both builds under them are real.
    warehouse = copy_warehouse(fixture_built.warehouse, tmp_path / "wh" / "atlas.duckdb")
    with duckdb.connect(str(warehouse), read_only=True) as con:
        models = con.execute("SELECT count(*) FROM models").fetchall()[0][0]
    assert models > 0
    report = readers_during_builds(raw, warehouse, tmp_path / "home", builds=2, pause=0.01)
    assert report.builds == 2
    assert report.errors == []
    assert report.reads > 10  # the readers read all along
    assert report.model_counts == {models}
