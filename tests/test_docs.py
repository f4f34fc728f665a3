"""Generated docs stay in step with the code; the README keeps its contract."""

import json
import re

from pipelines.cli import catalog, record_schema
from pipelines.lib.tables import PUBLIC_SCHEMAS, columns_of

from .conftest import REPO_ROOT


def test_warehouse_readme_matches_the_schemas():
    committed = (REPO_ROOT / "warehouse" / "README.md").read_text()
    assert committed == catalog.render(), "run `make docs` and commit warehouse/README.md"
    for table, schema in PUBLIC_SCHEMAS.items():
        section = committed.split(f"## `{table}`")[1].split("\n## ")[0]
        documented = re.findall(r"^\| `([a-z0-9_]+)` \|", section, flags=re.M)
        assert documented == list(columns_of(schema)), table
        assert all(columns_of(schema).values()), f"{table}: a column lacks a description"


def test_record_json_schema_is_generated_from_the_model():
    committed = json.loads(record_schema.SCHEMA_PATH.read_text())
    assert committed == json.loads(record_schema.render()), "run `make docs`"
    assert committed["additionalProperties"] is False
    assert {
        "id",
        "name",
        "organization",
        "release_date",
        "open_weights",
        "sources",
    } <= set(committed["required"])
    # Optional since 2026-12-06 (README migration note): left out when the sources do not say.
    assert "architecture" not in committed["required"]
    assert committed["properties"]["architecture"]["anyOf"][0]["enum"] == [
        "dense",
        "moe",
        "unknown",
    ]


def test_readme_documents_commands_and_environment():
    readme = (REPO_ROOT / "README.md").read_text()
    for target in (
        "make run",
        "make test",
        "make setup",
        "make build",
        "make validate",
        "make dev",
    ):
        assert target in readme, target
    for var in ("ATLAS_RAW_DIR", "ATLAS_WAREHOUSE"):
        assert var in readme
    assert "CC-BY 4.0" in readme
    makefile = (REPO_ROOT / "Makefile").read_text()
    for target in ("run", "test", "setup", "build", "validate", "dev"):
        assert re.search(rf"^{target}:", makefile, flags=re.M), target
    ci = (REPO_ROOT / ".ci" / "run").read_text()
    assert "make test" in ci


def test_contributing_example_is_a_valid_record(tmp_path):
    from pipelines.lib.ingest.records import read_record

    text = (REPO_ROOT / "CONTRIBUTING.md").read_text()
    example = text.split("```yaml\n", 1)[1].split("```", 1)[0]
    path = tmp_path / "llama-2-70b.yaml"
    path.write_text(example)
    rec, problems, _ = read_record(path)
    assert problems == [], [str(p) for p in problems]
    assert rec is not None and rec.id == "llama-2-70b"


def test_vendored_contract_checker_matches_the_shared_one():
    shared = REPO_ROOT.parent / "shared" / "checks" / "contract.py"
    vendored = (REPO_ROOT / "tests" / "contract" / "contract.py").read_text().splitlines()
    body = vendored[:1] + vendored[4:]  # drop the three-line vendoring note
    if shared.exists():  # beside the shared folder: the copy must not have drifted
        assert body == shared.read_text().splitlines()
    assert any("CONTRACT = {" in line for line in body)


def test_data_docs_match_the_built_real_data(warehouse):
    from pipelines.cli import datadocs

    committed = datadocs.DOC_PATH.read_text(encoding="utf-8")
    assert committed == datadocs.render(warehouse, REPO_ROOT / "data" / "raw"), (
        "docs/data.md is stale: run `make data-docs` and commit it"
    )
    assert "CC-BY 4.0" in committed


def test_readme_headline_numbers_are_the_warehouses(warehouse):
    """The README's frontier sentence states what `frontier_trend` and
    `frontier_smallest_model` hold (60 % MMLU, total parameters), rounded as printed."""
    import duckdb

    readme = (REPO_ROOT / "README.md").read_text()
    match = re.search(
        r"halves every ~([\d.]+)\s+months \(95 % CI ([\d.]+)–([\d.]+), (\d+) record-holders\)",
        readme,
    )
    assert match, "README: the 60 % frontier trend sentence is missing"
    with duckdb.connect(str(warehouse), read_only=True) as con:
        halving, low, high, n = con.execute(
            "SELECT halving_time_months, time_ci_low_months, time_ci_high_months, n_points "
            "FROM frontier_trend WHERE benchmark = 'mmlu' AND threshold = 60 AND basis = 'total'"
        ).fetchall()[0]
        last = con.execute(
            "SELECT name FROM frontier_smallest_model WHERE benchmark = 'mmlu' AND threshold = 60 "
            "AND basis = 'total' ORDER BY release_date DESC LIMIT 1"
        ).fetchall()[0][0]
    assert [float(g) for g in match.groups()[:3]] == [
        round(halving, 1),
        round(low, 1),
        round(high, 1),
    ]
    assert int(match.group(4)) == n
    assert f"{last} (1.5B, 61.81, May 2025)" in readme
    # The last record-holders at 50 % and 70 % are the ones the README names, with their score.
    with duckdb.connect(str(warehouse), read_only=True) as con:
        steps = con.execute(
            "SELECT threshold, arg_max(name, release_date), arg_max(score, release_date) "
            "FROM frontier_smallest_model WHERE benchmark = 'mmlu' AND basis = 'total' "
            "AND threshold IN (50, 70) GROUP BY 1 ORDER BY 1"
        ).fetchall()
    assert [t for t, _, _ in steps] == [50, 70]
    for _, name, score in steps:
        assert f"{name} (" in readme and f"{score:g}" in readme, (name, score)


def test_readme_benchmark_numbers_are_the_warehouses(warehouse):
    """The README's 'Today's benchmarks' bullet states what the benchmark tables hold."""
    import duckdb

    readme = " ".join((REPO_ROOT / "README.md").read_text().split())
    with duckdb.connect(str(warehouse), read_only=True) as con:
        fold, low, high, n = con.execute(
            "SELECT fold_decrease_per_year, fold_decrease_per_year_low, "
            "fold_decrease_per_year_high, n_records FROM benchmark_cost_trend "
            "WHERE benchmark = 'gpqa_diamond' AND measured_by = 'epoch' AND threshold = 40"
        ).fetchall()[0]
        slope, s_low, s_high, n_eci, r2 = con.execute(
            "SELECT slope, slope_ci_low, slope_ci_high, n_points, r_squared "
            "FROM benchmark_compute_fits WHERE measure = 'eci'"
        ).fetchall()[0]
        gap_median, n_gap = con.execute(
            "SELECT median(gap_months), count(*) FROM eci_open_closed_gap"
        ).fetchall()[0]
    assert (
        f"~{fold:.0f}× per year over {n} record-holders (95 % CI ~{low:.0f}–{high:.0f}×)" in readme
    )
    assert (
        f"~{slope:.1f} ECI points (CI {s_low:.1f}–{s_high:.1f}, {n_eci} releases, R² {r2:.2f})"
        in (readme)
    )
    assert f"median of ~{gap_median:.1f} months over {n_gap} open records" in readme
