"""Refresh an upstream snapshot from its origin, or keep the last good one and say why.

`refresh_file` downloads the file named in MANIFEST.yaml (bounded time, retries and size),
checks it decodes as UTF-8 (CSV) or JSON, validates it with that upstream's own reader and pandera
schema, looks for drift against the committed snapshot (columns added, removed or renamed; the
row count falling by more than a set share; sentinel values of well-known models changing), and
only then replaces the snapshot and its MANIFEST entry. Every failure leaves the snapshot and
MANIFEST byte-for-byte untouched and returns the reason. Stdlib `urllib` only: no new dependency
for one GET.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import polars as pl
import yaml

from pipelines.lib.upstream.cache import DEFAULT_DEADLINE_S, FetchError
from pipelines.lib.upstream.cache import download as fetch
from pipelines.lib.upstream.duplicates import duplicate_problems
from pipelines.lib.upstream.manifest import count_rows, load_manifest, read_published_csv
from pipelines.lib.upstream.trial import trial_build

DEFAULT_TIMEOUT_S = 20.0
DEFAULT_RETRIES = 2
DEFAULT_MAX_BYTES = 64 * 1024 * 1024
DEFAULT_MAX_ROW_DROP = 0.10  # refuse a snapshot that lost more than 10 % of its rows


@dataclass(frozen=True)
class Sentinel:
    """A well-known row whose values must not change silently: (key column, key, columns)."""

    key_column: str
    key: str
    columns: tuple[str, ...]


@dataclass
class RefreshResult:
    file: str
    status: str  # "updated" | "unchanged" | "failed"
    reason: str = ""
    sha256: str | None = None
    rows: int | None = None
    drift: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return self.status != "failed"


class RefreshError(Exception):
    pass


def download(
    url: str,
    dest: Path,
    *,
    timeout: float,
    retries: int,
    max_bytes: int,
    deadline: float = DEFAULT_DEADLINE_S,
    sleep: Callable[[float], None] = time.sleep,
) -> None:
    """The cache's download (`cache.download`: https-only redirects, size cap, overall deadline,
    bounded retries), its failures as RefreshError."""
    try:
        fetch(
            url,
            dest,
            timeout=timeout,
            deadline=deadline,
            retries=retries,
            max_bytes=max_bytes,
            sleep=sleep,
        )
    except FetchError as exc:
        raise RefreshError(str(exc)) from None


def _columns(path: Path) -> list[str]:
    if path.suffix == ".json":
        return []
    header = pl.read_csv(path, infer_schema=False, n_rows=0, encoding="utf8-lossy").columns
    return [c.lstrip("\ufeff") for c in header]


def _sentinel_values(
    path: Path, sentinels: tuple[Sentinel, ...], reader: Callable[[Path], object] | None = None
) -> dict[str, str | None]:
    """Each sentinel's values, as text: a CSV as published, a JSON file through its reader's
    rows (a JSON file has no columns of its own to compare)."""
    if not sentinels:
        return {}
    if path.suffix == ".json":
        if reader is None:
            return {}
        read = reader(path)
        if not isinstance(read, pl.DataFrame):
            return {}
        frame = read.cast(pl.String)
    else:
        frame = read_published_csv(path)
    values: dict[str, str | None] = {}
    for s in sentinels:
        if s.key_column not in frame.columns:
            continue
        row = frame.filter(pl.col(s.key_column).str.strip_chars() == s.key)
        for column in s.columns:
            value = row[column][0] if row.height and column in row.columns else None
            values[f"{s.key} / {column}"] = value
    return values


def detect_drift(
    old: Path,
    new: Path,
    *,
    max_row_drop: float,
    sentinels: tuple[Sentinel, ...] = (),
    reader: Callable[[Path], object] | None = None,
) -> list[str]:
    """Reasons the new file may not replace the old one (empty when it may)."""
    problems = []
    old_cols, new_cols = _columns(old), _columns(new)
    removed = [c for c in old_cols if c not in new_cols]
    added = [c for c in new_cols if c not in old_cols]
    if removed:
        problems.append(
            f"columns removed or renamed: {', '.join(removed)}"
            + (f" (new: {', '.join(added)})" if added else "")
        )
    elif added:
        problems.append(f"columns added: {', '.join(added)}")
    old_rows, new_rows = count_rows(old), count_rows(new)
    if old_rows and (old_rows - new_rows) / old_rows > max_row_drop:
        problems.append(
            f"row count fell from {old_rows} to {new_rows} (more than {max_row_drop:.0%})"
        )
    before = _sentinel_values(old, sentinels, reader)
    after = _sentinel_values(new, sentinels, reader)
    for name, value in before.items():
        if after.get(name) != value:
            problems.append(f"well-known value changed: {name}: {value!r} -> {after.get(name)!r}")
    return problems


def schema_reason(exc: Exception) -> str:
    """One line from a pandera (or parser) error: which columns failed which checks."""
    cases = getattr(exc, "failure_cases", None)
    if isinstance(cases, pl.DataFrame) and cases.height:
        parts = []
        for row in cases.head(50).iter_rows(named=True):
            what = row.get("column") or row.get("failure_case")
            if row.get("check") == "column_in_dataframe":
                what = row.get("failure_case")
            part = f"{what}: {row.get('check')}"
            if part not in parts:
                parts.append(part)
        return "; ".join(parts[:5])
    text = str(exc).strip()
    return text.splitlines()[0][:300] if text else type(exc).__name__


def _check_encoding(path: Path) -> None:
    data = path.read_bytes()
    if not data.strip():
        raise RefreshError("empty file")
    try:
        data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise RefreshError(f"not valid UTF-8 (byte {exc.start}, line {line})") from None


MANIFEST_KEYS = ("path", "origin_url", "sha256", "rows")


def manifest_entry(folder: Path, filename: str) -> tuple[dict, dict | None]:
    """The parsed MANIFEST.yaml and the entry for `filename` (None when it is not listed);
    RefreshError with the reason when the MANIFEST is missing or malformed."""
    where = folder / "MANIFEST.yaml"
    try:
        manifest = load_manifest(folder)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = f":{mark.line + 1}" if mark is not None else ""
        problem = getattr(exc, "problem", None) or type(exc).__name__
        reason = f"{where}{line}: malformed MANIFEST ({problem}); kept snapshot"
        raise RefreshError(reason) from None
    except Exception as exc:  # noqa: BLE001 - a missing, special or oversized file: its reason
        raise RefreshError(f"{where}: cannot read MANIFEST ({exc}); kept snapshot") from None
    files = manifest.get("files") if isinstance(manifest, dict) else None
    if not isinstance(files, list) or not all(isinstance(f, dict) for f in files):
        raise RefreshError(f"{where}: files: expected a list of entries; kept snapshot")
    entry = next((f for f in files if f.get("path") == filename), None)
    if entry is not None:
        missing = [k for k in MANIFEST_KEYS if k not in entry]
        if missing:
            raise RefreshError(f"{where}: {filename}: missing {', '.join(missing)}; kept snapshot")
        try:
            int(entry["rows"])
        except (TypeError, ValueError):
            raise RefreshError(
                f"{where}: {filename}: rows: {entry['rows']!r} is not a number; kept snapshot"
            ) from None
    return manifest, entry


def refresh_file(
    folder: Path,
    filename: str,
    reader: Callable[[Path], object],
    *,
    url: str | None = None,
    timeout: float = DEFAULT_TIMEOUT_S,
    retries: int = DEFAULT_RETRIES,
    max_bytes: int = DEFAULT_MAX_BYTES,
    max_row_drop: float = DEFAULT_MAX_ROW_DROP,
    deadline: float = DEFAULT_DEADLINE_S,
    sentinels: tuple[Sentinel, ...] = (),
    key: tuple[str, ...] = (),
    build_check: Callable[[Path], list[str]] | str | None = "trial",
    today: dt.date | None = None,
    sleep: Callable[[float], None] = time.sleep,
) -> RefreshResult:
    """Try to replace `folder/filename` with a fresh download; never raises on bad input.

    A download is accepted only when the build would accept it: after the download, encoding,
    schema, repeat and drift checks, `build_check(candidate)` returns the build's reasons to
    refuse it (default: `trial.trial_build`, the real build on a scratch copy of the raw folder
    around `folder`; None skips it, for tests of the download checks alone)."""
    try:
        manifest, entry = manifest_entry(folder, filename)
    except RefreshError as exc:
        return RefreshResult(filename, "failed", str(exc))
    if entry is None:
        return RefreshResult(filename, "failed", f"{filename} is not listed in MANIFEST.yaml")
    if entry.get("derived_from"):
        return RefreshResult(
            filename,
            "failed",
            f"derived file (a concatenation of {entry['derived_from']} at the pinned commit): "
            "no single upstream file to download; kept snapshot",
        )
    target = folder / filename
    tmp = target.with_name(f".{target.name}.download")
    try:
        download(
            url or entry["origin_url"],
            tmp,
            timeout=timeout,
            retries=retries,
            max_bytes=max_bytes,
            deadline=deadline,
            sleep=sleep,
        )
        _check_encoding(tmp)
        try:
            frame = reader(tmp)
        except Exception as exc:  # noqa: BLE001 - any schema/parse failure is the finding
            raise RefreshError(f"fails its schema: {schema_reason(exc)}") from None
        digest = hashlib.sha256(tmp.read_bytes()).hexdigest()
        if digest == entry["sha256"]:
            return RefreshResult(
                filename, "unchanged", "same sha256 as the snapshot", digest, int(entry["rows"])
            )
        drift = detect_drift(
            target, tmp, max_row_drop=max_row_drop, sentinels=sentinels, reader=reader
        )
        if isinstance(frame, pl.DataFrame):  # repeated rows or keys: drift, never more claims
            drift += duplicate_problems(frame, key)
        if drift:
            return RefreshResult(
                filename, "failed", "drift: " + "; ".join(drift), digest, drift=drift
            )
        if build_check == "trial":
            refused = trial_build(folder.parent.parent, f"{folder.name}/{filename}", tmp)
        else:
            refused = build_check(tmp) if build_check is not None else []
        if refused:
            return RefreshResult(
                filename, "failed", "the build would refuse it: " + "; ".join(refused), digest
            )
        rows = count_rows(tmp)
        os.replace(tmp, target)
        entry.update(
            sha256=digest,
            bytes=target.stat().st_size,  # the new pin, as the cache checks it
            rows=rows,
            retrieved_date=str(today or dt.date.today()),
        )
        manifest_tmp = folder / ".MANIFEST.yaml.tmp"
        manifest_tmp.write_text(
            yaml.safe_dump(manifest, sort_keys=False, allow_unicode=True, width=100),
            encoding="utf-8",
        )
        os.replace(manifest_tmp, folder / "MANIFEST.yaml")
        return RefreshResult(filename, "updated", f"{rows} rows", digest, rows)
    except RefreshError as exc:
        return RefreshResult(filename, "failed", str(exc))
    finally:
        tmp.unlink(missing_ok=True)
