"""SQL lives in `.sql` files beside the code that owns it: `sql/<name>.sql` in the module's
folder. `load_sql(__file__, "name")` reads one (cached; a missing file raises
FileNotFoundError with its path)."""

from __future__ import annotations

from functools import cache
from pathlib import Path


@cache
def _read(path: Path) -> str:
    return path.read_text(encoding="utf-8").strip()


def load_sql(owner: str, name: str) -> str:
    """The query in `sql/<name>.sql` beside the module file `owner` (pass `__file__`)."""
    return _read(Path(owner).resolve().parent / "sql" / f"{name}.sql")
