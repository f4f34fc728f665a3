"""Record files one by one: each read (`rawtree`), looked up in the verdict cache
(`verdicts.py`), else parsed and checked (`records.py`), and turned into what an accepted record
contributes (`Accepted`: its `models` row, its benchmark-score and citation rows).

`check_all` shares many files with a helper process (`helper.py`): it takes the second half,
start to end, while this one takes the first. Nothing here imports polars or pandera, so the
helper starts in a fraction of the time the table code (`dataset.py`) takes to import.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import logging
import os
from dataclasses import dataclass, field
from pathlib import Path

from pipelines.lib.ingest import rawtree, verdicts
from pipelines.lib.ingest.helper import Helper, HelperFailed
from pipelines.lib.ingest.rawtree import RawFile, RawProblem
from pipelines.lib.ingest.records import MAX_FILE_BYTES, ModelRecord, Problem, parse_record
from pipelines.lib.ingest.safe_yaml import collector_paused

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
        model_row = [v.isoformat() if isinstance(v, dt.date) else v for v in self.model_row]
        head = [self.id, self.base_model, line, model_row]
        tail = [self.score_rows, self.source_rows]
        return tuple(json.dumps(x, separators=(",", ":"), allow_nan=False) for x in (head, tail))

    @classmethod
    def load_many(
        cls, stored: list[tuple[str, str]], date_columns: list[int]
    ) -> list[tuple[Accepted, int]]:
        """`dump`'s output back: (rows, line of `id`) per record, the heads parsed in one go,
        the `models` row's `date_columns` (positions) as dates again; the score and citation
        rows stay JSON (`pending`, None when they were not read)."""
        heads = json.loads(f"[{','.join(head for head, _ in stored)}]")
        out = []
        for (id_, base, line, model_row), (_, tail) in zip(heads, stored, strict=True):
            for i in date_columns:
                if model_row[i] is not None:
                    model_row[i] = dt.date.fromisoformat(model_row[i])
            out.append((cls(id_, base, model_row, pending=tail or None), line))
        return out


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


Parsed = tuple[Accepted | None, int, list[Problem], tuple[str, str] | None]


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


# A record file as the walk found it: its path, the name it is shown under, and why the walk does
# not read it (None: a regular file). Plain text: 22,950 of them go to a helper process and are
# unpickled there in ~5 ms, `rawtree`'s entries in ~0.2 s (their `Path`s are built again).
File = tuple[str, str, str | None]


def as_files(entries: list[RawFile | RawProblem], shown: list[str]) -> list[File]:
    """`File`s of the walk's entries, shown under the names `shown`."""
    return [
        (str(e.path), name, e.reason if isinstance(e, RawProblem) else None)
        for e, name in zip(entries, shown, strict=True)
    ]


# A file's outcome: its rows (None when rejected), the line of its `id`, and its problems, each
# with the check that found it (`rejects.check`: "raw_file" for an entry the walk would not read,
# "record" for the rest).
Outcome = tuple[Accepted | None, int, list[tuple[Problem, str]]]


def check_files(
    files: list[File],
    today: dt.date,
    cache: Path | None,
    with_rows: bool,
    date_columns: list[int],
) -> list[Outcome]:
    """Each file read (unless the walk found it unreadable), then its verdict reused from
    `cache` or the file parsed and checked (and its verdict stored there); one `Outcome` per
    file, in order.
    `with_rows` False: the cached score and citation rows are not read (validate wants only
    the `models` rows); `date_columns`: the `models` row's date positions (`Accepted.load_many`).
    """
    with collector_paused():
        return _check_files(files, today, cache, with_rows, date_columns)


# New verdicts are stored every this many parsed files: short writes, so two processes that store
# at once take turns (one long write at the end had the other wait ~0.6 s at 100x).
STORE_EVERY = 2_000


def _check_files(files, today, cache, with_rows, date_columns) -> list[Outcome]:
    read: list[tuple[str, bytes | None, Problem | None, str]] = []  # shown, bytes, problem, check
    for path, shown, unread in files:
        if unread is not None:
            read.append((shown, None, Problem(shown, None, "(file)", unread), "raw_file"))
            continue
        try:  # never follows a link, never opens a FIFO or device, at most MAX_FILE_BYTES
            read.append((shown, rawtree.read_bounded(path, MAX_FILE_BYTES), None, ""))
        except rawtree.RawFileError as exc:
            read.append((shown, None, Problem(shown, None, "(file)", exc.reason), "record"))
    store = verdicts.VerdictCache(cache, today) if cache is not None else None
    keys = [
        verdicts.record_key(shown, data) if data is not None else "" for shown, data, *_ in read
    ]
    known = store.get_many((k for k in keys if k), extra=with_rows) if store else {}
    hits = [k for k in keys if k in known]
    stored = Accepted.load_many([known[k] for k in hits], date_columns)
    reused = dict(zip(hits, stored, strict=True))
    todo = [
        i
        for i, ((_, _, problem, _), key) in enumerate(zip(read, keys, strict=True))
        if problem is None and key not in reused
    ]
    parsed: dict[int, Parsed] = {}
    for start in range(0, len(todo), STORE_EVERY):
        chunk = todo[start : start + STORE_EVERY]
        rows = parse_record_rows([read[i][:2] for i in chunk], today, dump=store is not None)
        for i, row in zip(chunk, rows, strict=True):
            accepted, _, _, dumped = row
            if store and accepted is not None and dumped is not None:
                store.put(keys[i], *dumped)
            if accepted is not None and not with_rows:  # not wanted: not kept, not sent
                accepted.score_rows, accepted.source_rows = [], []
            parsed[i] = row
        if store:
            store.flush()
    out: list[Outcome] = []
    for i, ((_, _, problem, check), key) in enumerate(zip(read, keys, strict=True)):
        if problem is not None:
            out.append((None, 0, [(problem, check)]))
        elif key in reused:
            out.append((*reused[key], []))
        else:
            accepted, line, problems, _ = parsed[i]
            out.append((accepted, line, [(p, "record") for p in problems]))
    if store:
        store.close()
    return out


# From this many files, a helper process (`helper.py`) checks the second half while this one
# checks the first (a cold check of 45,900 records: docs/benchmarks.md); below it, starting the
# process would cost more than it saves.
PARALLEL_FROM = 4_000
SHARE_CHUNK = 1_000  # files checked here between looks at whether a busy helper is free


def many_records(folder: Path) -> bool:
    """True when `folder` holds at least `PARALLEL_FROM` files (counted without reading any,
    links not followed, stopping there) and there are two cores: enough records that a helper
    process started before the walk pays for itself."""
    if (os.cpu_count() or 1) < 2:
        return False
    count, folders = 0, [folder]
    while folders:
        try:
            with os.scandir(folders.pop()) as it:
                for entry in it:
                    if entry.is_dir(follow_symlinks=False):
                        folders.append(Path(entry.path))
                    else:
                        count += 1
        except OSError:
            continue  # the walk reports it
        if count >= PARALLEL_FROM:
            return True
    return False


def check_all(
    files: list[File],
    today: dt.date,
    cache: Path | None,
    with_rows: bool,
    date_columns: list[int],
    helper: Helper | None = None,
    parallel_from: int | None = None,
) -> list[Outcome]:
    """`check_files` over `files`, in order. With at least `parallel_from` files (default
    `PARALLEL_FROM`) and two cores, a helper process checks the second half meanwhile, with
    the same cache: `helper`, one the caller started early (it may have other work queued:
    this process then starts alone and shares what is left once the helper is free), else one
    started here. If it cannot start, fails or dies, that half is checked here, so
    the outcome is the same either way."""
    args = (today, cache, with_rows, date_columns)
    if (
        len(files) < (PARALLEL_FROM if parallel_from is None else parallel_from)
        or (os.cpu_count() or 1) < 2
    ):
        return check_files(files, *args)
    with contextlib.ExitStack() as stack:
        if helper is None:
            helper = Helper.start()
            if helper is None:
                LOG.warning("record files: no second process; checking every file here")
                return check_files(files, *args)
            stack.enter_context(helper)
        # A helper still busy with earlier work (validate's reference files) gets its share of
        # what is left once it is free: until then this process checks a chunk at a time.
        first, start = [], 0
        while len(files) - start >= 2 * SHARE_CHUNK and not helper.idle():
            first += check_files(files[start : start + SHARE_CHUNK], *args)
            start += SHARE_CHUNK
        half = start + (len(files) - start) // 2
        pending = helper.submit(f"{__name__}:check_files", files[half:], *args)
        first += check_files(files[start:half], *args)
        try:
            second = pending.result()
            if not isinstance(second, list) or len(second) != len(files) - half:
                raise HelperFailed("the second process gave a wrong result")
        except HelperFailed as exc:
            LOG.warning("record files: %s; checking its %d files here", exc, len(files) - half)
            second = check_files(files[half:], *args)
    return first + second
