"""Measuring the variation suite: how much of a sample's plan survives a layout transformation.

For each (transformation, sample) cell: the share of the ORIGINAL narrative items found again in the
transformed plan with the same (area, kind, depth), and whether the area codes are the same, in the
same order. Items are matched by a key of their text (folded, letters and digits only, first 80
characters), as a multiset in document order, so a transformation may change markers and headings
but an item whose text picks up debris (`• `, `** `) or merges into its neighbour counts as lost.
"""

from __future__ import annotations

from collections import defaultdict, deque
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from parplan import Plan, parse_text
from parplan.normalize.text import fold
from parplan.schema.plan import Item
from tests.variations.transforms import TRANSFORMS, Oracle, build_oracle

ROOT = Path(__file__).resolve().parents[2]
SAMPLES = ROOT / "samples"
STEMS: tuple[str, ...] = tuple(sorted(p.stem for p in SAMPLES.glob("*.txt")))
KEY_LENGTH = 80
PROBE_LENGTH = 40  # key prefix looked for inside other items' text, to tell a merge or debris from a loss

Signature = tuple[str, str, int]  # (area, kind, depth)


def alnum(text: str) -> str:
    """Folded letters and digits only: `- Tiếp tục  đẩy mạnh;` → `tiếptụcđẩymạnh`."""
    return "".join(ch for ch in fold(text) if ch.isalnum())


def item_key(text: str) -> str:
    return alnum(text)[:KEY_LENGTH]


@dataclass(frozen=True)
class Original:
    text: str
    plan: Plan
    oracle: Oracle


@cache
def original(stem: str) -> Original:
    """The sample's text, its parse and the line roles read off it (parsed once per process)."""
    text = (SAMPLES / f"{stem}.txt").read_text(encoding="utf-8")
    plan = parse_text(text, f"{stem}.txt")
    return Original(text, plan, build_oracle(text, plan))


@dataclass(frozen=True)
class Loss:
    """An original item not found again as it was."""

    text: str
    before: Signature
    found: Signature | None
    # moved: other (area, kind, depth); debris: the text gained a prefix; split: the text lost its end;
    # ran on: the text took in what followed; merged into N7; in a heading; unassigned; missing.
    reason: str


@dataclass(frozen=True)
class Cell:
    transform: str
    sample: str
    changed: bool  # False: the transformation is the identity on this sample (n/a)
    total: int
    preserved: int
    areas_before: tuple[str, ...]
    areas_after: tuple[str, ...]
    losses: tuple[Loss, ...] = ()
    extra: int = 0  # transformed narrative items that match no original item
    error: str | None = None
    metadata_changed: tuple[str, ...] = ()  # metadata fields whose value differs from the original's
    rows_total: int = 0  # appendix rows of the original
    rows_preserved: int = 0  # found again with the same lead, partners, products and deadlines
    row_losses: tuple[str, ...] = ()

    @property
    def row_share(self) -> float | None:
        if not self.changed or not self.rows_total:
            return None
        return self.rows_preserved / self.rows_total

    @property
    def share(self) -> float | None:
        if not self.changed:
            return None
        return self.preserved / self.total if self.total else 1.0

    @property
    def areas_ok(self) -> bool:
        return self.areas_before == self.areas_after

    def as_dict(self) -> dict[str, object]:
        return {
            "transform": self.transform,
            "sample": self.sample,
            "share": None if self.share is None else round(self.share, 4),
            "items": self.total,
            "preserved": self.preserved,
            "extra": self.extra,
            "areas_ok": self.areas_ok,
            "metadata_changed": list(self.metadata_changed),
            "areas_before": list(self.areas_before),
            "areas_after": list(self.areas_after),
            "error": self.error,
            "losses": [
                {"text": loss.text, "before": loss.before, "found": loss.found, "reason": loss.reason}
                for loss in self.losses
            ],
        }


def _signature(item: Item) -> Signature:
    return (item.area, item.kind, item.depth)


def _start(text: str) -> str:
    return "".join(text.split())[:3]


def compare(before: Plan, after: Plan) -> tuple[int, list[Loss], int]:
    """Preserved count, losses and unmatched extras of `before`'s narrative items in `after`."""
    old = [i for i in before.items if i.part == "narrative"]
    new = [i for i in after.items if i.part == "narrative"]
    pool: dict[str, deque[int]] = defaultdict(deque)
    for index, item in enumerate(new):
        pool[item_key(item.text)].append(index)
    pairs: dict[int, int] = {}
    for index, item in enumerate(old):
        candidates = pool.get(item_key(item.text))
        if candidates:
            pairs[index] = candidates.popleft()
    used = set(pairs.values())
    full = [alnum(item.text) for item in new]
    preserved = 0
    losses: list[Loss] = []
    for index, item in enumerate(old):
        text = " ".join(item.text.split())[:70]
        whole = alnum(item.text)
        probe = whole[:PROBE_LENGTH]
        if index in pairs:
            match = new[pairs[index]]
            if _start(match.text) != _start(item.text):
                losses.append(Loss(text, _signature(item), _signature(match), "debris"))
            elif _signature(match) != _signature(item):
                losses.append(Loss(text, _signature(item), _signature(match), "moved"))
            else:
                preserved += 1
            continue
        # Not found by key: kept with a marker-like prefix (`o Tiếp tục`), cut short or run on into its
        # neighbour, inside another item, or left unassigned.
        host = next((k for k, t in enumerate(full) if k not in used and probe in t[: PROBE_LENGTH + 8]), None)
        if host is not None:
            used.add(host)
            if not full[host].startswith(probe):
                reason = "debris"
            else:
                reason = "split" if len(full[host]) < len(whole) else "ran on"
            losses.append(Loss(text, _signature(item), _signature(new[host]), reason))
            continue
        host = next((k for k, t in enumerate(full) if probe in t), None)
        if host is not None:
            losses.append(Loss(text, _signature(item), _signature(new[host]), f"merged into {new[host].id}"))
        elif any(probe in alnum(area.heading) for area in after.areas):
            losses.append(Loss(text, _signature(item), None, "in a heading"))
        elif any(probe in alnum(u.text) for u in after.unassigned):
            losses.append(Loss(text, _signature(item), None, "unassigned"))
        else:
            losses.append(Loss(text, _signature(item), None, "missing"))
    return preserved, losses, len(new) - len(used)


def _area_codes(plan: Plan) -> tuple[str, ...]:
    """The plan's reform areas in order; a `summary` area (the overview list `summary_list` inserts)
    is content the transformation added, not an area that moved."""
    return tuple(area.code for area in plan.areas if area.code != "summary")


@cache
def measure(name: str, stem: str) -> Cell:
    """Apply transformation `name` to sample `stem`, parse, and compare with the original parse."""
    base = original(stem)
    total = sum(1 for item in base.plan.items if item.part == "narrative")
    areas = _area_codes(base.plan)
    text = transformed(name, stem)
    if text == base.text:
        return Cell(name, stem, False, total, total, areas, areas)
    try:
        plan = parse_text(text, f"{stem}.txt")
    except Exception as exc:  # an instrument reports a crash as a cell, the run goes on
        return Cell(name, stem, True, total, 0, areas, (), error=f"{type(exc).__name__}: {exc}")
    preserved, losses, extra = compare(base.plan, plan)
    changed = metadata_changes(base.plan, plan)
    rows_total, rows_kept, row_losses = compare_rows(base.plan, plan)
    return Cell(
        name,
        stem,
        True,
        total,
        preserved,
        areas,
        _area_codes(plan),
        tuple(losses),
        extra,
        None,
        changed,
        rows_total,
        rows_kept,
        tuple(row_losses),
    )


METADATA_FIELDS = (
    "province",
    "doc_type",
    "number",
    "issued_on",
    "period_start",
    "period_end",
    "signer",
    "title",
)


def _row_key(item: Item) -> tuple[object, ...]:
    """What an analyst reads off an appendix row: lead, partners, products and deadlines."""
    return (
        tuple(a.raw for a in item.lead),
        tuple(a.raw for a in item.partners),
        tuple(item.products),
        tuple(d.raw for d in item.deadlines),
    )


def compare_rows(before: Plan, after: Plan) -> tuple[int, int, list[str]]:
    """(rows, rows found again by task text with the same fields, what differed for the others)."""
    rows = [i for i in before.items if i.part == "appendix" and not i.is_group]
    found: dict[str, list[Item]] = {}
    for item in after.items:
        if item.part == "appendix":
            found.setdefault(" ".join(item.text.split()), []).append(item)
    kept, losses = 0, []
    for row in rows:
        candidates = found.get(" ".join(row.text.split()), [])
        if any(_row_key(c) == _row_key(row) for c in candidates):
            kept += 1
        else:
            got = _row_key(candidates[0]) if candidates else None
            losses.append(f"{row.text[:40]!r}: {_row_key(row)} → {got}")
    return len(rows), kept, losses


def metadata_changes(before: Plan, after: Plan) -> tuple[str, ...]:
    """The metadata fields (and `legal_bases`) whose values differ between two parses."""
    out = [f for f in METADATA_FIELDS if getattr(before.metadata, f) != getattr(after.metadata, f)]
    if [r.number for r in before.metadata.legal_bases] != [r.number for r in after.metadata.legal_bases]:
        out.append("legal_bases")
    return tuple(out)


@cache
def transformed(name: str, stem: str) -> str:
    base = original(stem)
    return TRANSFORMS[name](base.text, base.oracle)


def run(names: Iterable[str] | None = None, stems: Sequence[str] | None = None) -> list[Cell]:
    """All cells of the given transformations × samples (default: all of both), row by row."""
    return [measure(name, stem) for name in (names or TRANSFORMS) for stem in (stems or STEMS)]
