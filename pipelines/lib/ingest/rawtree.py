"""The raw folder's files, walked without following links: each a regular file inside the tree
or a problem (file, reason). The one way validate, the record loader and the build manifest see
`data/raw`.

Rules: nothing outside the tree is read (a symbolic link is reported with where it points and
never followed, file or folder); only regular files are opened (a FIFO, socket or device is
reported from `lstat` and never opened, so it cannot block); files are opened with `O_NOFOLLOW |
O_NONBLOCK` and read up to a cap per kind (records `MAX_FILE_BYTES`, reference files
`REFERENCE_MAX_BYTES`, upstream cache files their MANIFEST `bytes`). Under `models/` a file with a
record-like extension other than `.yaml`/`.yml` (`x.YAML`, `x.json`) is reported, not skipped.
In the upstream cache (`upstream/<source>/`, git-ignored apart from MANIFEST.yaml and
ERRATA.yaml) only the files its MANIFEST pins are inputs; anything else there is not ours to
report. Names starting with `.` (editor and VCS files) are not inputs.
"""

from __future__ import annotations

import hashlib
import os
import stat
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

import yaml

from pipelines.lib.ingest.records import MAX_FILE_BYTES
from pipelines.lib.ingest.safe_yaml import FAST_LOADER

RECORDS_FOLDER = "models"
UPSTREAM_FOLDER = "upstream"
RECORD_SUFFIXES = (".yaml", ".yml")
RECORD_LIKE_SUFFIXES = (".yaml", ".yml", ".json")  # compared case-insensitively
SCHEMA_FILE = "model-record.schema.json"  # generated, beside the records (models/)
REFERENCE_MAX_BYTES = 8 * 1024 * 1024  # aliases.yaml, MANIFEST.yaml, ...: a few kB today
UPSTREAM_MAX_BYTES = 256 * 1024 * 1024  # a pinned file without `bytes` (as the cache's cap)
TRACKED_IN_CACHE = ("MANIFEST.yaml", "ERRATA.yaml")
CHUNK = 1 << 20


class RawFileError(Exception):
    """A path that is not read: the reason says why, in words a contributor can act on."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


@dataclass(frozen=True)
class RawFile:
    """A regular file inside the tree, with the cap it is read under."""

    path: Path
    name: str  # relative to the walked root, '/'-separated
    size: int
    mtime_ns: int
    cap: int
    kind: str  # "record" | "reference" | "upstream" | "other"

    def read(self) -> bytes:
        return read_bounded(self.path, self.cap)

    def sha256(self) -> tuple[str, int]:
        return sha256_bounded(self.path, self.cap)


@dataclass(frozen=True)
class RawProblem:
    """An entry that is not read, and why."""

    path: Path
    name: str
    reason: str


# --------------------------------------------------------------------------- one path


def not_regular(path: Path, st: os.stat_result) -> str | None:
    """Why an `lstat` result is not a readable input (None for a regular file)."""
    mode = st.st_mode
    if stat.S_ISLNK(mode):
        try:
            target = os.readlink(path)
        except OSError as exc:
            target = f"? ({exc.strerror})"
        dangling = "" if os.path.exists(path) else ", which does not exist"
        return (
            f"symbolic link to {target}{dangling}: not followed "
            "(inputs must be regular files inside the raw folder; copy the file in)"
        )
    if stat.S_ISREG(mode):
        return None
    if stat.S_ISDIR(mode):
        return "a folder, not a file"
    kind = (
        "a named pipe (FIFO)"
        if stat.S_ISFIFO(mode)
        else "a socket"
        if stat.S_ISSOCK(mode)
        else "a character device"
        if stat.S_ISCHR(mode)
        else "a block device"
        if stat.S_ISBLK(mode)
        else "a special file"
    )
    return f"{kind}, not a regular file: not read"


def too_large(size: int, cap: int) -> str | None:
    return f"file too large ({size} bytes > {cap})" if size > cap else None


def _open(path: Path) -> int:
    """A file descriptor on a regular file at `path`: refuses links and special files before
    opening (lstat), opens without following or blocking, and checks the opened file again."""
    try:
        st = os.lstat(path)
    except OSError as exc:
        raise RawFileError(f"cannot read file: {exc.strerror or exc}") from None
    reason = not_regular(path, st)
    if reason:
        raise RawFileError(reason)
    flags = os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0)
    try:
        fd = os.open(path, flags)
    except OSError as exc:
        raise RawFileError(f"cannot read file: {exc.strerror or exc}") from None
    opened = os.fstat(fd)
    if not stat.S_ISREG(opened.st_mode) or (opened.st_dev, opened.st_ino) != (
        st.st_dev,
        st.st_ino,
    ):
        os.close(fd)
        raise RawFileError("file changed while it was opened: not read")
    return fd


def read_bounded(path: Path, cap: int) -> bytes:
    """The bytes of the regular file at `path`, at most `cap` of them (RawFileError otherwise)."""
    fd = _open(path)
    try:
        size = os.fstat(fd).st_size
        if reason := too_large(size, cap):
            raise RawFileError(reason)
        chunks, total = [], 0
        while chunk := os.read(fd, min(CHUNK, cap + 1 - total)):
            chunks.append(chunk)
            total += len(chunk)
            if total > cap:
                raise RawFileError(f"file too large (more than {cap} bytes)")
        return b"".join(chunks)
    except OSError as exc:
        raise RawFileError(f"cannot read file: {exc.strerror or exc}") from None
    finally:
        os.close(fd)


# sha256 of files already hashed by this process, keyed by what any change to a file changes
# (device, inode, size, mtime and ctime, which no user can set back): a build hashes each input
# once although the cache, the ingest assets, the MANIFEST check and build_manifest all ask.
_DIGESTS: dict[tuple[int, ...], str] = {}


def stat_key(st: os.stat_result) -> tuple[int, ...]:
    """A file's identity while unchanged (device, inode, size, times): the key of per-process
    memos of what was read from it."""
    return (st.st_dev, st.st_ino, st.st_size, st.st_mtime_ns, st.st_ctime_ns)


def sha256_bounded(path: Path, cap: int) -> tuple[str, int]:
    """(sha256, bytes) of the regular file at `path`, streamed, reading at most `cap` bytes."""
    fd = _open(path)
    digest, total = hashlib.sha256(), 0
    try:
        st = os.fstat(fd)
        if reason := too_large(st.st_size, cap):
            raise RawFileError(reason)
        if (known := _DIGESTS.get(stat_key(st))) is not None:
            return known, st.st_size
        while chunk := os.read(fd, min(CHUNK, cap + 1 - total)):
            digest.update(chunk)
            total += len(chunk)
            if total > cap:
                raise RawFileError(f"file too large (more than {cap} bytes)")
        if stat_key(os.fstat(fd)) == stat_key(st):  # unchanged while read
            _DIGESTS[stat_key(st)] = digest.hexdigest()
    except OSError as exc:
        raise RawFileError(f"cannot read file: {exc.strerror or exc}") from None
    finally:
        os.close(fd)
    return digest.hexdigest(), total


def sha256_file(path: Path) -> str:
    """sha256 of the file at `path` (any size; links followed), hashed once per process while
    the file is unchanged."""
    with path.open("rb") as fh:
        st = os.fstat(fh.fileno())
        if (known := _DIGESTS.get(stat_key(st))) is not None:
            return known
        digest = hashlib.sha256()
        for chunk in iter(lambda: fh.read(CHUNK), b""):
            digest.update(chunk)
        if stat_key(os.fstat(fh.fileno())) == stat_key(st):
            _DIGESTS[stat_key(st)] = digest.hexdigest()
    return digest.hexdigest()


def check(path: Path, name: str, cap: int, kind: str) -> RawFile | RawProblem:
    """One path as the walk sees it: lstat, type, size, and that it opens."""
    try:
        st = os.lstat(path)
    except OSError as exc:
        return RawProblem(path, name, f"cannot read file: {exc.strerror or exc}")
    reason = not_regular(path, st) or too_large(st.st_size, cap)
    if reason is None:
        try:
            os.close(_open(path))
        except RawFileError as exc:
            reason = exc.reason
    if reason:
        return RawProblem(path, name, reason)
    return RawFile(path, name, st.st_size, st.st_mtime_ns, cap, kind)


# --------------------------------------------------------------------------- the walk


def _entries(folder: Path, rel: str) -> Iterator[tuple[Path, str, bool]]:
    """(path, relative path, is a real folder) per entry, sorted, never following links. A
    relative path is '/'-separated text ("" for the walked root): 45,900 `PurePosixPath`s cost
    a walk of scale.py's 100x records ~0.3 s."""
    with os.scandir(folder) as it:
        items = sorted(it, key=lambda e: e.name)
    for entry in items:
        if entry.name.startswith("."):
            continue
        name = f"{rel}/{entry.name}" if rel else entry.name
        yield Path(entry.path), name, entry.is_dir(follow_symlinks=False)


def _walk(
    folder: Path, rel: str, classify, descend=lambda rel: True
) -> Iterator[RawFile | RawProblem]:
    try:
        entries = list(_entries(folder, rel))
    except OSError as exc:
        yield RawProblem(folder, rel or ".", f"cannot read folder: {exc.strerror or exc}")
        return
    for path, name, is_dir in entries:
        if is_dir:
            if descend(name):
                yield from _walk(path, name, classify, descend)
        else:
            yield from classify(path, name)


def _record_rules(path: Path, name: str, in_tree: str) -> Iterator:
    """A file under the records folder: `<id>.yaml` is a record; other record-like names are
    problems; anything else (notes) is an input the loader does not read."""
    base = name.rpartition("/")[2]
    dot = base.rfind(".")
    suffix = base[dot:] if 0 < dot < len(base) - 1 else ""  # as `PurePosixPath.suffix`
    if suffix in RECORD_SUFFIXES:
        yield check(path, name, MAX_FILE_BYTES, "record")
    elif in_tree == SCHEMA_FILE:
        yield check(path, name, REFERENCE_MAX_BYTES, "reference")
    elif suffix.lower() in RECORD_LIKE_SUFFIXES:
        stem = base[: -len(suffix)]
        yield RawProblem(path, name, f"not a record file name: use {stem}.yaml")
    else:
        yield check(path, name, REFERENCE_MAX_BYTES, "other")


def records(folder: Path) -> Iterator[RawFile | RawProblem]:
    """Every entry of a records folder (`data/raw/models` or any folder of record files)."""
    yield from _walk(folder, "", lambda p, n: _record_rules(p, n, n))


def _pins(manifest: RawFile) -> dict[str, int]:
    """{pinned path: cap} from a MANIFEST.yaml (empty when it cannot be read)."""
    try:
        data = yaml.load(manifest.read(), Loader=FAST_LOADER) or {}  # libyaml, as for records
        files = data.get("files", []) if isinstance(data, dict) else []
        return {
            str(PurePosixPath(str(e["path"]))): int(e.get("bytes") or UPSTREAM_MAX_BYTES)
            for e in files
            if isinstance(e, dict) and "path" in e
        }
    except (RawFileError, yaml.YAMLError, TypeError, ValueError):
        return {}


def _source_folder(path: Path, name: str) -> Iterator[RawFile | RawProblem]:
    """`upstream/<source>/`: its tracked MANIFEST.yaml and ERRATA.yaml, and the cached files the
    MANIFEST pins (missing ones are simply not here yet: `make upstream` fetches them)."""
    tracked = [
        check(path / f, f"{name}/{f}", REFERENCE_MAX_BYTES, "reference")
        for f in TRACKED_IN_CACHE
        if os.path.lexists(path / f)
    ]
    yield from tracked
    manifest = next((t for t in tracked if t.name.endswith("/MANIFEST.yaml")), None)
    pins = _pins(manifest) if isinstance(manifest, RawFile) else {}
    folders = {str(p) for pin in pins for p in PurePosixPath(pin).parents}
    start = len(name) + 1  # of a path's part inside the source folder

    def classify(p: Path, n: str) -> Iterator[RawFile | RawProblem]:
        inner = n[start:]
        if inner in pins:
            yield check(p, n, pins[inner], "upstream")
        elif inner in folders:  # on a pinned path, where a real folder must be
            st = os.lstat(p)
            reason = not_regular(p, st) or "a file where a folder of pinned files belongs"
            yield RawProblem(p, n, reason)

    yield from _walk(path, name, classify, lambda n: n[start:] in folders)


def scan(raw: Path) -> Iterator[RawFile | RawProblem]:
    """Every entry of a raw folder (`ATLAS_RAW_DIR`), sorted by name."""

    def classify(p: Path, n: str) -> Iterator[RawFile | RawProblem]:
        top, _, in_tree = n.partition("/")
        if top == RECORDS_FOLDER and in_tree:
            yield from _record_rules(p, n, in_tree)
        else:
            yield check(p, n, REFERENCE_MAX_BYTES, "reference")

    def walk(folder: Path, rel: str) -> Iterator[RawFile | RawProblem]:
        try:
            entries = list(_entries(folder, rel))
        except OSError as exc:
            yield RawProblem(folder, rel or ".", f"cannot read folder: {exc.strerror or exc}")
            return
        in_upstream = rel == UPSTREAM_FOLDER  # its folders are `upstream/<source>`
        for path, name, is_dir in entries:
            if is_dir and in_upstream:
                yield from _source_folder(path, name)
            elif is_dir:
                yield from walk(path, name)
            else:
                yield from classify(path, name)

    yield from walk(raw, "")


def split(entries) -> tuple[list[RawFile], list[RawProblem]]:
    files, problems = [], []
    for e in entries:
        (files if isinstance(e, RawFile) else problems).append(e)
    return files, problems
