"""A MotherDuck token in ATLAS_WAREHOUSE never reaches the Dagster instance (issue 18): a real
run against the repo's instance configuration, then every stored record of it is searched."""

import logging

import dagster as dg

from pipelines.dagster_instance import repo_instance
from pipelines.lib.settings import REPO_ROOT

from ..conftest import fixture_raw_dir

TOKEN = "tok3nNeverStored7f3a"


def test_no_token_in_run_config_snapshots_events_or_logs(tmp_path, monkeypatch):
    from pipelines.definitions import defs

    raw = fixture_raw_dir(tmp_path)
    monkeypatch.setenv("ATLAS_RAW_DIR", str(raw))
    monkeypatch.setenv("ATLAS_WAREHOUSE", f"md:atlas_test?motherduck_token={TOKEN}")
    logging.getLogger("dagster").setLevel(logging.WARNING)
    job = defs().resolve_job_def("warehouse_build")
    with repo_instance() as instance:
        # ingest only: it writes the local build file and never connects to MotherDuck
        result = job.execute_in_process(
            instance=instance,
            asset_selection=[dg.AssetKey("upstream_files"), dg.AssetKey("raw_obsscaling")],
            raise_on_error=False,
        )
        run = instance.get_run_by_id(result.run_id)
        stored = [
            repr(run),
            repr(instance.get_job_snapshot(run.job_snapshot_id)),
            repr(instance.get_execution_plan_snapshot(run.execution_plan_snapshot_id)),
            *(repr(e) for e in instance.all_logs(result.run_id)),
        ]
    build = REPO_ROOT / ".dagster" / "motherduck" / f"atlas_test.duckdb.build-{result.run_id}"
    for path in build.parent.glob(f"{build.name}*"):
        path.unlink()
    assert result.success
    assert any("raw_obsscaling" in s for s in stored)  # the search covers the run's records
    leaks = [s[:200] for s in stored if TOKEN in s]
    assert leaks == []


def test_an_error_opening_a_target_does_not_carry_its_token(tmp_path):
    import duckdb
    import pytest

    from pipelines.lib.publish.warehouse import connect_target

    target = f"{tmp_path}/missing/atlas.duckdb?motherduck_token={TOKEN}"
    with pytest.raises(duckdb.Error) as caught, connect_target(target):
        pass
    assert "motherduck_token=***" in str(caught.value)
    assert TOKEN not in str(caught.value)
