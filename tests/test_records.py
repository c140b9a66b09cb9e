"""`@record` classes build exactly what their plain frozen dataclass would (records.py)."""

from __future__ import annotations

import dataclasses
import inspect

import pytest

from parplan.read import source, text_tables
from parplan.records import record

RECORDS = [
    obj
    for module in (source, text_tables)
    for obj in vars(module).values()
    if inspect.isclass(obj) and obj.__module__ == module.__name__ and dataclasses.is_dataclass(obj)
    and obj.__init__.__qualname__ == f"{obj.__qualname__}.__init__"
    and "_s_" in " ".join(obj.__init__.__code__.co_names)
]


def _twin(cls: type) -> type:
    """The same fields as a plain `@dataclass(frozen=True, slots=True)`."""
    specs = [(f.name, f.type, dataclasses.field(default=f.default)) for f in dataclasses.fields(cls)]
    return dataclasses.make_dataclass(cls.__name__, specs, frozen=True, slots=True)


def _values(obj: object) -> tuple[object, ...]:
    return tuple(getattr(obj, f.name) for f in dataclasses.fields(obj))  # type: ignore[arg-type]


def test_the_read_stage_records_are_found() -> None:
    names = {cls.__name__ for cls in RECORDS}
    assert {"SourceRef", "Line", "Para", "Cell", "Row", "Table", "_Piece", "_Plan"} <= names


@pytest.mark.parametrize("cls", RECORDS, ids=lambda c: c.__name__)
def test_record_builds_what_the_dataclass_builds(cls: type) -> None:
    twin = _twin(cls)
    names = [f.name for f in dataclasses.fields(cls)]
    required = [f.name for f in dataclasses.fields(cls) if f.default is dataclasses.MISSING]
    values = [object() for _ in names]  # distinct markers: a swapped field shows
    calls = [
        (values, {}),  # every field by position
        (values[: len(required)], {}),  # defaults
        ([], dict(reversed(list(zip(names, values, strict=True))))),  # by keyword, any order
        # required by position, the defaults but the first by keyword
        (values[: len(required)], dict(zip(names[len(required) + 1 :], values[len(required) + 1 :], strict=True))),
    ]
    for args, kwargs in calls:
        assert _values(cls(*args, **kwargs)) == _values(twin(*args, **kwargs))
    with pytest.raises(TypeError):
        cls(*values, object())  # one argument too many
    if required:
        with pytest.raises(TypeError):
            cls()  # a required field missing


def test_record_stays_frozen_and_comparable() -> None:
    ref = source.SourceRef("a.txt", 3, 4)
    with pytest.raises(dataclasses.FrozenInstanceError):
        ref.line = 5  # type: ignore[misc]
    assert ref == source.SourceRef("a.txt", line=3, end_line=4)
    assert hash(ref) == hash(source.SourceRef("a.txt", 3, 4))
    assert dataclasses.replace(ref, col=2) == source.SourceRef("a.txt", 3, 4, col=2)
    assert repr(ref).startswith("SourceRef(file='a.txt', line=3, end_line=4")


def test_record_signature_names_the_fields() -> None:
    @record
    class Point:
        x: int
        y: int = 0

    assert list(inspect.signature(Point).parameters) == ["x", "y"]
    assert Point(1) == Point(x=1, y=0)
