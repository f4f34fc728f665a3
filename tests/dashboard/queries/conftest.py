"""Fixtures of the query tests: a private copy of the session warehouse, published."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest


@pytest.fixture
def published(warehouse: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A private copy of the session warehouse, published at ATLAS_WAREHOUSE."""
    path = tmp_path / "atlas.duckdb"
    shutil.copyfile(warehouse, path)
    monkeypatch.setenv("ATLAS_WAREHOUSE", str(path))
    return path
