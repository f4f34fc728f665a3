"""Downloads people can use: a filtered view as CSV or Parquet, each value column followed by
the citation of its value (`<column>_source`, from the `sources` table), numbers in plain
decimals without float noise, formula-looking text defused (OWASP, CSV injection), a file name
that says what and when, and the data set's citation (from CITATION.cff).

Pure functions over polars frames: the pages pass what they show.
"""

from __future__ import annotations

import datetime as dt
import decimal
import functools
import io
import re

import polars as pl
import yaml

from pipelines.lib.settings import REPO_ROOT

CITATION_FILE = REPO_ROOT / "CITATION.cff"
SIGNIFICANT_DIGITS = 15  # float64 holds 15-17; the last ones are arithmetic noise (0.1 + 0.2)

# A spreadsheet reads a cell starting with one of these as a formula (OWASP, CSV injection).
_FORMULA_START = r"^[=+\-@\t\r]"


def defuse_formulas(frame: pl.DataFrame) -> pl.DataFrame:
    """`frame` with every text cell that starts with `= + - @`, tab or carriage return prefixed
    by a single quote, as OWASP recommends against CSV injection. Numbers, dates and booleans
    are left alone (a negative number is not text)."""
    return frame.with_columns(
        pl.when(pl.col(c).str.contains(_FORMULA_START))
        .then(pl.lit("'") + pl.col(c))
        .otherwise(pl.col(c))
        .alias(c)
        for c, dtype in frame.schema.items()
        if dtype == pl.String
    )


def plain_decimal(value: float | None) -> str | None:
    """A float as plain decimal text, rounded to 15 significant digits so float noise goes:
    4.600000000000001e+23 -> "460000000000000000000000", 0.30000000000000004 -> "0.3",
    1.5e-07 -> "0.00000015", 70000000000.0 -> "70000000000". None (and NaN) stay empty."""
    if value is None or value != value:
        return None
    if value in (float("inf"), float("-inf")):
        return "inf" if value > 0 else "-inf"
    rounded = decimal.Decimal(f"{value:.{SIGNIFICANT_DIGITS - 1}e}").normalize()
    text = format(rounded, "f")
    return "0" if text in ("-0", "0") else text


def with_sources(frame: pl.DataFrame, sources: pl.DataFrame, key: str = "model_id") -> pl.DataFrame:
    """`frame` with a `<column>_source` column after each of its columns that `sources` (rows of
    key, field, citation) cites: the citation of that value, empty where the value is empty."""
    cited = [c for c in frame.columns if c in set(sources["field"].to_list())]
    if not cited or frame.is_empty():
        return frame
    wide = (
        sources.filter(pl.col("field").is_in(cited))
        .unique([key, "field"], keep="first", maintain_order=True)
        .pivot(on="field", index=key, values="citation")
    )
    wide = wide.rename({c: f"{c}_source" for c in cited if c in wide.columns})
    out = frame.join(wide, on=key, how="left", maintain_order="left")
    order: list[str] = []
    for column in frame.columns:
        order.append(column)
        if f"{column}_source" in out.columns:
            order.append(f"{column}_source")
    return out.with_columns(
        pl.when(pl.col(c).is_not_null()).then(pl.col(f"{c}_source")).alias(f"{c}_source")
        for c in cited
        if f"{c}_source" in out.columns
    ).select(order)


def to_csv(frame: pl.DataFrame) -> bytes:
    """CSV (RFC 4180 quoting, polars'), formula-looking text defused, floats as plain decimals
    (`plain_decimal`), dates ISO, booleans true/false."""
    defused = defuse_formulas(frame)  # text columns only: a number is never a formula
    floats = [c for c, t in frame.schema.items() if t.is_float()]
    text = defused.with_columns(
        pl.Series(c, [plain_decimal(v) for v in frame[c].to_list()], dtype=pl.String)
        for c in floats
    )
    return text.write_csv().encode()


def to_parquet(frame: pl.DataFrame, citation: str) -> bytes:
    """Parquet with column types and values exactly as published (a float64 stays the float64;
    readers print it at their own precision), and the data set's citation in the file's
    key-value metadata (`citation`). Text is not defused: Parquet readers take a string as
    text, never as a formula."""
    buffer = io.BytesIO()
    frame.write_parquet(buffer, metadata={"citation": citation} if citation else None)
    return buffer.getvalue()


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9.]+", "-", text.lower()).strip("-")


def file_name(what: str, parts: list[str], when: dt.date, extension: str) -> str:
    """`scaling-atlas_<what>[_<part>...]_<YYYY-MM-DD>.<extension>`: what the file holds, the
    filters that narrowed it, and the date of the data (the warehouse build)."""
    words = [_slug(what), *[_slug(p) for p in parts if _slug(p)]]
    stem = "_".join(["scaling-atlas", *words, when.isoformat()])
    return f"{stem[:150]}.{extension}"


@functools.cache
def _cff() -> dict:
    try:
        return yaml.safe_load(CITATION_FILE.read_text(encoding="utf-8")) or {}
    except (OSError, yaml.YAMLError):
        return {}


def citation_line(built: dt.date | None) -> str:
    """One line citing the data set, from CITATION.cff (authors, title, version when the file
    has one) with the warehouse build date."""
    cff = _cff()
    authors = ", ".join(
        a.get("name") or " ".join(filter(None, [a.get("given-names"), a.get("family-names")]))
        for a in cff.get("authors") or []
    )
    title = cff.get("title") or "Scaling Atlas"
    version = f", version {cff['version']}" if cff.get("version") else ""
    when = f", warehouse built {built.isoformat()}" if built else ""
    line = f"{authors or 'Scaling Atlas contributors'}. {title} [data set]{version}{when}."
    if cff.get("url"):
        line += f" {cff['url']}"
    return line


def filter_words(filters) -> list[str]:
    """The parts of a file name that say how a `queries.ModelFilters` narrowed the view:
    search text, organisations, weights, architectures, size classes, release dates."""
    words = []
    if (filters.search or "").strip():
        words.append(f"search-{filters.search.strip()}")
    words += list(filters.organizations)
    if filters.open_weights:
        words.append(f"{filters.open_weights}-weights")
    words += list(filters.architectures) + list(filters.size_classes)
    if filters.released_from or filters.released_to:
        start = filters.released_from.isoformat() if filters.released_from else "start"
        end = filters.released_to.isoformat() if filters.released_to else "end"
        words.append(f"released-{start}-to-{end}")
    return words
