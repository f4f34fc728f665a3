"""The committed scaling-law reference files the fit tests compare with."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

REPO_ROOT = Path(__file__).resolve().parents[2]
REFERENCE_DIRS = (REPO_ROOT / "data" / "raw" / "upstream" / "scaling_laws",)  # committed snapshot


def reference_file(name: str) -> Path:
    for folder in REFERENCE_DIRS:
        if (folder / name).is_file():
            return folder / name
    pytest.fail(f"{name} not found in {[str(f) for f in REFERENCE_DIRS]}")


def published_fits() -> dict[str, dict]:
    """Entries of published_scaling_law_fits.yaml by id, plus its rules of thumb."""
    text = reference_file("published_scaling_law_fits.yaml").read_text(encoding="utf-8")
    document = yaml.safe_load(text)
    entries = {entry["id"]: entry for entry in document["fits"]}
    entries["rules_of_thumb"] = document["rules_of_thumb"]
    return entries
