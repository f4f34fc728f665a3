"""`make release`: the release folder of the real build — a Frictionless Data Package that
validates, and Parquet, CSV and DuckDB that hold the same rows for every public table."""

import json

import duckdb
import pytest
import yaml
from frictionless import validate

from pipelines.lib.publish.release import ReleaseError, build_release
from pipelines.lib.tables import TABLES


@pytest.fixture(scope="module")
def release(warehouse, tmp_path_factory):
    return build_release(warehouse, tmp_path_factory.mktemp("release"))


def test_the_folder_is_calver_and_holds_every_file(release):
    names = {p.name for p in release.iterdir()}
    tables = [t.name for t in list(TABLES)]
    assert {"atlas.duckdb", "CHANGELOG.md", "datapackage.json", "CITATION.cff"} <= names
    assert {f"{t}.{ext}" for t in tables for ext in ("csv", "parquet")} <= names
    with duckdb.connect(str(release / "atlas.duckdb"), read_only=True) as con:
        built = con.execute("SELECT max(built_at) FROM build_manifest").fetchall()[0][0]
    assert release.name == f"{built:%Y.%m.%d}"


def test_the_data_package_validates_with_frictionless(release):
    report = validate(str(release / "datapackage.json"))
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])[:20]
    package = json.loads((release / "datapackage.json").read_text())
    assert [r["name"] for r in package["resources"]] == [t.name for t in list(TABLES)]
    assert {"CC-BY-4.0", "MIT"} <= {lic["name"] for lic in package["licenses"]}
    assert any("epoch.ai" in s.get("path", "") for s in package["sources"])


def test_a_wrong_value_fails_the_package(release, tmp_path):
    """The schema constraints come from pandera and are enforced: a negative count fails."""
    import shutil

    bad = tmp_path / "bad"
    shutil.copytree(release, bad)
    lines = (bad / "coverage.csv").read_text().splitlines()
    header = lines[0].split(",")
    row = lines[1].split(",")
    row[header.index("models")] = "-5"
    (bad / "coverage.csv").write_text("\n".join([lines[0], ",".join(row), *lines[2:]]) + "\n")
    report = validate(str(bad / "datapackage.json"))
    assert not report.valid
    assert report.flatten(["fieldName", "type"]) == [["models", "constraint-error"]]


def test_parquet_csv_and_duckdb_hold_the_same_rows(release):
    con = duckdb.connect(str(release / "atlas.duckdb"), read_only=True)
    try:
        for t in list(TABLES):
            types = dict(
                con.execute(
                    "SELECT column_name, data_type FROM information_schema.columns "
                    "WHERE table_name = ? ORDER BY ordinal_position",
                    [t.name],
                ).fetchall()
            )
            parquet = str(release / f"{t.name}.parquet")
            csv = str(release / f"{t.name}.csv")
            columns = "{" + ", ".join(f"'{c}': '{d}'" for c, d in types.items()) + "}"
            copies = {
                "parquet": f"read_parquet('{parquet}')",
                "csv": f"read_csv('{csv}', header = true, columns = {columns}, "
                "timestampformat = '%Y-%m-%dT%H:%M:%S.%fZ', quote = '\"', escape = '\"')",
            }
            n = con.execute(f'SELECT count(*) FROM "{t.name}"').fetchall()[0][0]
            for kind, source in copies.items():
                for a, b in ((f'"{t.name}"', source), (source, f'"{t.name}"')):
                    extra = con.execute(
                        f"SELECT count(*) FROM (FROM {a} EXCEPT ALL FROM {b})"
                    ).fetchall()[0][0]
                    assert extra == 0, f"{t.name}.{kind}: {extra} rows differ"
                assert con.execute(f"SELECT count(*) FROM {source}").fetchall()[0][0] == n
    finally:
        con.close()


def test_citation_carries_the_release_version(release):
    meta = yaml.safe_load((release / "CITATION.cff").read_text())
    assert meta["cff-version"] == "1.2.0"
    assert meta["version"] == release.name
    assert meta["date-released"] == release.name.replace(".", "-")
    assert meta["title"] and meta["authors"] and meta["message"]


def test_no_warehouse_is_a_message_not_a_traceback(tmp_path):
    with pytest.raises(ReleaseError, match="no warehouse file; run `make build` first"):
        build_release(tmp_path / "missing.duckdb", tmp_path)
