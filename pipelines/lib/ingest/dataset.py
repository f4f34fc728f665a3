"""Assemble the record files into the public tables, losing nothing.

`load_dataset(paths)` (or `load_raw(raw folder)`) reads every record file `rawtree` finds (no link
followed, no special file opened, every entry it cannot read reported), applies the per-record
rules (`records.py`), then the table-level pandera rules (`schemas.py`) over the assembled frame,
and returns the accepted tables plus one `rejects` row per problem. Invariant: files found =
accepted models + rejected files.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import logging
import os
import pickle
import subprocess
import sys
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

import pandera.polars as pa
import polars as pl

from pipelines.lib.ingest import rawtree, verdicts
from pipelines.lib.ingest.rawtree import RawFile, RawProblem
from pipelines.lib.ingest.records import MAX_FILE_BYTES, ModelRecord, Problem, parse_record
from pipelines.lib.ingest.safe_yaml import collector_paused
from pipelines.lib.settings import REPO_ROOT
from pipelines.lib.tables import BenchmarkScoresSchema, ModelsSchema, RejectsSchema, dtypes_of

LOG = logging.getLogger(__name__)

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
DATE_COLUMNS = [i for i, dtype in enumerate(MODELS_DTYPES.values()) if dtype == pl.Date]


@dataclass
class Accepted:
    """An accepted record as the rows it contributes (`models`, scores, citations). Read back
    from the verdict cache, its score and citation rows stay JSON text (`pending`) until a
    caller asks for them (`Dataset.benchmark_scores`, `Dataset.sources`): validate never does."""

    id: str
    base_model: str | None
    model_row: tuple | list
    score_rows: list = field(default_factory=list)
    source_rows: list = field(default_factory=list)
    pending: str | None = None

    @classmethod
    def of(cls, rec: ModelRecord, file: str) -> Accepted:
        return cls(
            rec.id,
            rec.base_model,
            _model_row(rec, file),
            [
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
                for name, s in sorted(rec.benchmarks.items())
            ],
            [
                (rec.id, key, FIELD_TO_COLUMN.get(key), url, rec.source_kinds.get(key, "maker"))
                for key, url in sorted(rec.sources.items())
            ],
        )

    def dump(self, line: int) -> tuple[str, str]:
        """The record's rows and the line of its `id`, as stored in the verdict cache: JSON of
        the `models` row (its dates as ISO text), and JSON of the score and citation rows."""
        model_row = list(self.model_row)
        for i in DATE_COLUMNS:
            if model_row[i] is not None:
                model_row[i] = model_row[i].isoformat()
        head = [self.id, self.base_model, line, model_row]
        tail = [self.score_rows, self.source_rows]
        return tuple(json.dumps(x, separators=(",", ":"), allow_nan=False) for x in (head, tail))

    @classmethod
    def load_many(cls, stored: list[tuple[str, str]]) -> list[tuple[Accepted, int]]:
        """`dump`'s output back: (rows, line of `id`) per record, the heads parsed in one go;
        the score and citation rows stay JSON (`pending`, None when they were not read)."""
        heads = json.loads(f"[{','.join(head for head, _ in stored)}]")
        out = []
        for (id_, base, line, model_row), (_, tail) in zip(heads, stored, strict=True):
            for i in DATE_COLUMNS:
                if model_row[i] is not None:
                    model_row[i] = dt.date.fromisoformat(model_row[i])
            out.append((cls(id_, base, model_row, pending=tail or None), line))
        return out


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
) -> Dataset:
    """Read each record file; each problem entry becomes a `rejects` row (field `(file)`).
    `cache`: a verdict cache file (`verdicts.py`): a file accepted before under the same
    bytes, name and code is not parsed again. `with_rows=False`: only the `models` table and
    the problems are wanted (validate), so the cached score and citation rows are not read."""
    with collector_paused():  # ~30 % of a cold check of 45,900 records
        return _load_entries(entries, today or dt.date.today(), cache, with_rows)


def _load_entries(
    entries: list[RawFile | RawProblem], today: dt.date, cache: Path | None, with_rows: bool
) -> Dataset:
    _RESOLVED.clear()  # folders may have moved since the last call
    ds = Dataset([display_path(e.path) for e in entries], [], with_rows=with_rows)
    read: list[tuple[str, bytes | None, Problem | None, str]] = []  # shown, bytes, problem, check
    for entry, shown in zip(entries, ds.files, strict=True):
        if isinstance(entry, RawProblem):
            read.append((shown, None, Problem(shown, None, "(file)", entry.reason), "raw_file"))
            continue
        try:  # never follows a link, never opens a FIFO or device, at most MAX_FILE_BYTES
            read.append((shown, rawtree.read_bounded(entry.path, MAX_FILE_BYTES), None, ""))
        except rawtree.RawFileError as exc:
            read.append((shown, None, Problem(shown, None, "(file)", exc.reason), "record"))
    store = verdicts.VerdictCache(cache, today) if cache is not None else None
    keys = [
        verdicts.record_key(shown, data) if data is not None else "" for shown, data, *_ in read
    ]
    known = store.get_many((k for k in keys if k), extra=with_rows) if store else {}
    hits = [k for k in keys if k in known]
    reused = dict(zip(hits, Accepted.load_many([known[k] for k in hits]), strict=True))
    todo = [
        (shown, data)
        for (shown, data, problem, _), key in zip(read, keys, strict=True)
        if problem is None and key not in reused
    ]
    parsed = iter(parse_records(todo, today, dump=store is not None))
    for (shown, _, problem, check), key in zip(read, keys, strict=True):
        if problem is not None:
            ds.problems.append(problem)
            ds.problem_checks.append(check)
            continue
        if key in reused:
            accepted, line = reused[key]
            ds.accepted.append((accepted, shown, line))
            continue
        accepted, line, problems, dumped = next(parsed)
        if accepted is not None:
            ds.accepted.append((accepted, shown, line))
            if store and dumped is not None:
                store.put(key, *dumped)
        for p in problems:
            ds.problems.append(p)
            ds.problem_checks.append("record")
    if store:
        store.close()
    _table_checks(ds)
    return ds


Parsed = tuple[Accepted | None, int, list[Problem], tuple[str, str] | None]

# From this many files to parse, a second process parses the second half while this one parses
# the first (a cold check of 45,900 records: docs/benchmarks.md); below it, starting the
# process (a Python interpreter importing the record code, ~1 s) would cost more than it saves.
PARALLEL_FROM = 4_000


def parse_record_rows(todo: list[tuple[str, bytes]], today: dt.date, dump: bool) -> list[Parsed]:
    """Each (shown name, bytes) parsed and checked (`records.parse_record`): (its rows or None,
    the line of its `id`, its problems, its verdict-cache entry when `dump` (None when JSON
    cannot hold a value))."""
    out: list[Parsed] = []
    with collector_paused():
        for shown, data in todo:
            rec, problems, lines = parse_record(data, shown, today)
            if rec is None:
                out.append((None, 0, problems, None))
                continue
            accepted, line = Accepted.of(rec, shown), lines.get("id", 1)
            dumped = None
            if dump:
                with contextlib.suppress(TypeError, ValueError):  # a value JSON cannot hold
                    dumped = accepted.dump(line)
            out.append((accepted, line, problems, dumped))
    return out


def parse_records(
    todo: list[tuple[str, bytes]], today: dt.date, dump: bool, parallel_from: int | None = None
) -> list[Parsed]:
    """`parse_record_rows` over `todo`, in order. With at least `parallel_from` files
    (default `PARALLEL_FROM`) and two cores, a second Python process (a fresh interpreter
    running `_parse_worker`: nothing of the caller's is imported or run in it) parses the
    second half meanwhile; if it cannot start, fails or dies, that half is parsed here, so the
    outcome is the same either way."""
    if (
        len(todo) < (PARALLEL_FROM if parallel_from is None else parallel_from)
        or (os.cpu_count() or 1) < 2
    ):
        return parse_record_rows(todo, today, dump)
    half = len(todo) // 2
    path = [str(REPO_ROOT), *filter(None, [os.environ.get("PYTHONPATH")])]
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(path)}
    try:
        worker = subprocess.Popen(
            [sys.executable, "-c", WORKER],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            env=env,
        )
    except OSError as exc:  # no process to be had: all of it here
        LOG.warning("record parsing: no second process (%s); parsing every file here", exc)
        return parse_record_rows(todo, today, dump)
    try:
        with contextlib.suppress(OSError):  # a worker that died: its half is parsed below
            pickle.dump((todo[half:], today, dump), worker.stdin, pickle.HIGHEST_PROTOCOL)
        with contextlib.suppress(OSError):
            worker.stdin.close()
        first = parse_record_rows(todo[:half], today, dump)
        try:
            second = pickle.load(worker.stdout)
            ok = worker.wait() == 0 and isinstance(second, list) and len(second) == len(todo) - half
        except Exception:  # noqa: BLE001 - a worker that died mid-way: nothing usable
            ok = False
    finally:
        if worker.poll() is None:
            worker.kill()
        worker.wait()
        worker.stdout.close()
    if not ok:
        LOG.warning(
            "record parsing: the second process failed (exit %s); parsing its %d files here",
            worker.returncode,
            len(todo) - half,
        )
        second = parse_record_rows(todo[half:], today, dump)
    return first + second


# The worker's program: read (todo, today, dump) pickled on stdin, write the parsed list on stdout.
WORKER = "from pipelines.lib.ingest.dataset import _parse_worker; _parse_worker()"


def _parse_worker() -> None:
    todo, today, dump = pickle.load(sys.stdin.buffer)
    pickle.dump(parse_record_rows(todo, today, dump), sys.stdout.buffer, pickle.HIGHEST_PROTOCOL)
    sys.stdout.buffer.flush()


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
