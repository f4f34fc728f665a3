"""dashboard/queries/overview.py against copies of the real warehouse
(expected values come from SQL written in the tests)."""

from __future__ import annotations

import datetime as dt

from dashboard import queries


def test_models_come_newest_first_with_links(published):
    models = queries.load_models()
    dated = models["release_date"].drop_nulls()
    assert dated.is_sorted(descending=True)
    # Undated models (no source dates them) come last, after every dated one.
    assert models["release_date"].head(dated.len()).null_count() == 0
    assert models["release_date"].null_count() > 0
    assert (models["model_page"] == "./model?model=" + models["model_id"]).all()


def test_upstream_snapshots_come_from_the_manifests(tmp_path, monkeypatch):
    upstream = tmp_path / "upstream"
    (upstream / "alpha").mkdir(parents=True)
    (upstream / "alpha" / "MANIFEST.yaml").write_text(
        "source: alpha\ntitle: Alpha data\nlicence: MIT\nfiles:\n"
        "- {path: a.csv, upstream_date: '2025-01-02', retrieved_date: '2025-02-03', rows: 7}\n"
        "- {path: b.csv, upstream_date: 'n/a (by hand)', rows: x}\n"
    )
    (upstream / "beta").mkdir()
    (upstream / "beta" / "MANIFEST.yaml").write_text("just a string\n")  # ignored, no crash
    (upstream / "gamma").mkdir()
    (upstream / "gamma" / "MANIFEST.yaml").write_text("a: [unclosed\n")  # ignored, no crash
    monkeypatch.setenv("ATLAS_RAW_DIR", str(tmp_path))

    snapshots = queries.load_upstream_snapshots()
    assert snapshots.select("source", "file", "upstream_date", "retrieved_date", "rows").rows() == [
        ("alpha", "a.csv", dt.date(2025, 1, 2), dt.date(2025, 2, 3), 7),
        ("alpha", "b.csv", None, None, None),
    ]

    # An edited MANIFEST is read again (the cache is keyed on the file's version).
    text = (upstream / "alpha" / "MANIFEST.yaml").read_text().replace("2025-01-02", "2025-03-04")
    (upstream / "alpha" / "MANIFEST.yaml").write_text(text + "\n")
    assert queries.load_upstream_snapshots()["upstream_date"][0] == dt.date(2025, 3, 4)


def test_the_real_manifests_name_every_upstream(published):
    snapshots = queries.load_upstream_snapshots()
    assert {"epoch", "litellm", "obsscaling", "open_llm_leaderboard"} <= set(snapshots["source"])
    assert snapshots["upstream_date"].drop_nulls().len() >= 10
