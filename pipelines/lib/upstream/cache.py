"""Pinned upstream files, fetched into the local cache before anything reads them.

Third-party data files are not committed. Each `data/raw/upstream/<source>/MANIFEST.yaml` pins
its files (origin URL, sha256, bytes, rows); `materialize` makes every pinned file present at
`data/raw/upstream/<source>/<file>` (git-ignored: that folder is the cache, like a `dvc pull`
work tree), taking it from the first place that has the pinned bytes:

1. the cache itself: the file is already there with the pinned sha256 (nothing to do);
2. a local mirror laid out `<source>/<file>`: `ATLAS_UPSTREAM_MIRROR`, by default the team's
   `../shared/reference` beside the repository when that folder exists;
3. the origin URL: bounded time, size and retries; redirects only within the same origin or to
   https on the same registrable domain; streamed to a temporary file.

Bytes are only ever renamed into the cache after their sha256 matches the pin, so nothing partial
or unpinned is ever left there. A file that cannot be had is reported with the two ways to
provide it; callers stop before any build work.
"""

from __future__ import annotations

import os
import shutil
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass
from pathlib import Path

from pipelines.lib.settings import REPO_ROOT

DEFAULT_TIMEOUT_S = 20.0  # per socket operation
DEFAULT_DEADLINE_S = 300.0  # per file, overall
DEFAULT_RETRIES = 2
DEFAULT_MAX_BYTES = 256 * 1024 * 1024
CHUNK = 1 << 20


@dataclass(frozen=True)
class Pin:
    """One pinned upstream file, as its MANIFEST.yaml lists it."""

    source: str
    file: str
    origin_url: str
    sha256: str
    bytes: int | None

    @property
    def relative(self) -> str:
        return f"{self.source}/{self.file}"


@dataclass(frozen=True)
class Outcome:
    pin: Pin
    status: str  # "cached" | "mirror" | "downloaded" | "failed"
    reason: str = ""

    @property
    def ok(self) -> bool:
        return self.status != "failed"


class FetchError(Exception):
    pass


def mirror_dir() -> Path | None:
    """`ATLAS_UPSTREAM_MIRROR` (empty: no mirror), else `../shared/reference` if it exists."""
    value = os.environ.get("ATLAS_UPSTREAM_MIRROR")
    if value is not None:
        if not value.strip():
            return None
        path = Path(value).expanduser()
        return path if path.is_absolute() else REPO_ROOT / path
    default = REPO_ROOT.parent / "shared" / "reference"
    return default if default.is_dir() else None


def pins(upstream: Path) -> list[Pin]:
    """Every file pinned by the MANIFEST.yaml files under `upstream` (sorted, stable); a
    MANIFEST is read like any raw file (no link followed, bounded)."""
    from pipelines.lib.upstream.manifest import load_manifest

    out = []
    for manifest_path in sorted(upstream.glob("*/MANIFEST.yaml")):
        manifest = load_manifest(manifest_path.parent) or {}
        source = manifest_path.parent.name
        for entry in manifest.get("files", []):
            size = entry.get("bytes")
            out.append(
                Pin(
                    source=source,
                    file=str(entry["path"]),
                    origin_url=str(entry["origin_url"]),
                    sha256=str(entry["sha256"]),
                    bytes=int(size) if size is not None else None,
                )
            )
    return out


def sha256_file(path: Path) -> str:
    from pipelines.lib.ingest import rawtree  # hashed once per process per file

    return rawtree.sha256_file(path)


def _is_cached(path: Path, pin: Pin) -> bool:
    # A symlink or special file in the cache is never trusted as a cached copy.
    if path.is_symlink() or not path.is_file():
        return False
    if pin.bytes is not None and path.stat().st_size != pin.bytes:
        return False
    return sha256_file(path) == pin.sha256


def _site(host: str) -> str:
    """The registrable domain, approximated as the last two labels (`raw.githubusercontent.com`
    -> `githubusercontent.com`); loopback addresses are one site (the tests' local server)."""
    host = (host or "").lower().rstrip(".")
    if host in ("localhost", "::1") or host.startswith("127."):
        return "loopback"
    return ".".join(host.split(".")[-2:])


class _SafeRedirects(urllib.request.HTTPRedirectHandler):
    """Follow a redirect only within the same scheme and host, or to https on the same
    registrable domain (a CDN of the origin's own): never to another site or scheme."""

    def redirect_request(self, req, fp, code, msg, headers, newurl):
        old, new = urllib.parse.urlsplit(req.full_url), urllib.parse.urlsplit(newurl)
        same_origin = (new.scheme, new.netloc) == (old.scheme, old.netloc)
        if not same_origin:
            if new.scheme != "https":
                raise FetchError(f"refused redirect from {req.full_url} to {newurl} (not https)")
            if _site(new.hostname or "") != _site(old.hostname or ""):
                raise FetchError(f"refused redirect from {req.full_url} to {newurl} (another site)")
        return super().redirect_request(req, fp, code, msg, headers, newurl)


_OPENER = urllib.request.build_opener(_SafeRedirects)


def download(
    url: str,
    dest: Path,
    *,
    timeout: float = DEFAULT_TIMEOUT_S,
    deadline: float = DEFAULT_DEADLINE_S,
    retries: int = DEFAULT_RETRIES,
    max_bytes: int = DEFAULT_MAX_BYTES,
    sleep=time.sleep,
) -> None:
    """GET `url` into `dest` (http/https only), streaming, within `max_bytes` and an overall
    `deadline` in seconds (a server dripping bytes cannot hold it longer; `timeout` is per socket
    operation); redirects only within the origin or to https on its registrable domain; retries
    transient failures (timeouts, connection errors, HTTP 5xx) with backoff. Raises FetchError
    with one line. The one download both the cache and the refresh use."""
    scheme = urllib.parse.urlsplit(url).scheme
    if scheme not in ("http", "https"):
        raise FetchError(f"refused URL scheme {scheme!r}: {url}")
    start = time.monotonic()
    last = ""
    for attempt in range(retries + 1):
        try:
            request = urllib.request.Request(url, headers={"User-Agent": "scaling-atlas-fetch"})
            with _OPENER.open(request, timeout=timeout) as response:
                declared = response.headers.get("Content-Length")
                if declared is not None and int(declared) > max_bytes:
                    raise FetchError(f"file too large: {int(declared)} bytes > {max_bytes}")
                size = 0
                with dest.open("wb") as out:
                    # read1: whatever has arrived, so a server dripping bytes meets the deadline
                    while chunk := response.read1(1 << 16):
                        size += len(chunk)
                        if size > max_bytes:
                            raise FetchError(f"file too large: more than {max_bytes} bytes")
                        if time.monotonic() - start > deadline:
                            raise FetchError(f"took longer than {deadline:g} s: {url}")
                        out.write(chunk)
                if declared is not None and size != int(declared):
                    raise FetchError(f"truncated download: {size} of {declared} bytes")
            return
        except FetchError:
            raise
        except urllib.error.HTTPError as exc:
            if 300 <= exc.code < 400:  # urllib's own refusal (file:, data:, ... targets)
                raise FetchError(f"refused redirect from {url}: {exc.reason}") from None
            last = f"HTTP {exc.code} from {url}"
            if exc.code < 500:
                raise FetchError(last) from None
        except (urllib.error.URLError, TimeoutError, OSError, ValueError) as exc:
            last = f"cannot download {url}: {getattr(exc, 'reason', exc)}"
        if time.monotonic() - start > deadline:
            raise FetchError(f"took longer than {deadline:g} s: {url} ({last})")
        if attempt < retries:
            sleep(min(2.0**attempt, 5.0))
    raise FetchError(f"{last} (after {retries + 1} attempts)")


def _install(tmp: Path, target: Path, pin: Pin, where: str) -> None:
    """Rename `tmp` onto `target` only when its bytes are the pinned ones."""
    actual = sha256_file(tmp)
    if actual != pin.sha256:
        raise FetchError(
            f"{pin.relative}: sha256 mismatch from {where}: expected {pin.sha256}, got {actual}"
        )
    if target.is_symlink():
        target.unlink()
    umask = os.umask(0)
    os.umask(umask)
    os.chmod(tmp, 0o666 & ~umask)  # mkstemp's 0600 would hide the file from other users
    os.replace(tmp, target)


def fetch_one(
    pin: Pin,
    upstream: Path,
    *,
    mirror: Path | None,
    download_ok: bool = True,
    base_url: str | None = None,
    timeout: float = DEFAULT_TIMEOUT_S,
    deadline: float = DEFAULT_DEADLINE_S,
    max_bytes: int = DEFAULT_MAX_BYTES,
) -> Outcome:
    """Make one pinned file present in the cache; never raises on a bad source."""
    target = upstream / pin.source / pin.file
    if _is_cached(target, pin):
        return Outcome(pin, "cached")
    target.parent.mkdir(parents=True, exist_ok=True)
    problems = []
    fd, name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".part", dir=target.parent)
    os.close(fd)
    tmp = Path(name)
    try:
        if mirror is not None:
            candidate = mirror / pin.source / pin.file
            if candidate.is_file():
                try:
                    shutil.copyfile(candidate, tmp)
                    _install(tmp, target, pin, f"mirror {candidate}")
                    return Outcome(pin, "mirror", str(candidate))
                except (FetchError, OSError) as exc:
                    problems.append(str(exc))
            else:
                problems.append(f"not in mirror {mirror}")
        else:
            problems.append("no mirror (ATLAS_UPSTREAM_MIRROR)")
        if not download_ok:
            problems.append("downloads off (ATLAS_OFFLINE=1)")
        elif pin.origin_url.startswith(("http://", "https://")) and "/tree/" not in pin.origin_url:
            url = f"{base_url.rstrip('/')}/{pin.relative}" if base_url else pin.origin_url
            try:
                download(url, tmp, timeout=timeout, deadline=deadline, max_bytes=max_bytes)
                _install(tmp, target, pin, url)
                return Outcome(pin, "downloaded", url)
            except FetchError as exc:
                problems.append(str(exc))
        else:
            problems.append(f"origin {pin.origin_url} is not a single downloadable file")
        return Outcome(pin, "failed", "; ".join(problems))
    finally:
        tmp.unlink(missing_ok=True)


def materialize(
    upstream: Path,
    *,
    mirror: Path | None = None,
    use_default_mirror: bool = True,
    download_ok: bool | None = None,
    base_url: str | None = None,
    timeout: float | None = None,
) -> list[Outcome]:
    """Fill the cache with every pinned file under `upstream`; one Outcome per pin."""
    if mirror is None and use_default_mirror:
        mirror = mirror_dir()
    if download_ok is None:
        download_ok = os.environ.get("ATLAS_OFFLINE") != "1"
    if timeout is None:
        timeout = float(os.environ.get("ATLAS_REFRESH_TIMEOUT", DEFAULT_TIMEOUT_S))
    return [
        fetch_one(
            pin,
            upstream,
            mirror=mirror,
            download_ok=download_ok,
            base_url=base_url,
            timeout=timeout,
        )
        for pin in pins(upstream)
    ]


def failure_message(outcomes: list[Outcome]) -> str:
    """What is missing and the two ways to provide it (empty when nothing failed)."""
    failed = [o for o in outcomes if not o.ok]
    if not failed:
        return ""
    lines = [f"{len(failed)} pinned upstream file(s) could not be had:"]
    lines += [f"  {o.pin.relative}: {o.reason}" for o in failed]
    lines += [
        "Provide them in one of two ways, then run the command again:",
        "  1. a mirror folder laid out <source>/<file>: ATLAS_UPSTREAM_MIRROR=/path/to/mirror",
        "     (default: ../shared/reference beside the repository);",
        "  2. network access to each file's origin_url in its MANIFEST.yaml (unset ATLAS_OFFLINE).",
        "Nothing was built or published.",
    ]
    return "\n".join(lines)
