"""MANIFEST.yaml of an upstream snapshot: where each file came from, its licence, hash and rows."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

import polars as pl
import yaml

from pipelines.lib.ingest.safe_yaml import FAST_LOADER


@dataclass(frozen=True)
class SnapshotFile:
    source: str
    path: Path
    origin_url: str
    retrieved_date: str
    upstream_date: str
    licence: str
    sha256: str
    rows: int


def sha256_of(path: Path) -> str:
    from pipelines.lib.ingest.rawtree import sha256_file  # hashed once per process per file

    return sha256_file(path)


def read_published_csv(path: Path) -> pl.DataFrame:
    """An upstream CSV exactly as published: every column as text (each upstream's pandera
    schema parses it), undecodable bytes replaced, a byte-order mark stripped from the header."""
    frame = pl.read_csv(path, infer_schema=False, encoding="utf8-lossy")
    return frame.rename({c: c.lstrip("\ufeff") for c in frame.columns})


def count_rows(path: Path) -> int:
    """Data rows of a CSV (header excluded, quoted newlines respected) or entries of a JSON
    file: a map's keys (LiteLLM), an API list's `data` items (OpenRouter), the models of a list
    of providers (genai-prices)."""
    if path.suffix in (".md", ".txt"):  # a licence text pinned beside the data: no rows
        return 0
    if path.suffix == ".json":
        data = json.loads(path.read_bytes())
        if isinstance(data, dict) and "model_id" in data:  # one model's record (LLM-Stats)
            return 1
        if isinstance(data, dict) and isinstance(data.get("data"), list):  # an API list
            return len(data["data"])
        if isinstance(data, list):  # providers, each with its models (genai-prices)
            return sum(len(p.get("models") or []) if isinstance(p, dict) else 1 for p in data)
        return len([k for k in data if k not in ("sample_spec", "last_updated")])
    if path.suffix in (".yaml", ".yml"):
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        return len(data.get("fits", [])) if isinstance(data, dict) else 0
    return read_published_csv(path).height


def load_manifest(folder: Path) -> dict:
    from pipelines.lib.ingest.rawtree import REFERENCE_MAX_BYTES, read_bounded

    text = read_bounded(folder / "MANIFEST.yaml", REFERENCE_MAX_BYTES)
    return yaml.load(text, Loader=FAST_LOADER)


# A build reads each MANIFEST once per upstream file and per check (~220 times): the parsed
# entries are kept per process under the file's identity (device, inode, size, times), so an
# edited or replaced MANIFEST is read again.
_SNAPSHOT_MEMO: dict[tuple, list[SnapshotFile]] = {}


def snapshot_files(folder: Path) -> list[SnapshotFile]:
    from pipelines.lib.ingest.rawtree import stat_key

    try:
        key = (str(folder), *stat_key((folder / "MANIFEST.yaml").stat()))
    except OSError:
        key = None
    if key is not None and key in _SNAPSHOT_MEMO:
        return list(_SNAPSHOT_MEMO[key])
    files = _read_snapshot_files(folder)
    if key is not None:
        _SNAPSHOT_MEMO[key] = files
    return list(files)


def _read_snapshot_files(folder: Path) -> list[SnapshotFile]:
    manifest = load_manifest(folder)
    return [
        SnapshotFile(
            source=manifest["source"],
            path=folder / f["path"],
            origin_url=f["origin_url"],
            retrieved_date=str(f["retrieved_date"]),
            upstream_date=str(f["upstream_date"]),
            licence=manifest["licence"],
            sha256=f["sha256"],
            rows=int(f["rows"]),
        )
        for f in manifest["files"]
    ]


def verify(folder: Path, only: str | None = None) -> list[str]:
    """Problems with a snapshot folder (or one file of it): missing files, hash or row-count
    mismatches against MANIFEST.yaml."""
    problems = []
    for f in snapshot_files(folder):
        if only is not None and only not in (f.path.name, f.path.relative_to(folder).as_posix()):
            continue
        if not f.path.exists():
            problems.append(f"{f.path.name}: listed in MANIFEST but missing")
            continue
        if sha256_of(f.path) != f.sha256:
            problems.append(f"{f.path.name}: sha256 differs from MANIFEST")
        rows = count_rows(f.path)
        if rows != f.rows:
            problems.append(f"{f.path.name}: {rows} rows, MANIFEST says {f.rows}")
    return problems


ERRATA_SCHEMA = {"model_id": pl.String, "field": pl.String, "reason": pl.String}


def load_errata(folder: Path) -> pl.DataFrame:
    """`ERRATA.yaml` beside a snapshot: (model_id, field, reason) rows for values of that source
    known to be wrong (model_id is the source's own name for the model). Raises AliasError
    (`file:line: field: reason`) on a malformed file."""
    from pipelines.lib.ingest.aliases import AliasError, read_reference_yaml
    from pipelines.lib.staging.claims import FIELDS

    path = folder / "ERRATA.yaml"
    if not path.exists():
        return pl.DataFrame(schema=ERRATA_SCHEMA)
    # Epoch's release dates are model identity, not claims: an erratum could not drop one, so
    # it is refused rather than silently ignored.
    extra = () if folder.name == "epoch" else ("release_date",)
    allowed = "a claim field" + (" or release_date" if extra else "")
    entries, _ = read_reference_yaml(path, top=list)
    rows = []
    for i, entry in enumerate(entries, start=1):
        where = f"{path}: entry {i}"
        if not isinstance(entry, dict) or set(entry) != {"model_id", "field", "reason"}:
            raise AliasError(f"{where}: expected exactly model_id, field and reason")
        if entry["field"] not in (*FIELDS, *extra):
            raise AliasError(f"{where}: field: {entry['field']!r} is not {allowed}")
        if not str(entry["reason"]).strip():
            raise AliasError(f"{where}: reason: say who found the error and the evidence")
        rows.append((str(entry["model_id"]), str(entry["field"]), str(entry["reason"])))
    return pl.DataFrame(rows, schema=ERRATA_SCHEMA, orient="row")
