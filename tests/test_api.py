"""The library API stays callable: parse_file, parse_text and export (repeatedly)."""

from __future__ import annotations

import importlib

import parplan
from tests.conftest import SAMPLES


def test_export_is_callable_more_than_once() -> None:
    plan = parplan.parse_file(SAMPLES / "quang-ninh-2022-ke-hoach.txt")
    first = parplan.export([plan], "plans", "jsonl")
    importlib.import_module("parplan.export")  # importing the module must not shadow the function

    assert parplan.export([plan], "plans", "jsonl") == first
    assert '"number": "1788/QĐ-UBND"' in first


def test_parse_text_equals_parse_file_modulo_file_name() -> None:
    path = SAMPLES / "quang-binh-2021-2030-ke-hoach.txt"
    from_text = parplan.parse_text(path.read_text(encoding="utf-8"), name=path.name)
    from_file = parplan.parse_file(path)
    assert from_text.model_dump(exclude={"format"}) == from_file.model_dump(exclude={"format"})
