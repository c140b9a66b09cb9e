"""A rich, human-readable overview of a Plan (`parplan parse --format summary`)."""

from __future__ import annotations

from collections import Counter

from rich.console import Console
from rich.table import Table

from parplan.schema import Plan


def render_summary(plan: Plan, console: Console | None = None) -> None:
    """Metadata, areas with item counts, table rows, issues and unassigned text counts."""
    console = console or Console()
    m = plan.metadata
    console.print(f"[bold]{m.title or plan.file}[/bold]")
    console.print(
        f"{m.doc_type} {m.number or '(no number)'} · {m.province or '?'} · issued {m.issued_on or '?'} · "
        f"period {m.period_start}–{m.period_end} · signed {m.signer or '?'}"
    )
    console.print(f"legal bases: {', '.join(r.number for r in m.legal_bases) or '—'}")
    table = Table(title="Reform areas")
    for col in ("section", "code", "heading", "targets", "tasks"):
        table.add_column(col)
    kinds = Counter((i.section, i.area, i.kind) for i in plan.items if i.part == "narrative")
    for a in plan.areas:
        table.add_row(a.section, a.code, a.heading[:60], str(kinds[(a.section, a.code, "target")]), str(kinds[(a.section, a.code, "task")]))
    console.print(table)
    rows = [i for i in plan.items if i.part == "appendix"]
    if rows:
        rt = Table(title=f"Appendix rows ({len(rows)})")
        for col in ("area", "#", "task", "lead", "deadline"):
            rt.add_column(col)
        for r in rows:
            rt.add_row(r.area, r.ordinal, r.text[:50], "; ".join(a.raw for a in r.lead)[:30], "; ".join(d.raw for d in r.deadlines)[:25])
        console.print(rt)
    console.print(f"issues: {len(plan.issues)} · unassigned paragraphs: {len(plan.unassigned)}")
    for issue in plan.issues[:20]:
        console.print(f"  [{issue.severity}] {issue.code} {issue.message}")
