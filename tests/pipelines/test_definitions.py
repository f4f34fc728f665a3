"""The code location loads cleanly and declares what the README promises."""

import warnings

import dagster as dg
import yaml

from pipelines.lib.tables import table_names

from ..conftest import REPO_ROOT

# Every public table of the registry is an asset named for it, plus the raw and publish steps.
EXPECTED_ASSETS = {
    *table_names(),
    "published_warehouse",
    "raw_model_records",
    "raw_epoch_models_2025_08",
    "raw_epoch_models_2024_10",
    "raw_epoch_mmlu",
    "raw_epoch_api_prices",
    "raw_obsscaling",
    "raw_open_llm_leaderboard",
    "raw_open_llm_leaderboard_v2",
    "raw_litellm",
}
EXPECTED_CHECKS = {
    "raw_model_records__records_accounted_for",
    "models__schema",
    "sources__every_value_cited",
    "unmatched_names__none",
    "coverage__targets_met",
    "models__every_moe_has_active_parameters",
    "raw_litellm__matches_manifest",
    "rejects__empty",
    "frontier_smallest_model__records_shrink",
    "frontier_smallest_model__sixty_percent_history",
    "compute_optimal__6nd_matches_reported",
    "published_warehouse__opens_read_only",
}


def _defs() -> dg.Definitions:
    from pipelines.definitions import defs

    with warnings.catch_warnings():
        warnings.simplefilter("error", DeprecationWarning)
        return defs()


def test_definitions_load_without_deprecations():
    defs = _defs()
    keys = {k.to_user_string() for k in defs.resolve_asset_graph().get_all_asset_keys()}
    assert keys >= EXPECTED_ASSETS
    checks = {k.name for k in defs.resolve_asset_graph().asset_check_keys}
    assert checks >= EXPECTED_CHECKS


def test_every_public_table_has_a_check():
    from pipelines.lib.tables import PUBLIC_SCHEMAS

    graph = _defs().resolve_asset_graph()
    checked = {k.asset_key.to_user_string() for k in graph.asset_check_keys}
    assert [t for t in PUBLIC_SCHEMAS if t not in checked] == []


def test_blocking_checks_guard_the_publish():
    graph = _defs().resolve_asset_graph()
    blocking = {k.name for k in graph.asset_check_keys if graph.get_check_spec(k).blocking}
    assert {
        "raw_model_records__records_accounted_for",
        "models__schema",
        "models__every_curated_record_published",
        "sources__every_value_cited",
        "frontier_smallest_model__records_shrink",
    } <= blocking
    assert "rejects__empty" not in blocking  # visible but never blocks other people's data


def test_jobs_schedule_and_sensor_are_declared():
    defs = _defs()
    build = defs.resolve_job_def("warehouse_build")
    refresh = defs.resolve_job_def("warehouse_refresh")
    build_keys = {k.to_user_string() for k in build.asset_layer.executable_asset_keys}
    refresh_keys = {k.to_user_string() for k in refresh.asset_layer.executable_asset_keys}
    assert "published_warehouse" in build_keys
    assert not any(k.startswith("snapshot_") for k in build_keys), "make build stays offline"
    assert {"snapshot_epoch_mmlu", "published_warehouse"} <= refresh_keys
    schedule = defs.resolve_schedule_def("warehouse_daily")
    assert schedule.cron_schedule == "0 5 * * *" and schedule.job_name == "warehouse_refresh"
    sensor = defs.resolve_sensor_def("raw_files_changed_sensor")
    assert sensor.job_name == "warehouse_build"
    graph = defs.resolve_asset_graph()
    upstream = [k for k in graph.get_all_asset_keys() if k.to_user_string().startswith("raw_epoch")]
    assert upstream and all(graph.get(k).freshness_policy is not None for k in upstream)


def test_raw_files_changed_sensor_fires_once_per_change(tmp_path, monkeypatch):
    import dagster as dg

    from pipelines.defs.sensors import raw_files_changed_sensor

    (tmp_path / "models").mkdir()
    (tmp_path / "models" / "a.yaml").write_text("id: a\n")
    monkeypatch.setenv("ATLAS_RAW_DIR", str(tmp_path))
    first = raw_files_changed_sensor(dg.build_sensor_context())
    assert isinstance(first, dg.RunRequest)
    same = raw_files_changed_sensor(dg.build_sensor_context(cursor=first.run_key))
    assert isinstance(same, dg.SkipReason)
    (tmp_path / "models" / "b.yaml").write_text("id: b\n")
    changed = raw_files_changed_sensor(dg.build_sensor_context(cursor=first.run_key))
    assert isinstance(changed, dg.RunRequest) and changed.run_key != first.run_key


def test_root_dagster_yaml_disables_telemetry_and_keeps_storage_local():
    config = yaml.safe_load((REPO_ROOT / "dagster.yaml").read_text())
    assert config["telemetry"]["enabled"] is False
    ignored = (REPO_ROOT / ".gitignore").read_text().splitlines()
    for storage in ("run_storage", "event_log_storage", "schedule_storage"):
        base = config[storage]["config"]["base_dir"]
        assert not base.startswith("/")
        assert base.split("/")[0] + "/" in ignored


def test_instance_from_root_dagster_yaml(tmp_path, monkeypatch):
    (tmp_path / "dagster.yaml").write_text((REPO_ROOT / "dagster.yaml").read_text())
    monkeypatch.chdir(tmp_path)
    with dg.DagsterInstance.from_config(str(tmp_path)) as instance:
        assert instance.run_storage is not None
        assert not instance.telemetry_enabled
