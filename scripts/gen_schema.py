"""Regenerate src/parplan/schema/plan.schema.json from the pydantic models."""

from __future__ import annotations

import json
from pathlib import Path

from parplan.schema import Plan
from parplan.schema.plan import SCHEMA_VERSION

SCHEMA_PATH = Path(__file__).resolve().parents[1] / "src" / "parplan" / "schema" / "plan.schema.json"


def schema_text() -> str:
    """The Plan's JSON Schema (pydantic writes draft 2020-12), naming its dialect and itself."""
    schema = {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": f"urn:parplan:schema:plan:{SCHEMA_VERSION}",
        **Plan.model_json_schema(),
    }
    return json.dumps(schema, ensure_ascii=False, indent=2, sort_keys=True) + "\n"


if __name__ == "__main__":
    SCHEMA_PATH.write_text(schema_text(), encoding="utf-8")
    print(f"wrote {SCHEMA_PATH}")
