"""Results kept under the hash of their inputs, and file digests hashed once per process."""

import os

import polars as pl

from pipelines.lib import resultcache
from pipelines.lib.ingest import rawtree


def test_cached_frames_compute_once_per_key_and_round_trip_exactly(tmp_path):
    inputs = pl.DataFrame({"x": [1.0, 2.5, None], "d": [None, "a", "b"]})
    calls = []

    def compute():
        calls.append(1)
        return {"out": inputs.with_columns(pl.col("x") * 2), "dates": pl.DataFrame({"n": [1]})}

    key = resultcache.frames_key([inputs], [300], [resultcache])
    first = resultcache.cached_frames(tmp_path, "t", key, compute)
    again = resultcache.cached_frames(tmp_path, "t", key, compute)
    assert len(calls) == 1
    assert again.keys() == first.keys()
    for name, frame in first.items():
        assert again[name].equals(frame) and again[name].schema == frame.schema
    changed = resultcache.frames_key([inputs.head(2)], [300], [resultcache])
    other_size = resultcache.frames_key([inputs], [301], [resultcache])
    assert len({key, changed, other_size}) == 3
    resultcache.cached_frames(tmp_path, "t", changed, compute)
    assert len(calls) == 2
    assert not list(tmp_path.glob("*.tmp")), "no half-written cache entry left"


def test_a_rewritten_file_is_hashed_again(tmp_path):
    path = tmp_path / "f.csv"
    path.write_bytes(b"a,b\n1,2\n")
    first = rawtree.sha256_file(path)
    assert rawtree.sha256_bounded(path, 1024) == (first, 8)
    path.write_bytes(b"a,b\n1,3\n")  # same size, new content
    os.utime(path, ns=(0, 0))  # even with the old mtime forged away, ctime moves
    second = rawtree.sha256_file(path)
    assert second != first
    assert rawtree.sha256_bounded(path, 1024)[0] == second
