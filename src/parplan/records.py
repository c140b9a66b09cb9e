"""`@record`: a frozen, slotted dataclass whose `__init__` stores fields without `object.__setattr__`.

A frozen dataclass may not assign its own attributes, so the generated `__init__` calls
`object.__setattr__` once per field, which makes up most of the construction cost. The read stage
builds one `SourceRef` per line, cell and paragraph (thousands per plan), so that cost shows. A slot
is a descriptor whose `__set__` writes the slot directly, so `__init__` can call that instead. The
class is otherwise the plain dataclass: same fields, defaults, `__eq__`/`__hash__`/`__repr__`,
`replace()`, `FrozenInstanceError` on assignment. `tests/test_records.py` checks that every
`@record` class builds the same objects as its plain dataclass twin.
"""

from __future__ import annotations

from dataclasses import MISSING, dataclass, fields
from typing import Any, TypeVar, dataclass_transform

T = TypeVar("T")


@dataclass_transform(frozen_default=True)
def record(cls: type[T]) -> type[T]:
    """`@dataclass(frozen=True, slots=True)` with an `__init__` that sets each slot through its
    descriptor. Classes with `__post_init__`, `init=False` fields or default factories keep the
    dataclass's own `__init__`."""
    made: Any = dataclass(frozen=True, slots=True)(cls)
    declared = fields(made)
    if hasattr(made, "__post_init__") or any(not f.init or f.default_factory is not MISSING for f in declared):
        return made  # pragma: no cover - no record class needs these yet
    params = [f.name if f.default is MISSING else f"{f.name}=_d_{f.name}" for f in declared]
    body = "".join(f"    _s_{f.name}(self, {f.name})\n" for f in declared) or "    pass\n"
    scope: dict[str, Any] = {f"_s_{f.name}": made.__dict__[f.name].__set__ for f in declared}
    scope.update({f"_d_{f.name}": f.default for f in declared if f.default is not MISSING})
    exec(f"def __init__(self, {', '.join(params)}):\n{body}", scope)
    init = scope["__init__"]
    init.__qualname__ = f"{made.__qualname__}.__init__"
    init.__module__ = made.__module__
    made.__init__ = init
    return made  # type: ignore[no-any-return]
