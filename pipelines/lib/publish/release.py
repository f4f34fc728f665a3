"""A data release: one CalVer folder with everything an analyst downloads.

`build_release(warehouse, out_root)` writes `<out_root>/<YYYY.MM.DD>/`: the DuckDB file, one
Parquet and one CSV per public table (written by DuckDB from the same tables), the build's
`CHANGELOG.md`, a Frictionless `datapackage.json` (table schemas from the pandera schemas,
licences and sources from the upstream MANIFESTs) and `CITATION.cff`. The file names carry no
version, so a host's "latest" URL for each file stays stable from release to release.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import shutil
from pathlib import Path

import duckdb
import yaml

from pipelines.lib.settings import REPO_ROOT, raw_dir
from pipelines.lib.tables import TABLES
from pipelines.lib.tables import Table as PublicTable

PACKAGE_NAME = "scaling-atlas"
CITATION = REPO_ROOT / "CITATION.cff"
# DuckDB writes timestamps as ISO 8601 in UTC so the CSVs parse as Frictionless datetimes.
TIMESTAMP_FORMAT = "%Y-%m-%dT%H:%M:%S.%fZ"

# polars dtype (as pandera prints it) -> Table Schema field type
FIELD_TYPES = {
    "String": "string",
    "Utf8": "string",
    "Int64": "integer",
    "Int32": "integer",
    "Float64": "number",
    "Float32": "number",
    "Boolean": "boolean",
    "Date": "date",
}


class ReleaseError(Exception):
    """The release cannot be built; the message says what is missing."""


def field_type(dtype: str) -> str:
    if dtype.startswith("Datetime"):
        return "datetime"
    try:
        return FIELD_TYPES[dtype]
    except KeyError:
        raise ReleaseError(f"no Table Schema type for the column type {dtype}") from None


def table_schema(table: PublicTable) -> dict:
    """Frictionless Table Schema of one public table from its pandera schema: types, descriptions
    and the constraints that schema states (required, unique, minimum/maximum, enum)."""
    fields = []
    for name, column in table.schema.to_schema().columns.items():
        spec: dict = {
            "name": name,
            "type": field_type(str(column.dtype)),
            "description": column.description or "",
        }
        constraints: dict = {}
        if not column.nullable:
            constraints["required"] = True
        if column.unique:
            constraints["unique"] = True
        for check in column.checks:
            stats = check.statistics or {}
            if check.name in ("greater_than_or_equal_to", "greater_than") and "min_value" in stats:
                constraints["minimum"] = stats["min_value"]
            elif check.name in ("less_than_or_equal_to", "less_than") and "max_value" in stats:
                constraints["maximum"] = stats["max_value"]
            elif check.name == "in_range":
                constraints["minimum"] = stats["min_value"]
                constraints["maximum"] = stats["max_value"]
            elif check.name == "isin":
                constraints["enum"] = sorted(stats["allowed_values"])
        if constraints:
            spec["constraints"] = constraints
        fields.append(spec)
    return {"fields": fields, "missingValues": [""]}


def upstream_sources(raw: Path) -> list[dict]:
    """One Data Package source per pinned upstream snapshot (its MANIFEST title, homepage and
    licence), then the curated records."""
    out = []
    for manifest in sorted((raw / "upstream").glob("*/MANIFEST.yaml")):
        meta = yaml.safe_load(manifest.read_text(encoding="utf-8")) or {}
        source = {"title": str(meta.get("title") or meta.get("source") or manifest.parent.name)}
        if meta.get("homepage"):
            source["path"] = str(meta["homepage"])
        if meta.get("licence"):
            source["licence"] = str(meta["licence"])
        out.append(source)
    out.append(
        {
            "title": "Scaling Atlas curated records (data/raw/models): papers and model cards, "
            "each value's citation in the `sources` table",
        }
    )
    return out


def licenses(sources: list[dict]) -> list[dict]:
    """The distinct SPDX licences the upstream snapshots name (a value keeps its source's
    licence; `sources` and `claims` say which source each value came from)."""
    ids = set()
    for s in sources:
        m = re.match(r"^([A-Za-z0-9][A-Za-z0-9.-]+)\b", s.get("licence", ""))
        if m and "-" in m.group(1) or (m and m.group(1) == "MIT"):
            ids.add(m.group(1))
    return [
        {"name": i, "path": f"https://spdx.org/licenses/{i}.html", "title": f"{i} (per source)"}
        for i in sorted(ids)
    ]


def datapackage(version: str, created: dt.datetime, tables: list[PublicTable], raw: Path) -> dict:
    sources = upstream_sources(raw)
    return {
        "name": PACKAGE_NAME,
        "title": "Scaling Atlas: published language-model metadata, every value cited",
        "description": "Size, data, compute, benchmark scores and prices of notable language "
        "models, resolved from curated records and pinned upstream snapshots. Each value's own "
        "citation is in the `sources` table; every source's claim is in `claims`. The same "
        "tables are in `atlas.duckdb` and as `<table>.parquet`.",
        "version": version,
        "created": created.strftime("%Y-%m-%dT%H:%M:%SZ"),
        "licenses": licenses(sources),
        "sources": [
            {k: v for k, v in s.items() if k != "licence"}
            | ({"title": f"{s['title']} (licence: {s['licence']})"} if "licence" in s else {})
            for s in sources
        ],
        "resources": [
            {
                "name": t.name,
                "path": f"{t.name}.csv",
                "format": "csv",
                "mediatype": "text/csv",
                "encoding": "utf-8",
                "description": f"{t.purpose} Grain: {t.grain}. Also `{t.name}.parquet`.",
                "schema": table_schema(t),
            }
            for t in tables
        ],
    }


def calver(day: dt.date) -> str:
    return f"{day:%Y.%m.%d}"


def citation(version: str, released: dt.date) -> str:
    """The repository's CITATION.cff with this release's version and date."""
    if not CITATION.is_file():
        raise ReleaseError(f"{CITATION} is missing")
    meta = yaml.safe_load(CITATION.read_text(encoding="utf-8"))
    meta["version"] = version
    meta["date-released"] = released.isoformat()
    return yaml.safe_dump(meta, sort_keys=False, allow_unicode=True)


def build_release(warehouse: Path, out_root: Path, version: str | None = None) -> Path:
    """Write the release folder for `warehouse`; returns it. The version defaults to the
    CalVer of the build's date (`build_manifest.built_at`)."""
    if not warehouse.is_file():
        raise ReleaseError(f"{warehouse}: no warehouse file; run `make build` first")
    tables = list(TABLES)
    con = duckdb.connect(str(warehouse), read_only=True)
    try:
        have = {
            r[0] for r in con.execute("SELECT table_name FROM information_schema.tables").fetchall()
        }
        missing = [t.name for t in tables if t.name not in have]
        if missing:
            raise ReleaseError(f"{warehouse} lacks public tables: {', '.join(missing)}")
        built_at = con.execute("SELECT max(built_at) FROM build_manifest").fetchall()[0][0]
        built_at = (built_at or dt.datetime.now(dt.UTC)).astimezone(dt.UTC)
        version = version or calver(built_at.date())
        folder = out_root / version
        if folder.exists():
            shutil.rmtree(folder)
        folder.mkdir(parents=True)
        for t in tables:
            for fmt, options in (
                ("parquet", "FORMAT parquet, COMPRESSION zstd"),
                ("csv", f"FORMAT csv, HEADER true, TIMESTAMPFORMAT '{TIMESTAMP_FORMAT}'"),
            ):
                target = str(folder / f"{t.name}.{fmt}").replace("'", "''")
                con.execute(f"COPY \"{t.name}\" TO '{target}' ({options})")
    finally:
        con.close()
    shutil.copy2(warehouse, folder / "atlas.duckdb")
    changelog = warehouse.with_name("CHANGELOG.md")
    if changelog.is_file():
        shutil.copy2(changelog, folder / "CHANGELOG.md")
    else:
        raise ReleaseError(
            f"{changelog} is missing: the build that published {warehouse} writes it"
        )
    package = datapackage(version, built_at, tables, raw_dir())
    (folder / "datapackage.json").write_text(json.dumps(package, indent=2) + "\n", encoding="utf-8")
    (folder / "CITATION.cff").write_text(citation(version, built_at.date()), encoding="utf-8")
    return folder
