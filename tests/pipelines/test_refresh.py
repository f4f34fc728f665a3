"""Upstream refresh against a local HTTP server on 127.0.0.1 (never the network): good and broken
snapshots. On every failure the committed snapshot and its MANIFEST stay byte-for-byte."""

import datetime as dt
import shutil
import time

import pytest
import yaml

from pipelines.lib.upstream.aggregators import read_obsscaling
from pipelines.lib.upstream.manifest import verify
from pipelines.lib.upstream.refresh import Sentinel, refresh_file

from ..conftest import RAW_DIR
from ..local_http import respond, serve

NAME = "base_llm_benchmark_eval.csv"
ORIGINAL = (RAW_DIR / "upstream" / "obsscaling" / NAME).read_bytes()
HEADER, _, BODY = ORIGINAL.partition(b"\n")
NEW_ROW = b"example/new-base-model,Example,1.0,1.0,6.0,0.3,0.3,0.3,0.5,0.4,0.1,0.5,0.1\n"
SENTINELS = (Sentinel("Model", "meta-llama/Llama-2-70b-hf", ("Model Size (B)", "MMLU")),)


def _changed_llama() -> bytes:
    lines = ORIGINAL.decode().splitlines(keepends=True)
    out = []
    for line in lines:
        if line.startswith("meta-llama/Llama-2-70b-hf,"):
            cells = line.split(",")
            cells[2] = "65.0"  # the well-known size changes
            line = ",".join(cells)
        out.append(line)
    return "".join(out).encode()


ROUTES = {
    "/good.csv": (200, ORIGINAL + NEW_ROW, {}),
    "/same.csv": (200, ORIGINAL, {}),
    "/500.csv": (500, b"internal error", {}),
    "/404.csv": (404, b"not found", {}),
    "/empty.csv": (200, b"", {}),
    "/renamed.csv": (200, ORIGINAL.replace(b"FLOPs (1E21)", b"FLOPs (1e21)", 1), {}),
    "/latin1.csv": (
        200,
        ORIGINAL + "caf\u00e9/model,X,1,1,6,0.3,0.3,0.3,0.5,0.4,0.1,0.5,0.1\n".encode("latin-1"),
        {},
    ),
    "/truncated.csv": (200, ORIGINAL[: len(ORIGINAL) // 2], {"Content-Length": str(len(ORIGINAL))}),
    "/shrunk.csv": (200, HEADER + b"\n" + b"".join(BODY.splitlines(keepends=True)[:10]), {}),
    "/changed.csv": (200, _changed_llama(), {}),
    "/huge.csv": (200, ORIGINAL * 40, {}),
    "/garbage.csv": (200, b"<html><body>Rate limited</body></html>\n", {}),
}


def _slow(handler) -> None:
    time.sleep(2)
    respond(handler, 200, ORIGINAL, {})


HITS: dict[str, int] = {}


@pytest.fixture(scope="module")
def server():
    with serve({**ROUTES, "/slow.csv": _slow}, default=(200, ORIGINAL, {})) as (url, hits):
        global HITS
        HITS = hits
        yield url


@pytest.fixture
def snapshot(tmp_path):
    folder = tmp_path / "obsscaling"
    shutil.copytree(RAW_DIR / "upstream" / "obsscaling", folder)
    return folder


def _refresh(snapshot, url, **kw):
    # The download, schema and drift checks alone: the trial build on a whole raw folder has
    # its own test (tests/pipelines/test_hardening.py).
    kw.setdefault("build_check", None)
    kw.setdefault("timeout", 1.0)
    kw.setdefault("retries", 1)
    return refresh_file(
        snapshot,
        NAME,
        read_obsscaling,
        url=url,
        sentinels=SENTINELS,
        sleep=lambda s: None,
        today=dt.date(2026, 11, 25),
        **kw,
    )


def test_good_snapshot_replaces_the_file_and_updates_the_manifest(server, snapshot):
    result = _refresh(snapshot, f"{server}/good.csv")
    assert result.status == "updated", result.reason
    assert (snapshot / NAME).read_bytes() == ORIGINAL + NEW_ROW
    entry = yaml.safe_load((snapshot / "MANIFEST.yaml").read_text())["files"][0]
    assert entry["rows"] == 149 and entry["retrieved_date"] == "2026-11-25"
    assert entry["bytes"] == len(ORIGINAL + NEW_ROW)  # the cache checks the size too
    assert verify(snapshot) == []  # hash and rows in step with the new file
    assert not list(snapshot.glob(".*download"))


def test_identical_snapshot_is_unchanged(server, snapshot):
    assert _refresh(snapshot, f"{server}/same.csv").status == "unchanged"


@pytest.mark.parametrize(
    ("route", "reason", "kw"),
    [
        ("/500.csv", "HTTP 500", {}),
        ("/404.csv", "HTTP 404", {}),
        ("/slow.csv", "cannot download", {"timeout": 0.3}),
        # an overall deadline, whatever the per-read timeout (the shared download's)
        ("/slow.csv", "took longer than 0.5 s", {"timeout": 5.0, "deadline": 0.5}),
        ("/truncated.csv", "", {}),
        ("/empty.csv", "empty file", {}),
        ("/renamed.csv", "FLOPs (1E21)", {}),
        ("/latin1.csv", "not valid UTF-8", {}),
        ("/huge.csv", "file too large", {"max_bytes": 200_000}),
        ("/shrunk.csv", "row count fell from 148 to 10", {}),
        ("/changed.csv", "well-known value changed", {}),
        ("/garbage.csv", "fails its schema", {}),
    ],
)
def test_broken_snapshots_keep_the_last_good_one(server, snapshot, route, reason, kw):
    manifest_before = (snapshot / "MANIFEST.yaml").read_bytes()
    result = _refresh(snapshot, f"{server}{route}", **kw)
    assert result.status == "failed"
    assert reason in result.reason, result.reason
    assert (snapshot / NAME).read_bytes() == ORIGINAL
    assert (snapshot / "MANIFEST.yaml").read_bytes() == manifest_before
    assert not list(snapshot.glob(".*download"))


def test_transient_failures_are_retried_a_bounded_number_of_times(server, snapshot):
    HITS.pop("/500.csv", None)
    _refresh(snapshot, f"{server}/500.csv", retries=2)
    assert HITS["/500.csv"] == 3
    HITS.pop("/404.csv", None)
    _refresh(snapshot, f"{server}/404.csv", retries=2)
    assert HITS["/404.csv"] == 1  # a 4xx will not get better by asking again


def test_unreachable_host_fails_fast_with_a_reason(snapshot):
    # Port 9 on 127.0.0.1 (discard) is closed here: connection refused, no network touched.
    result = _refresh(snapshot, "http://127.0.0.1:9/x.csv", retries=0)
    assert result.status == "failed" and "cannot download" in result.reason


def _tree(upstream):
    """A handler serving the snapshots under `upstream` by relative path (so each download
    is the pinned file's own bytes); one file answers HTTP 500."""

    def handle(handler) -> None:
        rel = handler.path.lstrip("/")
        if rel == "epoch/epoch_external_benchmark_mmlu.csv":
            respond(handler, 500, b"boom", {})
            return
        path = upstream / rel
        respond(handler, *((200, path.read_bytes(), {}) if path.is_file() else (404, b"", {})))

    return handle


@pytest.mark.slow
def test_refresh_job_failures_never_break_the_build(tmp_path, monkeypatch):
    from pipelines.dagster_instance import repo_instance
    from pipelines.definitions import defs

    from ..conftest import atlas_env, fixture_raw_dir

    raw = fixture_raw_dir(tmp_path, cut=True)  # about the refresh job, not upstream rows
    before = (raw / "upstream" / "epoch" / "epoch_external_benchmark_mmlu.csv").read_bytes()
    warehouse = tmp_path / "atlas.duckdb"
    monkeypatch.setenv("ATLAS_REFRESH_TIMEOUT", "5")
    with serve({}, default=_tree(raw / "upstream")) as (url, _):
        monkeypatch.setenv("ATLAS_REFRESH_BASE_URL", url)
        with atlas_env(raw, warehouse), repo_instance() as instance:
            result = (
                defs()
                .resolve_job_def("warehouse_refresh")
                .execute_in_process(instance=instance, raise_on_error=False)
            )
    assert result.success, "a failed refresh must never fail the build"
    checks = {e.check_name: e.passed for e in result.get_asset_check_evaluations()}
    assert checks["snapshot_epoch_mmlu__refreshed"] is False
    assert checks["snapshot_obsscaling__refreshed"] is True  # same bytes: unchanged, fine
    assert (raw / "upstream" / "epoch" / "epoch_external_benchmark_mmlu.csv").read_bytes() == before
    assert warehouse.exists()
