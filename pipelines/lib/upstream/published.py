"""What every reader of an upstream CSV shares: the text patterns its pandera schema checks, the
schema base (columns as published, all text; the columns we read declared, others allowed) and
the one way to read a file and validate it."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pandera.polars as pa
import polars as pl

from pipelines.lib.upstream.manifest import read_published_csv

NUMBER = r"^-?[0-9]+(\.[0-9]*)?([eE][+-]?[0-9]+)?$"
"""A decimal or scientific number as text ("12", "-0.5", "3.1e21")."""

DATE = r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$"
"""An ISO day ("2024-05-13")."""


class PublishedCsvSchema(pa.DataFrameModel):
    """Base of the schema of one upstream CSV as published: every column text
    (`read_published_csv`), the columns the readers use declared, any others allowed (upstreams
    add columns)."""

    class Config:
        strict = False

    @classmethod
    def read(cls, path: Path) -> pl.DataFrame:
        """The file at `path` as published, validated (every failing row reported at once)."""
        return cls.validate(read_published_csv(path), lazy=True)


def number(alias: str, **kwargs: Any) -> Any:
    """A column `alias` holding a number as text, or empty."""
    return pa.Field(alias=alias, nullable=True, str_matches=NUMBER, **kwargs)
