"""Build manifest and changelog across two real builds through Dagster."""

import duckdb

from ..conftest import build_warehouse, copy_warehouse, fixture_raw_dir


def test_second_build_reports_what_changed_and_traces_its_inputs(tmp_path, fixture_built):
    raw = fixture_raw_dir(tmp_path, cut=True)  # the inputs of the shared `fixture_built`
    # The first build of these records is the session's shared one; the second builds over a copy.
    warehouse = copy_warehouse(fixture_built.warehouse, tmp_path / "wh" / "atlas.duckdb")
    with duckdb.connect(str(warehouse), read_only=True) as con:
        first = dict(con.execute("SELECT change, count(*) FROM changelog GROUP BY 1").fetchall())
        n_models = con.execute("SELECT count(*) FROM models").fetchall()[0][0]
    assert first == {"added": n_models}  # first build: everything is new

    llama = raw / "models" / "meta" / "llama-2-70b.yaml"
    llama.write_text(llama.read_text().replace("score: 68.9", "score: 69.0"))
    (raw / "models" / "mistral-ai" / "mixtral-8x7b.yaml").unlink()
    result = build_warehouse(raw, warehouse)
    assert result.success
    with duckdb.connect(str(warehouse), read_only=True) as con:
        changes = con.execute(
            "SELECT change, model_id, field, old_value, new_value, source FROM changelog "
            "ORDER BY change, model_id, field"
        ).fetchall()
        manifest = con.execute(
            "SELECT kind, name, sha256, rows, run_id FROM build_manifest ORDER BY kind, name"
        ).fetchall()
    assert (
        "changed",
        "llama-2-70b",
        "mmlu",
        "68.9",
        "69.0",
        "https://arxiv.org/abs/2307.09288",
    ) in changes
    # Mixtral leaves the curated records but stays a model through Epoch: its curated-only
    # values change source, and nothing is reported removed.
    assert not [c for c in changes if c[0] == "removed"]
    inputs = {name: sha for kind, name, sha, _, _ in manifest if kind == "input"}
    assert (
        "models/meta/llama-2-70b.yaml" in inputs
        and len(inputs["models/meta/llama-2-70b.yaml"]) == 64
    )
    assert "upstream/epoch/epoch_all_ml_systems_2025-08.csv" in inputs
    tables = {name: rows for kind, name, _, rows, _ in manifest if kind == "table"}
    assert tables["models"] == n_models
    assert {run for *_, run in manifest} == {result.run_id}
    notes = (warehouse.parent / "CHANGELOG.md").read_text()
    assert "1 values changed" in notes or "values changed" in notes
    assert "llama-2-70b" in notes


def test_changelog_lists_upstream_revisions_largest_first():
    import datetime as dt

    import polars as pl

    from pipelines.lib.publish.changes import CHANGELOG_DTYPES, changelog_markdown
    from pipelines.lib.staging.claims import REVISIONS_DTYPES

    revisions = pl.DataFrame(
        {
            "model_id": ["deepseek-v3", "m"],
            "field": ["training_compute_flop", "params_total"],
            "value_before": [3.4078e24, 1e9],
            "source_before": ["epoch_models_2025_08", "epoch_models_2024_10"],
            "as_of_before": [dt.date(2025, 8, 7), dt.date(2024, 10, 16)],
            "value_after": [3.3e24, 2e9],
            "source_after": ["epoch_notable_2026_08", "epoch_models_2025_08"],
            "as_of_after": [dt.date(2026, 8, 19), dt.date(2025, 8, 7)],
            "relative_change": [3.3e24 / 3.4078e24 - 1, 1.0],
        },
        schema=REVISIONS_DTYPES,
    )
    text = changelog_markdown(
        pl.DataFrame(schema=CHANGELOG_DTYPES),
        dt.datetime(2026, 12, 6),
        "0" * 40,
        revisions=revisions,
    )
    assert "2 values changed between dated snapshots" in text
    rows = [line for line in text.splitlines() if line.startswith("| `")]
    assert rows[0].startswith("| `m` | params_total | 1e+09 | 2e+09 | +100.0%")
    assert "| -3.2% | epoch_models_2025_08 (2025-08-07) → epoch_notable_2026_08" in rows[1]
