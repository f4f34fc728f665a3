"""Write the record JSON Schema generated from `ModelRecord` (`make schema`).

Editors (VS Code's YAML extension, JetBrains) validate records as contributors type when the file
starts with `# yaml-language-server: $schema=../model-record.schema.json`. A test fails when the
committed schema differs from the model, so the two never drift.
"""

from __future__ import annotations

import json
import sys

from pipelines.lib.ingest.records import json_schema
from pipelines.lib.settings import REPO_ROOT

SCHEMA_PATH = REPO_ROOT / "data" / "raw" / "models" / "model-record.schema.json"


def render() -> str:
    return json.dumps(json_schema(), indent=2, sort_keys=False) + "\n"


def main() -> int:
    SCHEMA_PATH.write_text(render(), encoding="utf-8")
    print(f"wrote {SCHEMA_PATH.relative_to(REPO_ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
