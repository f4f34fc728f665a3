"""The pinned-upstream cache: cache, mirror, then origin — against a local HTTP server on
127.0.0.1 (never the network). Bytes reach the cache only when their sha256 is the pinned one;
nothing partial is ever left behind; a file that cannot be had stops the build with a message."""

from __future__ import annotations

import contextlib
import hashlib
import subprocess
import sys
import time
from pathlib import Path

import pytest
import yaml

from pipelines.lib.upstream.cache import (
    failure_message,
    fetch_one,
    materialize,
    pins,
)

from ..conftest import REPO_ROOT, build_warehouse
from ..local_http import serve

# Bytes of our own making (not third-party data): what the pin says the file is.
GOOD = b"model,score\nexample-1b,51.5\nexample-7b,63.0\n"
OTHER = b"model,score\nexample-1b,99.9\n"
GOOD_SHA = hashlib.sha256(GOOD).hexdigest()


def _drip(handler) -> None:
    """One byte at a time: each read is quick, the whole is not."""
    handler.send_response(200)
    handler.send_header("Content-Length", str(len(GOOD)))
    handler.end_headers()
    with contextlib.suppress(BrokenPipeError, ConnectionResetError):
        for byte in GOOD:
            handler.wfile.write(bytes([byte]))
            handler.wfile.flush()
            time.sleep(0.1)


ROUTES = {
    "/good.csv": (200, GOOD, {}),
    "/other.csv": (200, OTHER, {}),
    "/404.csv": (404, b"not found", {}),
    "/truncated.csv": (200, GOOD[:10], {"Content-Length": str(len(GOOD))}),
    "/to-ftp.csv": (302, b"", {"Location": "ftp://127.0.0.1/good.csv"}),
    "/to-file.csv": (302, b"", {"Location": "file:///etc/passwd"}),
    "/to-same.csv": (302, b"", {"Location": "/good.csv"}),
    "/drip.csv": _drip,
}
HITS: dict[str, int] = {}


@pytest.fixture(scope="module")
def server():
    with serve(ROUTES) as (url, hits):
        global HITS
        HITS = hits
        yield url


def _upstream(tmp_path: Path, origin: str, sha: str = GOOD_SHA) -> Path:
    """An upstream folder whose one MANIFEST pins `example/scores.csv`."""
    folder = tmp_path / "upstream" / "example"
    folder.mkdir(parents=True)
    manifest = {
        "source": "example",
        "licence": "CC0-1.0",
        "files": [
            {
                "path": "scores.csv",
                "origin_url": origin,
                "sha256": sha,
                "bytes": len(GOOD),
                "rows": 2,
            }
        ],
    }
    (folder / "MANIFEST.yaml").write_text(yaml.safe_dump(manifest), encoding="utf-8")
    return tmp_path / "upstream"


def _leftovers(upstream: Path) -> list[str]:
    return sorted(p.name for p in (upstream / "example").iterdir() if p.name != "MANIFEST.yaml")


def test_pin_match_downloads_into_the_cache(tmp_path, server):
    upstream = _upstream(tmp_path, f"{server}/good.csv")
    (outcome,) = [fetch_one(p, upstream, mirror=None) for p in pins(upstream)]
    assert outcome.status == "downloaded", outcome.reason
    assert (upstream / "example" / "scores.csv").read_bytes() == GOOD
    assert _leftovers(upstream) == ["scores.csv"]  # no temporary file left


def test_cached_file_is_not_fetched_again(tmp_path, server):
    upstream = _upstream(tmp_path, f"{server}/good.csv")
    (upstream / "example" / "scores.csv").write_bytes(GOOD)
    before = HITS.get("/good.csv", 0)
    (outcome,) = materialize(upstream, use_default_mirror=False)
    assert outcome.status == "cached"
    assert HITS.get("/good.csv", 0) == before


def test_mirror_is_used_before_the_origin(tmp_path, server):
    upstream = _upstream(tmp_path, f"{server}/404.csv")
    mirror = tmp_path / "mirror" / "example"
    mirror.mkdir(parents=True)
    (mirror / "scores.csv").write_bytes(GOOD)
    (outcome,) = materialize(upstream, mirror=tmp_path / "mirror")
    assert outcome.status == "mirror", outcome.reason
    assert (upstream / "example" / "scores.csv").read_bytes() == GOOD


def test_a_stale_cached_file_is_replaced_by_the_pinned_bytes(tmp_path, server):
    upstream = _upstream(tmp_path, f"{server}/good.csv")
    (upstream / "example" / "scores.csv").write_bytes(OTHER)
    (outcome,) = materialize(upstream, use_default_mirror=False)
    assert outcome.status == "downloaded"
    assert (upstream / "example" / "scores.csv").read_bytes() == GOOD


@pytest.mark.parametrize(
    ("route", "expected"),
    [
        # the bytes are not the pinned ones: refused with both hashes and where they came from
        ("/other.csv", f"sha256 mismatch from {{server}}/other.csv: expected {GOOD_SHA}, got "),
        ("/404.csv", "HTTP 404"),
        ("/truncated.csv", "truncated download"),
        ("/to-ftp.csv", "refused redirect"),  # to another scheme
        ("/to-file.csv", "refused redirect"),  # to a local file
    ],
)
def test_bad_downloads_are_refused_and_leave_nothing(tmp_path, server, route, expected):
    upstream = _upstream(tmp_path, f"{server}{route}")
    (outcome,) = materialize(upstream, use_default_mirror=False)
    assert outcome.status == "failed"
    assert expected.format(server=server) in outcome.reason
    assert _leftovers(upstream) == []  # nothing partial, nothing unpinned


def test_mismatch_message_names_actual_hash(tmp_path, server):
    upstream = _upstream(tmp_path, f"{server}/other.csv")
    (outcome,) = materialize(upstream, use_default_mirror=False)
    assert hashlib.sha256(OTHER).hexdigest() in outcome.reason


def test_redirect_within_the_same_origin_is_followed(tmp_path, server):
    upstream = _upstream(tmp_path, f"{server}/to-same.csv")
    (outcome,) = materialize(upstream, use_default_mirror=False)
    assert outcome.status == "downloaded", outcome.reason


def test_overall_deadline_stops_a_dripping_server(tmp_path, server):
    upstream = _upstream(tmp_path, f"{server}/drip.csv")
    (pin,) = pins(upstream)
    started = time.monotonic()
    outcome = fetch_one(pin, upstream, mirror=None, timeout=5, deadline=0.5)
    assert outcome.status == "failed"
    assert "took longer than 0.5 s" in outcome.reason
    assert time.monotonic() - started < 4  # not the ~4.5 s the whole drip would take
    assert _leftovers(upstream) == []


def test_offline_without_mirror_names_the_file_and_both_ways(tmp_path, server):
    upstream = _upstream(tmp_path, f"{server}/good.csv")
    outcomes = materialize(upstream, use_default_mirror=False, download_ok=False)
    message = failure_message(outcomes)
    assert "example/scores.csv" in message
    assert "ATLAS_UPSTREAM_MIRROR" in message and "origin_url" in message
    assert failure_message(materialize(_upstream(tmp_path / "b", f"{server}/good.csv"))) == ""


def _missing_raw(tmp_path: Path, server: str) -> Path:
    raw = tmp_path / "raw"
    (raw / "models").mkdir(parents=True)
    _upstream(raw, f"{server}/good.csv")
    return raw


def test_cli_exits_1_with_the_message(tmp_path, server):
    raw = _missing_raw(tmp_path, server)
    env = {
        "PATH": "/usr/bin:/bin",
        "PYTHONPATH": str(REPO_ROOT),
        "ATLAS_RAW_DIR": str(raw),
        "ATLAS_UPSTREAM_MIRROR": "",
        "ATLAS_OFFLINE": "1",
    }
    proc = subprocess.run(
        [sys.executable, "-m", "pipelines.cli.upstream"],
        cwd=REPO_ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert proc.returncode == 1
    assert "example/scores.csv" in proc.stderr
    assert "Traceback" not in proc.stderr
    assert "Nothing was built or published" in proc.stderr


def test_build_stops_before_ingest_when_a_pin_cannot_be_had(tmp_path, server, monkeypatch):
    raw = _missing_raw(tmp_path, server)
    monkeypatch.setenv("ATLAS_UPSTREAM_MIRROR", "")
    monkeypatch.setenv("ATLAS_OFFLINE", "1")
    warehouse = tmp_path / "atlas.duckdb"
    result = build_warehouse(raw, warehouse)
    assert not result.success
    failed = [e.step_key for e in result.all_events if e.event_type_value == "STEP_FAILURE"]
    # the first failure; steps after it refuse to start a build of a failed run (issue 18)
    assert failed[0] == "upstream_files"
    assert not warehouse.exists()  # nothing published
    assert [p.name for p in tmp_path.glob("atlas.duckdb.build-*") if p.stat().st_size] == []
