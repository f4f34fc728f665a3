"""docs/architecture.md names files that exist, and its walk of `frontier_smallest_model` from
a record to its chart touches at most 12 files, each once."""

from __future__ import annotations

import re

from tests.conftest import REPO_ROOT

DOC = REPO_ROOT / "docs" / "architecture.md"
TEXT = DOC.read_text(encoding="utf-8")
FILE_ENDINGS = (".py", ".md", ".yaml", ".sql", ".json")


def _named_paths(text: str) -> list[str]:
    """Every `code` span that is a path: it has a slash or a file ending, and no space."""
    spans = re.findall(r"`([^`\n]+)`", text)
    return [
        s for s in spans if " " not in s and "(" not in s and ("/" in s or s.endswith(FILE_ENDINGS))
    ]


def _exists(path: str) -> bool:
    """From the repo root (`<x>` and `*` as wildcards); a path without a folder of the root
    (`registry.py`, `sql/<name>.sql`) anywhere in the code folders."""
    pattern = re.sub(r"<[^>]+>", "*", path).rstrip("/")
    if any(REPO_ROOT.glob(pattern)):
        return True
    return any(
        any((REPO_ROOT / top).glob(f"**/{pattern}")) for top in ("pipelines", "dashboard", "tests")
    )


def _walk(text: str) -> list[str]:
    section = text.split("## The walk", 1)[1]
    return re.findall(r"^\d+\. `([^`]+)`", section, flags=re.M)


def test_every_path_the_page_names_exists():
    paths = _named_paths(TEXT)
    assert len(paths) > 30
    assert [p for p in paths if not _exists(p)] == []


def test_a_renamed_file_is_caught():
    assert not _exists("pipelines/defs/trends/analysis_assets.py")
    assert not _exists("analysis_checks.py")
    assert _exists("pipelines/defs/trends/fits.py")


def test_the_walk_touches_at_most_twelve_files_each_once():
    walk = _walk(TEXT)
    assert 2 <= len(walk) <= 12
    assert len(set(walk)) == len(walk), walk
    assert walk[0].startswith("data/raw/") and walk[-1].startswith("dashboard/charts/")
    assert f"({len(walk)} files)" in TEXT  # the page says how many
    assert all(_exists(step) for step in walk)
