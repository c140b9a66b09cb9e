"""How much of a parsed plan the normalizer resolved: agencies to gazetteer ids, values to indicators.

A reviewer needs the leftovers, not only the rates: every unresolved agency mention is listed with
its count, every value without an indicator with its item, so a gap in `data/agencies.json` or
`data/indicators.json` is one look away. Library only; the CLI wires `parplan stats FILES…`.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from rich.markup import escape
from rich.table import Table

from parplan.schema import Item, Number, Plan

if TYPE_CHECKING:
    from rich.console import Console

__all__ = ["NumberCounts", "PlanStats", "UnmatchedNumber", "plan_stats", "render_stats", "stats_to_json"]

TEXT_START = 70  # characters of item text shown, like the gold files' `text_start`


@dataclass
class UnmatchedNumber:
    """A value no indicator claimed, with the item it stands in."""

    item: str
    kind: str
    raw: str
    text_start: str


@dataclass
class NumberCounts:
    """Values of one group of items and how many carry an indicator key."""

    total: int = 0
    matched: int = 0
    by_indicator: Counter[str] = field(default_factory=Counter)
    unmatched: list[UnmatchedNumber] = field(default_factory=list)

    @property
    def rate(self) -> float | None:
        return self.matched / self.total if self.total else None

    def add(self, item: Item, number: Number, key: str | None) -> None:
        self.total += 1
        if key:
            self.matched += 1
            self.by_indicator[key] += 1
        else:
            self.unmatched.append(UnmatchedNumber(item.id, str(item.kind), number.raw, _text_start(item.text)))


@dataclass
class PlanStats:
    """Resolution counts of one plan. `targets` is the subset of `narrative` in `target` items;
    `appendix` counts values in table rows. `matched_here` counts values whose indicator was found
    by `plan_stats(match_missing=True)` rather than carried by the plan."""

    file: str
    province: str | None = None
    agency_mentions: int = 0
    agency_resolved: int = 0
    agency_collective: int = 0
    unresolved_agencies: list[tuple[str, int]] = field(default_factory=list)
    narrative: NumberCounts = field(default_factory=NumberCounts)
    targets: NumberCounts = field(default_factory=NumberCounts)
    appendix: NumberCounts = field(default_factory=NumberCounts)
    matched_here: int = 0

    @property
    def agency_rate(self) -> float | None:
        return self.agency_resolved / self.agency_mentions if self.agency_mentions else None


def _text_start(text: str) -> str:
    """The first ~70 characters cut back to a whole word, as the gold files quote items."""
    text = " ".join(text.split())
    if len(text) <= TEXT_START:
        return text
    cut = text[:TEXT_START]
    return cut.rsplit(" ", 1)[0] if " " in cut else cut


def _located_indicator(item: Item, number: Number, seen: Counter[str]) -> str | None:
    """Find the value again in the item (nth occurrence of its raw text) and ask the catalogue."""
    from parplan.normalize.indicators import match_indicator

    for text in (item.text, item.target or ""):
        nth = seen[number.raw]
        pos = -1
        for _ in range(nth + 1):
            pos = text.find(number.raw, pos + 1)
            if pos < 0:
                break
        if pos >= 0:
            return match_indicator(text, pos, pos + len(number.raw), number.unit)
    return None


def plan_stats(plan: Plan, match_missing: bool = False) -> PlanStats:
    """Count resolved and unresolved agency mentions and indicator keys of a plan.

    With `match_missing`, values the plan carries without an indicator are matched here from the item
    text (useful before the normalizer sets `Number.indicator`); they are counted in `matched_here`."""
    stats = PlanStats(file=plan.file, province=plan.metadata.province)
    unresolved: Counter[str] = Counter()
    for item in plan.items:
        for ref in [*item.lead, *item.partners]:
            stats.agency_mentions += 1
            if ref.id:
                stats.agency_resolved += 1
                if ref.kind == "collective" or ref.id.startswith("collective"):
                    stats.agency_collective += 1
            else:
                unresolved[" ".join(ref.raw.split())] += 1
        seen: Counter[str] = Counter()
        for number in item.numbers:
            key = number.indicator
            if key is None and match_missing:
                key = _located_indicator(item, number, seen)
                stats.matched_here += bool(key)
            seen[number.raw] += 1
            if str(item.part) == "appendix":
                stats.appendix.add(item, number, key)
                continue
            stats.narrative.add(item, number, key)
            if str(item.kind) == "target":
                stats.targets.add(item, number, key)
    stats.unresolved_agencies = sorted(unresolved.items(), key=lambda kv: (-kv[1], kv[0]))
    return stats


def _ratio(done: int, total: int) -> str:
    return f"{done}/{total} ({done / total:.0%})" if total else "–"


def render_stats(stats: list[PlanStats], console: Console, limit: int = 20) -> None:
    """Print a summary table, then per plan the unresolved agencies and the values without an
    indicator (at most `limit` rows each, with a count of the rest)."""
    summary = Table(title="Normalization coverage", show_lines=False)
    summary.add_column("File", overflow="fold")
    summary.add_column("Province")
    summary.add_column("Agencies resolved", justify="right")
    summary.add_column("of which collective", justify="right")
    summary.add_column("Values → indicator", justify="right")
    summary.add_column("in targets", justify="right")
    summary.add_column("in appendix", justify="right")
    for s in stats:
        summary.add_row(
            escape(s.file), escape(s.province or "–"), _ratio(s.agency_resolved, s.agency_mentions), str(s.agency_collective),
            _ratio(s.narrative.matched, s.narrative.total), _ratio(s.targets.matched, s.targets.total),
            _ratio(s.appendix.matched, s.appendix.total),
        )
    console.print(summary)
    for s in stats:
        if s.unresolved_agencies:
            table = Table(title=f"Unresolved agencies — {escape(s.file)}")
            table.add_column("Mention", overflow="fold")
            table.add_column("Count", justify="right")
            for raw, count in s.unresolved_agencies[:limit]:
                table.add_row(escape(raw), str(count))
            _more(table, len(s.unresolved_agencies) - limit, 2)
            console.print(table)
        unmatched = [*s.narrative.unmatched, *s.appendix.unmatched]
        if unmatched:
            table = Table(title=f"Values without an indicator — {escape(s.file)}")
            table.add_column("Item")
            table.add_column("Kind")
            table.add_column("Value", justify="right")
            table.add_column("Item text", overflow="fold")
            for u in unmatched[:limit]:
                table.add_row(escape(u.item), escape(u.kind), escape(u.raw), escape(u.text_start))
            _more(table, len(unmatched) - limit, 4)
            console.print(table)
        if s.matched_here:
            console.print(f"[dim]{escape(s.file)}: {s.matched_here} indicator(s) matched by stats, not carried by the plan[/]")


def _more(table: Table, rest: int, columns: int) -> None:
    if rest > 0:
        table.add_row(f"… {rest} more", *[""] * (columns - 1))


def stats_to_json(stats: list[PlanStats]) -> str:
    """The figures as a JSON list, one object per plan (`parplan stats --json`)."""
    import json

    def counts(c: NumberCounts) -> dict[str, object]:
        return {
            "total": c.total,
            "matched": c.matched,
            "rate": c.rate,
            "by_indicator": dict(sorted(c.by_indicator.items())),
            "unmatched": [vars(u) for u in c.unmatched],
        }

    def row(s: PlanStats) -> dict[str, object]:
        return {
            "file": s.file,
            "province": s.province,
            "agency_mentions": s.agency_mentions,
            "agency_resolved": s.agency_resolved,
            "agency_rate": s.agency_rate,
            "agency_collective": s.agency_collective,
            "unresolved_agencies": [{"mention": raw, "count": n} for raw, n in s.unresolved_agencies],
            "narrative": counts(s.narrative),
            "targets": counts(s.targets),
            "appendix": counts(s.appendix),
            "matched_here": s.matched_here,
        }

    return json.dumps([row(s) for s in stats], ensure_ascii=False, indent=2) + "\n"
