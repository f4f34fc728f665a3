"""Assemble the record files into the public tables, losing nothing.

`load_dataset(paths)` (or `load_raw(raw folder)`) reads every record file `rawtree` finds (no link
followed, no special file opened, every entry it cannot read reported), applies the per-record
rules (`records.py`), then the table-level pandera rules (`schemas.py`) over the assembled frame,
and returns the accepted tables plus one `rejects` row per problem. Invariant: files found =
accepted models + rejected files.
"""

from __future__ import annotations

import datetime as dt
import os
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

import pandera.polars as pa
import polars as pl

from pipelines.lib.ingest import rawtree
from pipelines.lib.ingest.rawtree import RawFile, RawProblem
from pipelines.lib.ingest.records import MAX_FILE_BYTES, ModelRecord, Problem, read_record
from pipelines.lib.settings import REPO_ROOT
from pipelines.lib.tables import BenchmarkScoresSchema, ModelsSchema, RejectsSchema, dtypes_of

# Record field -> `models` column, for the `sources.column` link.
FIELD_TO_COLUMN = {
    "parameters": "params_total",
    "active_parameters": "params_active",
    "active_parameters_method": "params_active_method",
    "training_tokens": "training_tokens",
    "training_compute_flop": "training_compute_flop",
    "compute_method": "compute_method",
    "context_window": "context_window",
    "price": "price_usd_per_1m_input_tokens",
    "training_cost_usd": "training_cost_usd",
    "release_date": "release_date",
    "name": "name",
    "organization": "organization",
    "architecture": "architecture",
    "open_weights": "open_weights",
    "base_model": "base_model_id",
    "benchmarks.mmlu": "mmlu",
}

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


class RecordRowsSchema(ModelsSchema):
    """Accepted records shaped like `models`; a record may leave `architecture` out (its
    sources do not say), so the upstream sources decide it in `models`."""

    architecture: str = pa.Field(nullable=True, isin=["dense", "moe", "unknown"])


@dataclass
class Dataset:
    """The outcome of reading a set of record files."""

    files: list[str]
    accepted: list[tuple[ModelRecord, str, int]]  # record, display file, line of `id`
    problems: list[Problem] = field(default_factory=list)
    problem_checks: list[str] = field(default_factory=list)

    @property
    def rejected_files(self) -> set[str]:
        return {p.source_file for p in self.problems}

    def models(self) -> pl.DataFrame:
        rows = [_model_row(rec, file) for rec, file, _ in self.accepted]
        return pl.DataFrame(rows, schema=MODELS_DTYPES, orient="row")

    def benchmark_scores(self) -> pl.DataFrame:
        rows = [
            (
                rec.id,
                name,
                s.score,
                s.shots,
                rec.sources[f"benchmarks.{name}"],
                s.protocol,
                s.measured_by,
                "percent",
            )
            for rec, _, _ in self.accepted
            for name, s in sorted(rec.benchmarks.items())
        ]
        return pl.DataFrame(rows, schema=SCORES_DTYPES, orient="row")

    def sources(self) -> pl.DataFrame:
        rows = [
            (rec.id, key, FIELD_TO_COLUMN.get(key), url, rec.source_kinds.get(key, "maker"))
            for rec, _, _ in self.accepted
            for key, url in sorted(rec.sources.items())
        ]
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


def _model_row(rec: ModelRecord, file: str) -> tuple:
    mmlu = rec.benchmarks.get("mmlu")
    # Dense: every parameter is active. Undisclosed architecture: the active count is unknown.
    active = {"moe": rec.active_parameters, "dense": rec.parameters}.get(rec.architecture)
    # How the MoE active count was obtained; dense (active = total) and unknown have none.
    active_method = (
        (rec.active_parameters_method or "reported")
        if rec.architecture == "moe" and rec.active_parameters is not None
        else None
    )
    return (
        rec.id,
        rec.name,
        rec.organization,
        rec.release_date,
        rec.architecture,
        rec.parameters,
        active,
        active_method,
        rec.training_tokens,
        rec.training_compute_flop,
        rec.compute_method,
        rec.context_window,
        rec.open_weights,
        mmlu.score if mmlu is not None and mmlu.shots == 5 else None,
        rec.price.input_usd_per_1m if rec.price else None,
        rec.price.output_usd_per_1m if rec.price else None,
        rec.price.as_of if rec.price else None,
        rec.training_cost_usd,
        rec.base_model,
        file,
    )


def display_path(path: Path) -> str:
    """Paths inside the repo are shown relative to its root (stable across machines). The file
    itself is never resolved: a link is shown where it is, not where it points."""
    shown = path.absolute()
    shown = shown.parent.resolve() / shown.name
    try:
        return str(shown.relative_to(REPO_ROOT))
    except ValueError:
        return str(path)


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
    return [e for e in rawtree.scan(raw) if isinstance(e, RawProblem) or e.kind == "record"]


def load_dataset(paths: list[Path], today: dt.date | None = None) -> Dataset:
    """The records under the given files/folders."""
    return load_entries(discover(paths), today)


def load_raw(raw: Path, today: dt.date | None = None) -> Dataset:
    """The records of a raw folder (`ATLAS_RAW_DIR`), with every unreadable entry of the whole
    tree in `rejects` (what the build ingests and a default `make validate` reports)."""
    return load_entries(raw_inputs(raw), today)


def load_entries(entries: list[RawFile | RawProblem], today: dt.date | None = None) -> Dataset:
    """Read each record file; each problem entry becomes a `rejects` row (field `(file)`)."""
    ds = Dataset(files=[display_path(e.path) for e in entries], accepted=[])
    for entry, shown in zip(entries, ds.files, strict=True):
        if isinstance(entry, RawProblem):
            ds.problems.append(Problem(shown, None, "(file)", entry.reason))
            ds.problem_checks.append("raw_file")
            continue
        rec, problems, lines = read_record(entry.path, shown, today)
        if rec is not None:
            ds.accepted.append((rec, shown, lines.get("id", 1)))
        for p in problems:
            ds.problems.append(p)
            ds.problem_checks.append("record")
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
