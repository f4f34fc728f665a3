"""Assemble the record files into the public tables, losing nothing.

`load_dataset(paths)` (or `load_raw(raw folder)`) reads every record file `rawtree` finds (no link
followed, no special file opened, every entry it cannot read reported), applies the per-record
rules (`records.py`), then the table-level pandera rules (`schemas.py`) over the assembled frame,
and returns the accepted tables plus one `rejects` row per problem. Invariant: files found =
accepted models + rejected files.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import os
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

import pandera.polars as pa
import polars as pl

from pipelines.lib.ingest import rawtree
from pipelines.lib.ingest.helper import Helper
from pipelines.lib.ingest.rawtree import RawFile, RawProblem
from pipelines.lib.ingest.record_files import Accepted, as_files, check_all
from pipelines.lib.ingest.records import MAX_FILE_BYTES, Problem
from pipelines.lib.ingest.safe_yaml import collector_paused
from pipelines.lib.settings import REPO_ROOT
from pipelines.lib.tables import BenchmarkScoresSchema, ModelsSchema, RejectsSchema, dtypes_of

LOG = logging.getLogger(__name__)

MODELS_DTYPES = dtypes_of(ModelsSchema)  # the columns of `models`, read off its schema
SCORES_DTYPES = dtypes_of(BenchmarkScoresSchema)
SOURCES_DTYPES = {
    "model_id": pl.String,
    "field": pl.String,
    "column": pl.String,
    "citation": pl.String,
    "kind": pl.String,
}
REJECTS_DTYPES = dtypes_of(RejectsSchema)
DATE_COLUMNS = [i for i, dtype in enumerate(MODELS_DTYPES.values()) if dtype == pl.Date]


class RecordRowsSchema(ModelsSchema):
    """Accepted records shaped like `models`; a record may leave `architecture` out (its
    sources do not say), so the upstream sources decide it in `models`."""

    architecture: str = pa.Field(nullable=True, isin=["dense", "moe", "unknown"])


@dataclass
class Dataset:
    """The outcome of reading a set of record files."""

    files: list[str]
    accepted: list[tuple[Accepted, str, int]]  # record's rows, display file, line of `id`
    problems: list[Problem] = field(default_factory=list)
    problem_checks: list[str] = field(default_factory=list)
    with_rows: bool = True  # False: read for the `models` table only (`load_entries`)

    @property
    def rejected_files(self) -> set[str]:
        return {p.source_file for p in self.problems}

    def models(self) -> pl.DataFrame:
        rows = [rec.model_row for rec, _, _ in self.accepted]
        return pl.DataFrame(rows, schema=MODELS_DTYPES, orient="row")

    def _rows(self) -> None:
        """Parse the score and citation rows still pending as JSON, all in one go."""
        if not self.with_rows:
            raise RuntimeError("records were read without their score and citation rows")
        waiting = [rec for rec, _, _ in self.accepted if rec.pending is not None]
        if waiting:
            parsed = json.loads(f"[{','.join(rec.pending for rec in waiting)}]")
            for rec, (scores, sources) in zip(waiting, parsed, strict=True):
                rec.score_rows, rec.source_rows, rec.pending = scores, sources, None

    def benchmark_scores(self) -> pl.DataFrame:
        self._rows()
        rows = [row for rec, _, _ in self.accepted for row in rec.score_rows]
        return pl.DataFrame(rows, schema=SCORES_DTYPES, orient="row")

    def sources(self) -> pl.DataFrame:
        self._rows()
        rows = [row for rec, _, _ in self.accepted for row in rec.source_rows]
        return pl.DataFrame(rows, schema=SOURCES_DTYPES, orient="row")

    def rejects(self) -> pl.DataFrame:
        rows = [
            (p.source_file, p.source_line, p.model_id, p.field, p.reason, check)
            for p, check in zip(self.problems, self.problem_checks, strict=True)
        ]
        return pl.DataFrame(rows, schema=REJECTS_DTYPES, orient="row")

    def tables(self) -> dict[str, pl.DataFrame]:
        """The ingest tables: accepted curated records (shaped like `models`), their scores
        and citations, and `rejects`."""
        return {
            "raw_model_records": RecordRowsSchema.validate(self.models()),
            "raw_benchmark_scores": BenchmarkScoresSchema.validate(self.benchmark_scores()),
            "raw_sources": self.sources(),
            "rejects": RejectsSchema.validate(self.rejects()),
        }


def display_path(path: Path) -> str:
    """Paths inside the repo are shown relative to its root (stable across machines). The file
    itself is never resolved: a link is shown where it is, not where it points."""
    folder, name = os.path.split(os.path.join(os.getcwd(), path))
    shown = os.path.join(_resolved(folder), name)
    root = os.path.join(REPO_ROOT, "")
    return shown[len(root) :] if shown.startswith(root) else str(path)


_RESOLVED: dict[str, str] = {}  # folder -> resolved, for one `load_entries` call


def _resolved(folder: str) -> str:
    """`Path(folder).resolve()`, once per folder while `load_entries` runs (it clears the
    memo: folders may move between calls)."""
    if (known := _RESOLVED.get(folder)) is None:
        known = _RESOLVED[folder] = os.path.realpath(folder)
    return known


def discover(paths: list[Path]) -> list[RawFile | RawProblem]:
    """Record files under the given files/folders, and the entries that cannot be records
    (links, special files, `x.YAML`), as `rawtree` sees them: sorted, each once."""
    found: dict[Path, RawFile | RawProblem] = {}
    for path in paths:
        if path.is_dir() and not path.is_symlink():
            entries = rawtree.records(path)
        elif not os.path.lexists(path):
            entries = [RawProblem(path, path.name, "no such file")]
        else:
            entries = [rawtree.check(path, path.name, MAX_FILE_BYTES, "record")]
        for entry in entries:
            if isinstance(entry, RawProblem) or entry.kind == "record":
                found.setdefault(entry.path, entry)
    return [found[p] for p in sorted(found)]


def raw_inputs(raw: Path) -> list[RawFile | RawProblem]:
    """What a build of the raw folder accounts for: every record file under `models/`, and every
    entry anywhere in the tree that is not read (each becomes a `rejects` row)."""
    with collector_paused():  # the walk's objects live on: ~0.2 s of 1.5 at 45,900 records
        return [e for e in rawtree.scan(raw) if isinstance(e, RawProblem) or e.kind == "record"]


def load_dataset(
    paths: list[Path],
    today: dt.date | None = None,
    cache: Path | None = None,
    with_rows: bool = True,
) -> Dataset:
    """The records under the given files/folders (`cache`, `with_rows`: as `load_entries`)."""
    return load_entries(discover(paths), today, cache, with_rows)


def load_raw(raw: Path, today: dt.date | None = None, cache: Path | None = None) -> Dataset:
    """The records of a raw folder (`ATLAS_RAW_DIR`), with every unreadable entry of the whole
    tree in `rejects` (what the build ingests and a default `make validate` reports)."""
    return load_entries(raw_inputs(raw), today, cache)


def load_entries(
    entries: list[RawFile | RawProblem],
    today: dt.date | None = None,
    cache: Path | None = None,
    with_rows: bool = True,
    helper: Helper | None = None,
) -> Dataset:
    """Read each record file; each problem entry becomes a `rejects` row (field `(file)`).
    `cache`: a verdict cache file (`verdicts.py`): a file accepted before under the same
    bytes, name and code is not parsed again. `with_rows=False`: only the `models` table and
    the problems are wanted (validate), so the cached score and citation rows are not read.
    `helper`: a helper process the caller started, to check half of many records
    (`record_files.check_all`)."""
    with collector_paused():  # ~30 % of a cold check of 45,900 records
        return _load_entries(entries, today or dt.date.today(), cache, with_rows, helper)


def _load_entries(
    entries: list[RawFile | RawProblem],
    today: dt.date,
    cache: Path | None,
    with_rows: bool,
    helper: Helper | None,
) -> Dataset:
    _RESOLVED.clear()  # folders may have moved since the last call
    ds = Dataset([display_path(e.path) for e in entries], [], with_rows=with_rows)
    files = as_files(entries, ds.files)
    outcomes = check_all(files, today, cache, with_rows, DATE_COLUMNS, helper)
    for shown, (accepted, line, problems) in zip(ds.files, outcomes, strict=True):
        if accepted is not None:
            ds.accepted.append((accepted, shown, line))
        for problem, check in problems:
            ds.problems.append(problem)
            ds.problem_checks.append(check)
    _table_checks(ds)
    return ds


def _table_checks(ds: Dataset) -> None:
    """Table-level rules (pandera over the assembled `models` frame, then references).

    A failing row's record moves from accepted to rejects with the check's name and the row's
    file and line. Runs to a fixed point because removing a record can orphan a `base_model`.
    """
    frame = ds.models()
    bad: dict[int, list[tuple[str, str, str]]] = defaultdict(list)
    try:
        RecordRowsSchema.validate(frame, lazy=True)
    except pa.errors.SchemaErrors as exc:
        cases = exc.failure_cases
        ids = frame["model_id"].to_list()
        files_by_id: dict[str, list[str]] = defaultdict(list)
        for rec, file, _ in ds.accepted:
            files_by_id[rec.id].append(file)
        for row in cases.iter_rows(named=True):
            index, column, check = row["index"], row["column"], str(row["check"])
            if index is None:
                continue
            if column == "model_id" and check == "field_uniqueness":
                others = [f for f in files_by_id[ids[index]] if f != ds.accepted[index][1]]
                reason = f"id '{ids[index]}' is also used in {', '.join(others)}"
                field_name = "id"
            else:
                reason = f"fails table check {check} (value {row['failure_case']!r})"
                field_name = column or "(record)"
            bad[index].append((field_name, reason, f"models__{check}"))
    known = {rec.id for i, (rec, _, _) in enumerate(ds.accepted) if i not in bad}
    changed = True
    while changed:
        changed = False
        for i, (rec, _, _) in enumerate(ds.accepted):
            if i in bad or rec.base_model is None or rec.base_model in known:
                continue
            bad[i].append(
                (
                    "base_model",
                    f"'{rec.base_model}' is not the id of an accepted record",
                    "models__base_model_exists",
                )
            )
            known.discard(rec.id)
            changed = True
    keep = []
    for i, (rec, file, line) in enumerate(ds.accepted):
        if i not in bad:
            keep.append((rec, file, line))
            continue
        for field_name, reason, check in bad[i]:
            ds.problems.append(Problem(file, line, field_name, reason, rec.id))
            ds.problem_checks.append(check)
    ds.accepted = keep
