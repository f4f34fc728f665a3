"""Dagster code location: everything under `pipelines/defs/` is loaded automatically."""

import gc
import os
from functools import cache
from pathlib import Path

import dagster as dg


@cache
def _load(_settings: tuple[tuple[str, str], ...], _cwd: str) -> dg.Definitions:
    loaded = dg.load_from_defs_folder(path_within_project=Path(__file__).parent)
    # The definitions (~370 assets and checks with their specs, and the modules behind them)
    # live as long as the process and are most of its heap: left out of the cyclic
    # collector's passes from here on (`gc.freeze`, after one collection so that no garbage
    # is kept), a build's run takes ~6 % less time (docs/benchmarks.md, issue 15's seventh
    # pass).
    gc.collect()
    gc.freeze()
    return loaded


@dg.definitions
def defs() -> dg.Definitions:
    # The CLI asks for the definitions several times per command (five for `job execute`):
    # built once per process for the same ATLAS_* settings (resources bind them at load time).
    settings = tuple(sorted((k, v) for k, v in os.environ.items() if k.startswith("ATLAS_")))
    return _load(settings, os.getcwd())
