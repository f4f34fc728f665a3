"""The cut upstream tree the build-only tests build over (tests/conftest.py `upstream_cut_tree`):
each cut file is re-pinned, so a build reads it as a whole pinned snapshot."""

import yaml

from pipelines.lib.upstream.manifest import count_rows, verify

from ..conftest import RAW_DIR, UPSTREAM_CUTS, upstream_cut_tree


def test_every_cut_snapshot_matches_its_rewritten_manifest():
    tree = upstream_cut_tree()
    folders = sorted(p.parent.name for p in tree.glob("*/MANIFEST.yaml"))
    assert folders == sorted(p.parent.name for p in (RAW_DIR / "upstream").glob("*/MANIFEST.yaml"))
    for name in folders:
        assert verify(tree / name) == [], name
    # every file cuts.yaml names is smaller than the pinned original, and not empty
    for spec in yaml.safe_load(UPSTREAM_CUTS.read_text(encoding="utf-8")).values():
        cut, whole = tree / spec["source"], RAW_DIR / "upstream" / spec["source"]
        assert 0 < count_rows(cut) < count_rows(whole), spec["source"]
