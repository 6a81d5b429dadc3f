"""Regenerate schemas/plan.schema.json from the models: `python -m schemas`."""

from __future__ import annotations

import json
from pathlib import Path

from schemas.plan import plan_json_schema

SCHEMA_FILE = Path(__file__).with_name("plan.schema.json")


def schema_text() -> str:
    """The committed JSON Schema's exact text."""
    return json.dumps(plan_json_schema(), ensure_ascii=False, indent=2, sort_keys=True) + "\n"


if __name__ == "__main__":
    SCHEMA_FILE.write_text(schema_text(), encoding="utf-8")
    print(f"wrote {SCHEMA_FILE}")
