"""Dagster code location: everything under `pipelines/defs/` is loaded automatically."""

import os
from functools import cache
from pathlib import Path

import dagster as dg


@cache
def _load(_settings: tuple[tuple[str, str], ...], _cwd: str) -> dg.Definitions:
    return dg.load_from_defs_folder(path_within_project=Path(__file__).parent)


@dg.definitions
def defs() -> dg.Definitions:
    # The CLI asks for the definitions several times per command (five for `job execute`):
    # built once per process for the same ATLAS_* settings (resources bind them at load time).
    settings = tuple(sorted((k, v) for k, v in os.environ.items() if k.startswith("ATLAS_")))
    return _load(settings, os.getcwd())
