"""Hostile upstream files and a broken MANIFEST (issue 18): the refresh refuses what the build
would refuse, repeats are drift, a malformed MANIFEST is a reason; the build never counts a
repeated row twice. Downloads come from a local server on 127.0.0.1, builds are real Dagster runs
on real DuckDB files (docs/reliability.md lists every fault and the test that proves it)."""

import datetime as dt
import shutil

import duckdb
import pytest
import yaml

from pipelines.lib.upstream.aggregators import read_epoch_prices, read_obsscaling
from pipelines.lib.upstream.duplicates import UPSTREAM_KEYS
from pipelines.lib.upstream.manifest import count_rows, sha256_of
from pipelines.lib.upstream.refresh import refresh_file

from ..conftest import RAW_DIR, build_warehouse, check_results, fixture_raw_dir
from ..local_http import serve

OBS = "base_llm_benchmark_eval.csv"
ORIGINAL = (RAW_DIR / "upstream" / "obsscaling" / OBS).read_bytes()
HEADER, _, BODY = ORIGINAL.partition(b"\n")
TEN_TIMES = HEADER + b"\n" + b"".join(line * 10 for line in BODY.splitlines(keepends=True))
LLAMA = next(line for line in BODY.splitlines(keepends=True) if line.startswith(b"meta-llama/"))
# a second row under a key that is one row per model, with another value
SECOND_KEY = ORIGINAL + LLAMA.rstrip(b"\n").rsplit(b",", 1)[0] + b",0.999\n"

PRICES = "epoch_api_prices_2025-02.csv"
PRICES_ORIGINAL = (RAW_DIR / "upstream" / "epoch" / PRICES).read_bytes()
# GPT-3 175B (davinci)'s price of 2024-01-04 cites it: a claim in the build of the fixture
# records over the cut upstreams, whose models include GPT-3 (tests/fixtures/upstream/cuts.yaml)
LINK = b"https://archive.ph/KFtd2#selection-947.4-947.5"
JAVASCRIPT = PRICES_ORIGINAL.replace(LINK, b"javascript:alert(document.domain)")
NEW_PRICE_ROW = (  # the pinned file ends without a newline
    b"\n$1.00 / 1M input tokens,$1.00000,$/1M input tokens,Example model,,2025-01-01,,"
    b"Example,Example,,https://example.org/pricing,,,1/1/2025 1:00pm,,Test"
)


@pytest.fixture(scope="module")
def server():
    routes = {
        "/ten.csv": (200, TEN_TIMES, {}),
        "/second-key.csv": (200, SECOND_KEY, {}),
        "/javascript.csv": (200, JAVASCRIPT, {}),
        "/new-price.csv": (200, PRICES_ORIGINAL + NEW_PRICE_ROW, {}),
    }
    with serve(routes) as (url, _):
        yield url


@pytest.fixture
def snapshot(tmp_path):
    folder = tmp_path / "obsscaling"
    shutil.copytree(RAW_DIR / "upstream" / "obsscaling", folder)
    return folder


def _kept(folder, name, manifest_before, original):
    assert (folder / name).read_bytes() == original
    assert (folder / "MANIFEST.yaml").read_bytes() == manifest_before
    assert not list(folder.glob(".*download"))


@pytest.mark.parametrize(
    ("route", "reason"),
    [
        ("/ten.csv", "1332 of 1480 rows repeat an earlier row word for word"),
        ("/second-key.csv", "1 Model values on more than one row: 'meta-llama/"),
    ],
)
def test_repeated_rows_or_keys_are_drift(server, snapshot, route, reason):
    before = (snapshot / "MANIFEST.yaml").read_bytes()
    result = refresh_file(
        snapshot,
        OBS,
        read_obsscaling,
        url=f"{server}{route}",
        key=UPSTREAM_KEYS["raw_obsscaling"],
        build_check=None,
        sleep=lambda s: None,
    )
    assert result.status == "failed"
    assert reason in result.reason, result.reason
    _kept(snapshot, OBS, before, ORIGINAL)


MALFORMED = [
    ("files: [\n  - path: x\n", "MANIFEST.yaml:2: malformed MANIFEST"),
    ("source: obsscaling\nfiles: nope\n", "files: expected a list of entries"),
    (
        f"source: obsscaling\nfiles:\n  - path: {OBS}\n    origin_url: https://x.org/a.csv\n",
        f"{OBS}: missing sha256, rows",
    ),
    (
        f"files:\n  - path: {OBS}\n    origin_url: u\n    sha256: s\n    rows: many\n",
        "rows: 'many' is not a number",
    ),
    (None, "cannot read MANIFEST"),  # no MANIFEST at all
]


@pytest.mark.parametrize(("text", "reason"), MALFORMED)
def test_a_malformed_manifest_fails_the_refresh_with_a_reason(server, snapshot, text, reason):
    manifest = snapshot / "MANIFEST.yaml"
    if text is None:
        manifest.unlink()
    else:
        manifest.write_text(text)
    result = refresh_file(snapshot, OBS, read_obsscaling, url=f"{server}/ten.csv", build_check=None)
    assert result.status == "failed"
    assert reason in result.reason, result.reason
    assert (snapshot / OBS).read_bytes() == ORIGINAL


def _prices(raw, url):
    return refresh_file(
        raw / "upstream" / "epoch",
        PRICES,
        read_epoch_prices,
        url=url,
        timeout=5.0,
        sleep=lambda s: None,
        today=dt.date(2026, 12, 6),
    )


@pytest.mark.slow
def test_the_refresh_runs_the_builds_checks(server, tmp_path):
    """A `javascript:` citation passes the price file's own schema but not the build's claims:
    the trial build refuses it and the pin stays. A plain new row passes the same trial."""
    # The price file whole, the other upstreams cut: the trial builds are about this file.
    raw = fixture_raw_dir(tmp_path, cut=True)
    epoch = raw / "upstream" / "epoch"
    (epoch / PRICES).unlink()  # the cut's own file: replace, never write through
    (epoch / PRICES).write_bytes(PRICES_ORIGINAL)
    _repin(epoch, PRICES)
    before = (epoch / "MANIFEST.yaml").read_bytes()
    read_epoch_prices(epoch / PRICES)  # the pinned file passes its own schema
    result = _prices(raw, f"{server}/javascript.csv")
    assert result.status == "failed"
    assert result.reason.startswith("the build would refuse it: step models fails")
    assert "citation" in result.reason, result.reason
    _kept(epoch, PRICES, before, PRICES_ORIGINAL)
    assert not list(tmp_path.glob(".atlas-trial-*"))  # the scratch tree is gone

    result = _prices(raw, f"{server}/new-price.csv")
    assert result.status == "updated", result.reason
    assert (epoch / PRICES).read_bytes() == PRICES_ORIGINAL + NEW_PRICE_ROW
    assert (RAW_DIR / "upstream" / "epoch" / PRICES).read_bytes() == PRICES_ORIGINAL


def _repin(folder, name):
    """Pin the file now at folder/name (as a reviewed refresh would have)."""
    manifest = yaml.safe_load((folder / "MANIFEST.yaml").read_text())
    for entry in manifest["files"]:
        if entry["path"] == name:
            path = folder / name
            entry.update(sha256=sha256_of(path), bytes=path.stat().st_size, rows=count_rows(path))
    (folder / "MANIFEST.yaml").unlink()
    (folder / "MANIFEST.yaml").write_text(yaml.safe_dump(manifest, sort_keys=False))


@pytest.mark.slow
def test_a_pinned_file_with_repeated_rows_is_reported_never_counted_twice(tmp_path, monkeypatch):
    monkeypatch.setenv("ATLAS_OFFLINE", "1")
    monkeypatch.setenv("ATLAS_UPSTREAM_MIRROR", "")
    raw = fixture_raw_dir(tmp_path, cut=True)  # the file under test is whole (TEN_TIMES)
    folder = raw / "upstream" / "obsscaling"
    (folder / OBS).unlink()  # a hard link to the cache: replace, never write through
    (folder / OBS).write_bytes(TEN_TIMES)
    _repin(folder, OBS)
    warehouse = tmp_path / "wh" / "atlas.duckdb"
    result = build_warehouse(raw, warehouse)
    assert result.success
    assert check_results(result)["raw_obsscaling__no_repeated_rows"] is False
    with duckdb.connect(str(warehouse), read_only=True) as con:
        assert con.execute("SELECT count(*) FROM raw_obsscaling").fetchall()[0][0] == 1480
        total, distinct = con.execute(
            "SELECT count(*), (SELECT count(*) FROM (SELECT DISTINCT * FROM claims "
            "WHERE source = 'obsscaling')) FROM claims WHERE source = 'obsscaling'"
        ).fetchall()[0]
        assert total == distinct > 100  # each distinct row once: no claim counted ten times
        rows, unique = con.execute(
            "SELECT count(*), (SELECT count(*) FROM (SELECT DISTINCT * FROM conflicts)) "
            "FROM conflicts"
        ).fetchall()[0]
        assert rows == unique


@pytest.mark.parametrize(
    ("location", "reason"),
    [
        ("https://example.invalid/base_llm_benchmark_eval.csv", "(another site)"),
        ("http://example.invalid/base_llm_benchmark_eval.csv", "(not https)"),
    ],
)
def test_redirects_to_another_site_are_refused_before_any_request(tmp_path, location, reason):
    """Only the same origin, or https on the same registrable domain: never another site
    (before: any https host was followed). `.invalid` never resolves, and is never asked."""
    from pipelines.lib.upstream.cache import FetchError, download

    with (
        serve({"/away.csv": (302, b"", {"Location": location})}) as (url, hits),
        pytest.raises(FetchError, match="refused redirect") as caught,
    ):
        download(f"{url}/away.csv", tmp_path / "x.csv", timeout=2.0, retries=0)
    assert reason in str(caught.value)
    assert hits["/away.csv"] == 1
