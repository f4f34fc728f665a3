"""End to end through Dagster into a real DuckDB file: the real data set, a broken reference
file. Hostile record files and entries are in test_rawtree.py."""

import subprocess
import sys

import duckdb
import pytest

from pipelines.lib.publish.warehouse import build_path

from ..conftest import (
    RAW_DIR,
    REPO_ROOT,
    build_warehouse,
    check_results,
    fixture_raw_dir,
)

SHARED_CONTRACT = REPO_ROOT.parent / "shared" / "checks" / "contract.py"
CONTRACT = (
    SHARED_CONTRACT
    if SHARED_CONTRACT.exists()
    else REPO_ROOT / "tests" / "contract" / "contract.py"
)


@pytest.mark.slow
def test_real_data_builds_with_every_blocking_check_passing(built):
    path, result = built
    assert result.success
    checks = check_results(result)
    for name in (
        "raw_model_records__records_accounted_for",
        "models__schema",
        "models__every_curated_record_published",
        "sources__every_value_cited",
        "frontier_smallest_model__records_shrink",
        "published_warehouse__opens_read_only",
    ):
        assert checks[name], f"{name} failed"
    # The real seed data is clean, and the published 60 % history is reproduced.
    assert checks["rejects__empty"], "data/raw has rejected records: run make validate"
    assert checks["frontier_smallest_model__sixty_percent_history"]
    assert all(v for k, v in checks.items() if k.endswith("__matches_manifest"))
    repeats = [k for k in checks if k.endswith("__no_repeated_rows")]
    assert len(repeats) > 30 and all(checks[k] for k in repeats)  # no pinned file repeats a row
    assert not build_path(path, result.run_id).exists(), "the build file must be gone after publish"
    assert list(path.parent.glob("*.build-*")) == []
    # The run ends cleanly: its resources' teardown (which lets go of the build file) ran
    # without an error; it failed on every run while it read a deprecated attribute.
    assert result.engine_failures == ()


@pytest.mark.slow
def test_real_data_meets_the_public_contract(warehouse):
    proc = subprocess.run(
        [sys.executable, str(CONTRACT), str(warehouse), "--stage", "C"],
        capture_output=True,
        text=True,
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr


@pytest.mark.slow
def test_real_data_counts_and_published_values(warehouse):
    files = list((RAW_DIR / "models").rglob("*.yaml"))
    with duckdb.connect(str(warehouse), read_only=True) as con:
        n_records = con.execute("SELECT count(*) FROM raw_model_records").fetchone()[0]
        n_rejected = con.execute("SELECT count(DISTINCT source_file) FROM rejects").fetchone()[0]
        assert len(files) == n_records + n_rejected
        assert n_records >= 40
        n_models = con.execute("SELECT count(*) FROM models").fetchone()[0]
        assert n_models >= 900, "curated records plus every Epoch language model"
        years = con.execute(
            "SELECT min(year(release_date)), max(year(release_date)) FROM models"
        ).fetchone()
        assert years[0] <= 2020 and years[1] >= 2024
        # Spot values from ../shared/reference/README.md (published papers), stated tolerances.
        gpt3 = con.execute(
            "SELECT params_total, training_tokens, training_compute_flop, mmlu "
            "FROM models WHERE model_id = 'gpt-3-175b'"
        ).fetchone()
        assert gpt3 is not None, "GPT-3 175B must be in the seed data"
        assert gpt3[0] == pytest.approx(175e9, rel=0.01)
        assert gpt3[2] == pytest.approx(3.14e23, rel=0.01)
        assert gpt3[3] == pytest.approx(43.9, abs=0.1)
        frontier = con.execute(
            "SELECT model_id, params, release_date FROM frontier_smallest_model "
            "WHERE benchmark = 'mmlu' AND threshold = 60 AND basis = 'total' ORDER BY release_date"
        ).fetchall()
        ids = [r[0] for r in frontier]
        # 60 % MMLU (reference README, "Known timeline check"): LLaMA-65B (Feb 2023) ->
        # Llama 2 34B (Jul 2023) -> Mistral 7B (Oct 2023) -> a few billion in 2024; then the
        # makers' own tables: Qwen2.5-1.5B (1.54B, 60.9, Qwen2.5 blog, Sep 2024) and
        # Falcon-H1-1.5B-Base (1.5B, 61.81, tiiuae/Falcon-H1 docs/evaluations.md, May 2025).
        assert ids.index("llama-65b") < ids.index("llama-2-34b") < ids.index("mistral-7b")
        assert str(frontier[ids.index("llama-65b")][2]) == "2023-02-24"
        assert "gpt-3.5-turbo" not in ids  # its 20B is Speculative in two Epoch exports
        assert ids[-2:] == ["qwen2.5-1.5b", "falcon-h1-1.5b-base"]
        assert frontier[-2][1] == pytest.approx(1.54e9, rel=0.01)
        assert frontier[-1][1] == pytest.approx(1.5e9, rel=0.01)
        assert str(frontier[-1][2]) == "2025-05-21"
        active = con.execute(
            "SELECT model_id, params FROM frontier_smallest_model WHERE threshold = 60 "
            "AND basis = 'active' ORDER BY release_date DESC LIMIT 1"
        ).fetchone()
        assert active[1] <= 3e9, active  # Qwen1.5-MoE-A2.7B: 2.7B active


@pytest.mark.slow
def test_a_malformed_reference_file_stops_the_build_with_its_located_reason(tmp_path):
    """A broken alias map stops staging with `file:line: field: reason` (as `make validate`
    prints it), nothing is published, and the failure is a clean Dagster Failure."""
    raw = fixture_raw_dir(tmp_path, cut=True)  # about the build, not upstream rows
    (raw / "aliases.yaml").write_text(
        'llama-2-70b:\n  epoch: ["Llama 2-70B"]\nllama-2-70b:\n  hf: ["x/y"]\n', encoding="utf-8"
    )
    warehouse = tmp_path / "wh" / "atlas.duckdb"
    result = build_warehouse(raw, warehouse)
    assert not result.success
    [failure] = [e for e in result.get_step_failure_events() if e.step_key == "models"]
    message = failure.step_failure_data.error.message
    assert f"{raw}/aliases.yaml:3: llama-2-70b: duplicate key" in message
    assert "make validate" in message
    assert failure.step_failure_data.user_failure_data is not None  # dg.Failure, not a crash
    assert not warehouse.exists()
