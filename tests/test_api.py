"""The library API: parse_file, parse_text, export_plans (repeatedly), the public modules, a cheap import."""

from __future__ import annotations

import contextlib
import importlib

import pytest

import parplan
from tests.conftest import SAMPLES


def test_export_plans_is_callable_more_than_once_and_the_modules_are_public() -> None:
    plan = parplan.parse_file(SAMPLES / "quang-ninh-2022-ke-hoach.txt")
    first = parplan.export_plans([plan], "plans", "jsonl")
    assert parplan.export_plans([plan], "plans", "jsonl") == first
    assert '"number": "1788/QĐ-UBND"' in first
    # `parplan.export` is the module (no function shadows it), and so are the other public modules
    for name in ("export", "validate", "diff", "compare", "report", "stats"):
        assert getattr(parplan, name) is importlib.import_module(f"parplan.{name}")
    assert parplan.export.export([plan], "plans", "jsonl") == first
    assert parplan.validate.validate(plan) and parplan.Plan is type(plan)


def test_importing_parplan_loads_no_schema_or_reader() -> None:
    """`parplan --help` must start fast: importing the package and the CLI loads neither pydantic
    nor a reader (checked in a fresh interpreter)."""
    import subprocess
    import sys

    code = "import sys, parplan, parplan.cli; print(sorted(m for m in ('pydantic', 'docx', 'pdfplumber', 'pypdfium2', 'regex', 'jinja2', 'pygal') if m in sys.modules))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_parse_text_equals_parse_file_modulo_file_name() -> None:
    path = SAMPLES / "quang-binh-2021-2030-ke-hoach.txt"
    from_text = parplan.parse_text(path.read_text(encoding="utf-8"), name=path.name)
    from_file = parplan.parse_file(path)
    assert from_text.model_dump(exclude={"format"}) == from_file.model_dump(exclude={"format"})


def test_agencies_table_expands_lists_and_resolves_every_body() -> None:
    plan = parplan.parse_file(SAMPLES / "quang-ninh-2021-chuong-trinh-131.txt")
    rows = list(importlib.import_module("parplan.export").agency_rows(plan))
    fused = [r for r in rows if r["mention"] == "Các sở, ban, ngành và UBND các huyện, thị xã, thành phố"]
    assert {r["id"] for r in fused} == {"collective:so-ban-nganh", "ubnd-cap-huyen"}
    assert all(r["id"] for r in rows)


def test_indicators_table_has_one_row_per_value() -> None:
    plan = parplan.parse_file(SAMPLES / "quang-ninh-2022-ke-hoach.txt")
    rows = list(importlib.import_module("parplan.export").indicator_rows(plan))
    assert len(rows) == sum(len(i.numbers) for i in plan.items)
    waiting = [r for r in rows if r["indicator"] == "waiting_time_one_stop" and r["value"] == 25]
    assert waiting and waiting[0]["comparator"] == "<=" and waiting[0]["unit"] == "phút"


def test_deadline_interrupts_a_parse_and_no_except_exception_swallows_it() -> None:
    import time

    from parplan.errors import TimeLimitExceeded
    from parplan.limits import deadline

    start = time.perf_counter()
    expected = r"x\.txt: parsing took longer than the limit of 1 s"
    with (
        pytest.raises(TimeLimitExceeded, match=expected),
        deadline(1, "x.txt"),
        contextlib.suppress(Exception),  # a reader's guard around a damaged part
    ):
        time.sleep(5)
    assert time.perf_counter() - start < 3
    with deadline(1, "y.txt"):  # a finished block leaves no timer running
        pass
    time.sleep(1.2)


def test_parse_text_has_the_time_limit_too(monkeypatch: pytest.MonkeyPatch) -> None:
    import time

    from parplan import pipeline
    from parplan.errors import TimeLimitExceeded

    monkeypatch.setenv("PARPLAN_MAX_SECONDS", "1")
    monkeypatch.setattr(pipeline, "run_doc", lambda doc: time.sleep(5))
    with pytest.raises(TimeLimitExceeded, match=r"memo\.txt: parsing took longer"):
        parplan.parse_text("KẾ HOẠCH\nCải cách hành chính", name="memo.txt")
