"""The committed JSON Schema is current, and the schema rejects unknown fields."""

from __future__ import annotations

import importlib.util

import pytest
from pydantic import ValidationError

from parplan.schema import Metadata, Plan
from tests.conftest import ROOT


def _gen_module():
    spec = importlib.util.spec_from_file_location("gen_schema", ROOT / "scripts" / "gen_schema.py")
    assert spec and spec.loader
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def test_committed_schema_is_current() -> None:
    gen = _gen_module()
    assert gen.SCHEMA_PATH.read_text(encoding="utf-8") == gen.schema_text(), "run: python scripts/gen_schema.py"


def test_unknown_fields_are_rejected() -> None:
    with pytest.raises(ValidationError):
        Plan(file="x", format="txt", metadata=Metadata(doc_type="ke_hoach"), surprise=1)  # type: ignore[call-arg]


def test_json_round_trip_is_lossless() -> None:
    from tests.conftest import parsed

    plan = parsed("quang-ninh-2022-ke-hoach.txt")
    again = Plan.model_validate_json(plan.model_dump_json())
    assert again == plan
    assert again.model_dump_json() == plan.model_dump_json()
