"""Reading the warehouse directly (not through `dashboard.queries`) for the expected values."""

from __future__ import annotations

from pathlib import Path

import duckdb
import polars as pl


def count_rows(path: Path, sql: str) -> int:
    con = duckdb.connect(str(path), read_only=True)
    try:
        return con.sql(sql).fetchall()[0][0]
    finally:
        con.close()


def ids(path: Path, where: str, params: list | None = None) -> list[str]:
    con = duckdb.connect(str(path), read_only=True)
    try:
        rows = con.execute(f"SELECT model_id FROM models WHERE {where}", params or []).fetchall()
    finally:
        con.close()
    return sorted(r[0] for r in rows)


def sql(path: Path, query: str, params: list | None = None) -> pl.DataFrame:
    con = duckdb.connect(str(path), read_only=True)
    try:
        return con.sql(query, params=params).pl()
    finally:
        con.close()
