"""Where things live. Every command and asset reads paths from here (ATLAS_* overrides)."""

from __future__ import annotations

import os
import re
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[2]
# Slow results kept under the hash of their inputs (fits, the report, validate's verdicts):
# git-ignored, safe to delete (everything in it is recomputed when missing).
RESULT_CACHE_DIR = REPO_ROOT / ".dagster" / "cache"


def _resolve(value: str) -> Path:
    path = Path(value).expanduser()
    return path if path.is_absolute() else (REPO_ROOT / path)


def raw_dir() -> Path:
    """`ATLAS_RAW_DIR`, default `data/raw` (relative paths are taken from the repo root)."""
    return _resolve(os.environ.get("ATLAS_RAW_DIR", "data/raw"))


def warehouse_path() -> Path:
    """`ATLAS_WAREHOUSE`, default `warehouse/atlas.duckdb`: the published file readers open."""
    return _resolve(os.environ.get("ATLAS_WAREHOUSE", "warehouse/atlas.duckdb"))


def warehouse_target() -> str:
    """`ATLAS_WAREHOUSE` as given when it is a MotherDuck connection string (`md:...`),
    otherwise the resolved local path."""
    value = os.environ.get("ATLAS_WAREHOUSE", "")
    if value.startswith(("md:", "motherduck:")):
        return value
    return str(warehouse_path())


# `motherduck_token=...`, `token=...`, `password=...` in a query string or DuckDB config string.
_SECRET_PARAM = re.compile(r"(?i)\b([a-z_]*(?:token|password|secret))=[^&;\s'\"]*")
# The user-info part of a URL or `md:` string: `md:user:pass@db`, `motherduck://tok@host`.
_USER_INFO = re.compile(r"(?i)\b((?:md|motherduck):(?://)?|[a-z][a-z0-9+.-]*://)[^/@?\s]+@")
REDACTED = "***"


def redact(text: str) -> str:
    """`text` with credentials replaced by `***`: secret query parameters (`motherduck_token`,
    `token`, `password`, ...) and the user-info of `md:`/`motherduck:` and `scheme://` URLs.
    Use it on every target or path that goes into a log or run metadata."""
    text = _SECRET_PARAM.sub(rf"\1={REDACTED}", text)
    return _USER_INFO.sub(rf"\1{REDACTED}@", text)


def models_dir(raw: Path | None = None) -> Path:
    return (raw or raw_dir()) / "models"
