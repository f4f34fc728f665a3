"""`make diff BASE=<ref>`: the data diff of a branch that adds a record and changes a value,
checked against the expected markdown. The base is a real commit (HEAD without the
Falcon-H1-1.5B-Base record and without GPT-4's curated MMLU; no branch moves) built by the same
command the workflow runs, in a temporary git worktree; the head is the session's build of
data/raw (one extra build in all)."""

import os
import subprocess
import sys

import duckdb
import pytest

from pipelines.cli.diff import _head_label
from pipelines.lib.publish.diff import MARKER, compare

from ..conftest import REPO_ROOT

FALCON = "data/raw/models/tii/falcon-h1-1.5b-base.yaml"
GPT4 = "data/raw/models/openai/gpt-4.yaml"
GPT4_MMLU = ("benchmarks:", "  mmlu: {score: 86.4, shots: 5}")


def _git(*args: str, env: dict | None = None, stdin: str | None = None) -> str:
    return subprocess.run(
        ["git", *args],
        cwd=REPO_ROOT,
        env=env,
        input=stdin,
        check=True,
        capture_output=True,
        text=True,
        timeout=60,
    ).stdout.strip()


def base_commit(tmp_path) -> str:
    """A commit object whose parent is HEAD, without the Falcon record and GPT-4's MMLU lines:
    the base of a branch that adds the one and sets the other. Written with a private index."""
    env = {
        **os.environ,
        "GIT_INDEX_FILE": str(tmp_path / "index"),
        "GIT_AUTHOR_NAME": "test",
        "GIT_AUTHOR_EMAIL": "test@localhost",
        "GIT_COMMITTER_NAME": "test",
        "GIT_COMMITTER_EMAIL": "test@localhost",
    }
    _git("read-tree", "HEAD", env=env)
    _git("rm", "--cached", "--quiet", FALCON, env=env)
    record = _git("show", f"HEAD:{GPT4}") + "\n"
    kept = [
        line
        for line in record.splitlines()
        if line not in GPT4_MMLU and not line.startswith("  benchmarks.mmlu:")
    ]
    assert len(kept) == len(record.splitlines()) - 3, "GPT-4's record changed: update the test"
    blob = _git("hash-object", "-w", "--stdin", stdin="\n".join(kept) + "\n")
    _git("update-index", "--cacheinfo", f"100644,{blob},{GPT4}", env=env)
    tree = _git("write-tree", env=env)
    return _git("commit-tree", tree, "-p", "HEAD", "-m", "test base for make diff", env=env)


@pytest.fixture(scope="module")
def made_diff(warehouse, tmp_path_factory):
    """`python -m pipelines.cli.diff --base <commit>` as `make diff` runs it (head prebuilt)."""
    tmp = tmp_path_factory.mktemp("diff")
    commit = base_commit(tmp)
    proc = subprocess.run(
        [
            sys.executable,
            "-m",
            "pipelines.cli.diff",
            "--base",
            commit,
            "--head-warehouse",
            str(warehouse),
            "--keep",
            str(tmp / "work"),
            "--out",
            str(tmp / "diff.md"),
        ],
        cwd=REPO_ROOT,
        env={**os.environ, "PYTHONPATH": str(REPO_ROOT), "DAGSTER_HOME": str(REPO_ROOT)},
        capture_output=True,
        text=True,
        timeout=1800,
    )
    assert proc.returncode == 0, proc.stderr[-3000:]
    return commit, tmp, (tmp / "diff.md").read_text()


def _section(markdown: str, title: str) -> str:
    start = markdown.index(f"### {title}")
    end = markdown.find("\n### ", start + 1)
    return markdown[start : None if end < 0 else end + 1]


@pytest.mark.slow
def test_the_diff_of_a_branch_that_adds_a_record_and_changes_a_value(made_diff, warehouse):
    commit, _, markdown = made_diff
    assert markdown.startswith(f"{MARKER}\n## Data diff: `{commit}` → `{_head_label()}`\n\n")
    assert (
        "**2 models added, 0 removed · 1 value changed · 3 frontier or cost records changed · "
        "2 new conflicts · 0 new suspicious values · 0 new rejects**"
    ) in markdown
    # The instruct record names the added base model, so it was a reject in the base.
    assert _section(markdown, "Models added") == (
        "### Models added (2)\n\n"
        "| model | organization | release | defined by |\n"
        "|---|---|---|---|\n"
        "| Falcon-H1-1.5B-Base (`falcon-h1-1.5b-base`) | Technology Innovation Institute | "
        "2025-05-21 | `data/raw/models/tii/falcon-h1-1.5b-base.yaml` |\n"
        "| Falcon-H1-1.5B-Instruct (`falcon-h1-1.5b-instruct`) | Technology Innovation "
        "Institute | 2025-05-21 | `data/raw/models/tii/falcon-h1-1.5b-instruct.yaml` |\n\n"
    )
    # GPT-4's MMLU: Epoch's MMLU file value in the base, the technical report's in the head.
    assert _section(markdown, "Values changed") == (
        "### Values changed (1)\n\n"
        "| model | field | old → new | source of the new value |\n"
        "|---|---|---|---|\n"
        "| GPT-4 (`gpt-4`) | mmlu | 83.9 → 86.4 | https://arxiv.org/pdf/2303.08774 |\n\n"
    )
    assert _section(markdown, "Frontier and cost records") == (
        "### Frontier and cost records (3)\n\n"
        "- 60 % MMLU record since 2025-05 (active parameters): Falcon-H1-1.5B-Deep-Base "
        "(1.5B, 66.29) → Falcon-H1-1.5B-Base (1.5B, 61.81)\n"
        "- 60 % MMLU record since 2025-05 (total parameters): Falcon-H1-1.5B-Deep-Base "
        "(1.5B, 66.29) → Falcon-H1-1.5B-Base (1.5B, 61.81)\n"
        "- 80 % MMLU cheapest since 2023-03: GPT-4 ($37.5 per 1M, 83.9) → "
        "GPT-4 ($37.5 per 1M, 86.4)\n\n"
    )
    assert _section(markdown, "New conflicts") == (
        "### New conflicts (2)\n\n"
        "| model | field | chosen (source) | other (source) | difference |\n"
        "|---|---|---|---|---|\n"
        "| `gpt-4` | mmlu | 86.4 (curated) | 83.9 (epoch_mmlu) | 2.5 absolute |\n"
        "| `gpt-4` | mmlu | 86.4 (curated) | 82.4 (epoch_mmlu) | 4 absolute |\n\n"
    )
    assert _section(markdown, "Rejects fixed") == (
        "### Rejects fixed (1)\n\n"
        "| file | line | field | reason |\n"
        "|---|---|---|---|\n"
        "| `data/raw/models/tii/falcon-h1-1.5b-instruct.yaml` | 1 | base_model | "
        "'falcon-h1-1.5b-base' is not the id of an accepted record |\n\n"
    )
    coverage = _section(markdown, "Coverage (all years)")
    assert "| mmlu | " in coverage and "| models | " in coverage
    with duckdb.connect(str(warehouse), read_only=True) as con:
        models = con.execute("SELECT count(*) FROM models").fetchall()[0][0]
    assert f"| `models` | {models - 2} | {models} |" in _section(markdown, "Rows per table")


@pytest.mark.slow
def test_the_base_is_built_from_the_ref_in_a_worktree_that_is_removed(made_diff, warehouse):
    commit, tmp, markdown = made_diff
    base = tmp / "work" / "base.duckdb"
    with duckdb.connect(str(base), read_only=True) as con:
        built_from = {r[0] for r in con.execute("SELECT git_commit FROM build_manifest").fetchall()}
    assert built_from == {commit}  # the ref itself, clean (no "-dirty")
    assert str(tmp / "work" / "base-tree") not in _git("worktree", "list", "--porcelain")
    # one code path: the command's markdown is the comparison of the two files
    assert markdown == compare(base, warehouse, base_label=commit, head_label=_head_label())


def test_identical_builds_have_no_change(warehouse):
    markdown = compare(warehouse, warehouse, "main", "main")
    assert markdown.endswith("No change to the published tables.\n")
    assert "0 models added, 0 removed · 0 values changed" in markdown


def test_an_unknown_ref_is_a_message_not_a_traceback(warehouse):
    proc = subprocess.run(
        [
            sys.executable,
            "-m",
            "pipelines.cli.diff",
            "--base",
            "no-such-ref-h19",
            "--head-warehouse",
            str(warehouse),
        ],
        cwd=REPO_ROOT,
        env={**os.environ, "PYTHONPATH": str(REPO_ROOT)},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert proc.returncode == 1
    assert proc.stderr.startswith("make diff: no-such-ref-h19: not a git ref here")
    assert "Traceback" not in proc.stderr


def test_a_frontier_record_and_trend_that_appear_are_listed(warehouse):
    """A base without the 60 % (total) record-holders of 2025 and without that trend's fit:
    the head's record appears against "no record" and its fit against "not fitted"."""
    import polars as pl

    from pipelines.lib.publish.diff import load, record_changes, trend_changes

    head = load(warehouse)
    base = load(warehouse)
    at_60 = (
        (pl.col("benchmark") == "mmlu") & (pl.col("threshold") == 60) & (pl.col("basis") == "total")
    )
    frontier = head.tables["frontier_smallest_model"]
    dropped = frontier.filter(at_60 & (pl.col("release_date").dt.year() >= 2025))
    assert dropped.height >= 1
    base.tables["frontier_smallest_model"] = frontier.join(
        dropped, on=frontier.columns, how="anti", nulls_equal=True
    )
    base.tables["frontier_trend"] = head.tables["frontier_trend"].filter(~at_60)
    expected = [
        f"60 % MMLU record since {r['release_date']:%Y-%m} (total parameters): no record → "
        f"{r['name']} ({r['params'] / 1e9:.3g}B, {r['score']:g})"
        for r in dropped.sort("release_date").iter_rows(named=True)
    ]
    assert record_changes(base, head) == expected
    fit = head.tables["frontier_trend"].filter(at_60).row(0, named=True)
    assert trend_changes(base, head) == [
        f"60 % MMLU frontier (total parameters): halving time not fitted → "
        f"{fit['halving_time_months']:.1f} months (0 → {fit['n_points']} record-holders); "
        f"1B forecast none → {fit['forecast_date']}"
    ]
    assert trend_changes(head, head) == [] and record_changes(head, head) == []


def test_the_base_tree_cache_is_seeded_with_every_cached_file(tmp_path):
    """Sub-folders too (the hub's `benchmark_data/`); the base's own MANIFEST is kept."""
    from pipelines.cli.diff import seed_upstream_cache

    source = REPO_ROOT / "data" / "raw" / "upstream"
    target = tmp_path / "upstream"
    (target / "epoch_benchmarking_hub").mkdir(parents=True)
    (target / "epoch_benchmarking_hub" / "MANIFEST.yaml").write_text("source: base\n")
    copied = seed_upstream_cache(source, target)
    hub = source / "epoch_benchmarking_hub"
    cached = [
        p.relative_to(hub)
        for p in hub.rglob("*")
        if p.is_file()
        and p.name not in ("MANIFEST.yaml", "ERRATA.yaml")
        and not p.name.startswith(".")
    ]
    assert any(len(p.parts) > 1 for p in cached), "the hub's cache has a sub-folder"
    assert copied == len(cached)
    for p in cached:
        assert (target / "epoch_benchmarking_hub" / p).read_bytes() == (hub / p).read_bytes()
    assert (target / "epoch_benchmarking_hub" / "MANIFEST.yaml").read_text() == "source: base\n"
    assert not (target / "epoch_2026").exists(), "only the base tree's own source folders"


def test_the_base_tree_shares_the_result_cache(tmp_path):
    """Entries as hard links, the verdicts database through SQLite's backup (whole, readable),
    entries in progress and the base's own entries left alone."""
    import sqlite3

    from pipelines.cli.diff import seed_result_cache

    source, target = tmp_path / "cache", tmp_path / "base" / "cache"
    (source / "capability-abc").mkdir(parents=True)
    (source / "capability-abc" / "fits.parquet").write_bytes(b"fits")
    (source / "capability-abc" / "DONE").write_text("fits")
    (source / "chinchilla_refit-k.parquet").write_bytes(b"refit")
    (source / "capability-def.123.tmp").mkdir()
    (source / "capability-def.123.tmp" / "fits.parquet").write_bytes(b"half")
    (source / "chinchilla_refit-k.123.tmp").write_bytes(b"half")
    with sqlite3.connect(source / "verdicts.sqlite") as con:
        con.execute("PRAGMA journal_mode=WAL")
        con.execute("CREATE TABLE verdicts (key TEXT)")
        con.execute("INSERT INTO verdicts VALUES ('accepted')")
    (target / "report-own").mkdir(parents=True)
    (target / "report-own" / "body.html").write_text("the base's own")
    (target / "chinchilla_refit-k.parquet").write_bytes(b"the base's own")

    assert seed_result_cache(source, target) == 3
    linked = target / "capability-abc" / "fits.parquet"
    assert linked.read_bytes() == b"fits"
    assert linked.stat().st_ino == (source / "capability-abc" / "fits.parquet").stat().st_ino
    assert (target / "capability-abc" / "DONE").is_file()
    assert (target / "chinchilla_refit-k.parquet").read_bytes() == b"the base's own"
    assert (target / "report-own" / "body.html").read_text() == "the base's own"
    assert not any(".tmp" in p.name for p in target.rglob("*"))
    with sqlite3.connect(target / "verdicts.sqlite") as con:
        assert con.execute("SELECT key FROM verdicts").fetchall() == [("accepted",)]
    assert seed_result_cache(tmp_path / "none", target) == 0
