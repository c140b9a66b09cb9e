"""A rich, human-readable overview of a Plan (`parplan parse --format summary`).

Document text is escaped before rich sees it (a decree's "[/x]" is text, not markup), and text cut
to fit a column ends with "…".
"""

from __future__ import annotations

from collections import Counter

from rich.console import Console
from rich.markup import escape
from rich.table import Table

from parplan.schema import Plan


def cut(text: str, width: int) -> str:
    """`text` in at most `width` characters, ending with "…" when it was longer."""
    return text if len(text) <= width else text[: max(width - 1, 0)] + "…"


def render_summary(plan: Plan, console: Console | None = None) -> None:
    """Metadata, areas with item counts, table rows, issues and unassigned text counts."""
    console = console or Console()
    m = plan.metadata
    console.print(f"[bold]{escape(m.title or plan.file)}[/bold]", highlight=False)
    console.print(
        escape(
            f"{m.doc_type} {m.number or '(no number)'} · {m.province or '?'} · issued {m.issued_on or '?'} · "
            f"period {m.period_start}–{m.period_end} · signed {m.signer or '?'}"
        ),
        highlight=False,
    )
    console.print(
        escape(f"legal bases: {', '.join(r.number for r in m.legal_bases) or '—'}"), highlight=False
    )
    table = Table(title="Reform areas")
    for col in ("section", "code", "heading", "targets", "tasks"):
        table.add_column(col)
    kinds = Counter((i.section, i.area, i.kind) for i in plan.items if i.part == "narrative")
    for a in plan.areas:
        table.add_row(
            escape(a.section),
            escape(a.code),
            escape(cut(a.heading, 60)),
            str(kinds[(a.section, a.code, "target")]),
            str(kinds[(a.section, a.code, "task")]),
        )
    console.print(table)
    rows = [i for i in plan.items if i.part == "appendix"]
    if rows:
        rt = Table(title=f"Appendix rows ({len(rows)})")
        for col in ("area", "#", "task", "lead", "deadline"):
            rt.add_column(col)
        for r in rows:
            rt.add_row(
                escape(r.area),
                escape(r.ordinal or ""),
                escape(cut(r.text, 50)),
                escape(cut("; ".join(a.raw for a in r.lead), 30)),
                escape(cut("; ".join(d.raw for d in r.deadlines), 25)),
            )
        console.print(rt)
    console.print(
        f"issues: {len(plan.issues)} · unassigned paragraphs: {len(plan.unassigned)}", highlight=False
    )
    for issue in plan.issues[:20]:
        console.print(
            escape(f"  [{issue.severity}] {issue.code} {issue.message}"), highlight=False, soft_wrap=True
        )
