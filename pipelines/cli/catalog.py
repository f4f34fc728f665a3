"""Render `warehouse/README.md`, the table catalogue, from the table registry (`make docs`).

The registry (`pipelines/lib/tables/`) is the single source of the table and column docs; a
test fails when the committed catalogue differs from what this renders.
"""

from __future__ import annotations

import sys

from pipelines.lib.settings import REPO_ROOT
from pipelines.lib.tables import TABLES

CATALOG_PATH = REPO_ROOT / "warehouse" / "README.md"

INTRO = """\
# Warehouse catalogue

`warehouse/atlas.duckdb` (or `ATLAS_WAREHOUSE`) is the published DuckDB file. It is replaced
atomically by each successful `make build`; open it read-only:

```python
import duckdb
con = duckdb.connect("warehouse/atlas.duckdb", read_only=True)
con.sql("SELECT name, release_date, params_total, mmlu FROM models ORDER BY release_date").show()
```

Table and column names are a public contract: they change only with a migration note in the
project README. Units: counts are plain numbers (not billions), compute is in FLOP, scores are
percent (0-100), prices are US dollars per million tokens, dates are ISO dates.

Data attribution: values derived from Epoch AI's "Data on AI Models" (https://epoch.ai/data/ai-models)
are licensed CC-BY 4.0; every value's own citation is in `sources`. Scores and the ECI from
Epoch AI's "AI Benchmarking Hub" (https://epoch.ai/benchmarks) are CC-BY 4.0 too; the external
leaderboards it collects (Humanity's Last Exam, the papers and HELM runs it quotes) keep their
own licences.

This file is generated from `pipelines/lib/tables/` by `make docs`; edit the registry, not this.
"""


def render() -> str:
    parts = [INTRO]
    for table in TABLES:
        parts.append(f"## `{table.name}`\n\n{table.purpose}\n\nGrain: {table.grain}.\n")
        parts.append("| column | type | meaning |\n|---|---|---|")
        dtypes = {c: str(col.dtype) for c, col in table.schema.to_schema().columns.items()}
        for column, description in table.columns.items():
            parts.append(f"| `{column}` | {dtypes[column]} | {description} |")
        parts.append("")
    return "\n".join(parts)


def main() -> int:
    CATALOG_PATH.write_text(render(), encoding="utf-8")
    print(f"wrote {CATALOG_PATH.relative_to(REPO_ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
