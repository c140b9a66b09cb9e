"""Time per appendix row as a table grows, for each text layout (not a test: speed is never asserted).

The Quảng Ninh 2022 appendix table (32 task rows, 5 group rows) is repeated 1×, 16×, 64× and 256×
and written in each text layout: tab rows, a markdown pipe table, a grid table, `|`-ended cells,
one cell per paragraph and columns aligned with spaces; each text is parsed whole (read → plan). A
cost linear in the rows keeps the time per row flat: the bar (issue 14) is 256× within 1.15× of 16×.

Usage: `python benchmarks/bench_tables.py [--repeat N] [--sizes 1,16,64,256]`
"""

from __future__ import annotations

import argparse
import time
from collections.abc import Callable
from pathlib import Path

from parplan.caches import clear_text_caches
from parplan.pipeline import run_text
from parplan.read.source import Table
from parplan.read.txt import read_text

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "samples" / "quang-ninh-2022-ke-hoach.txt"
OPENING = "KẾ HOẠCH\nCải cách hành chính tỉnh Quảng Ninh năm 2022\n\nI. MỤC ĐÍCH\n- Nâng cao chất lượng.\n\nPHỤ LỤC\n"


def _grid(table: Table) -> list[list[str]]:
    return [[" ".join(t.split()) for t in row] for row in table.grid()]


def _tabs(head: list[list[str]], body: list[list[str]]) -> list[str]:
    return ["\t".join(r) if any(r[1:]) else r[0] for r in (*head, *body)]


def _markdown(head: list[list[str]], body: list[list[str]]) -> list[str]:
    rows = ["| " + " | ".join(r) + " |" for r in (*head, *body)]
    return [rows[0], "|" + "---|" * len(head[0]), *rows[1:]]


def _gridtable(head: list[list[str]], body: list[list[str]]) -> list[str]:
    widths = [max(3, *(len(r[c]) for r in (*head, *body))) for c in range(len(head[0]))]
    rule = "+" + "+".join("-" * (w + 2) for w in widths) + "+"
    out = [rule]
    for r in (*head, *body):
        out += ["| " + " | ".join(t.ljust(w) for t, w in zip(r, widths, strict=True)) + " |", rule]
    return out


def _pipes(head: list[list[str]], body: list[list[str]]) -> list[str]:
    """Every cell its lines then a line holding only `|` (an empty cell: the `|` alone)."""
    return [line for r in (*head, *body) for t in r for line in ([t, "|"] if t else ["|"])]


def _paragraphs(head: list[list[str]], body: list[list[str]]) -> list[str]:
    """Every cell a blank-line separated paragraph (an empty cell: a non-breaking space)."""
    return [line for r in (*head, *body) for t in r for line in (t or "\u00a0", "")]


def _spaces(head: list[list[str]], body: list[list[str]]) -> list[str]:
    """Columns padded with spaces to a common start (a group row as its text at the left)."""
    rows = [*head, *body]
    widths = [max(3, *(len(r[c]) for r in rows if any(r[1:]))) for c in range(len(head[0]))]
    return [
        "  ".join(t.ljust(w) for t, w in zip(r, widths, strict=True)).rstrip() if any(r[1:]) else r[0]
        for r in rows
    ]


LAYOUTS: dict[str, Callable[[list[list[str]], list[list[str]]], list[str]]] = {
    "tabs": _tabs,
    "markdown": _markdown,
    "grid": _gridtable,
    "pipes": _pipes,
    "paragraphs": _paragraphs,
    "spaces": _spaces,
}


def sample_rows() -> tuple[list[list[str]], list[list[str]]]:
    """The header rows and the body rows (group rows included, repeated headers left out)."""
    doc = read_text(SAMPLE.read_text(encoding="utf-8"), SAMPLE.name)
    tables = [b for b in doc.blocks if isinstance(b, Table) and b.header_rows]
    head = _grid(tables[0])[: tables[0].header_rows]
    body = [r for t in tables for r in _grid(t)[t.header_rows :] if r != head[0] and r != head[-1]]
    return head, body


def seconds(text: str, repeat: int) -> float:
    best = float("inf")
    for _ in range(repeat):
        clear_text_caches()
        start = time.perf_counter()
        run_text(text, "bench.txt")
        best = min(best, time.perf_counter() - start)
    return best


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--sizes", default="1,16,64,256")
    args = ap.parse_args(argv)
    sizes = [int(s) for s in args.sizes.split(",")]
    head, body = sample_rows()
    print(f"{'layout':10s}" + "".join(f"{f'{n}x µs/row':>16s}" for n in sizes) + f"{'256x/16x':>10s}")
    for name, render in LAYOUTS.items():
        per_row = {}
        for n in sizes:
            text = OPENING + "\n".join(render(head, body * n)) + "\n"
            per_row[n] = seconds(text, args.repeat if n < 64 else 1) / (len(body) * n) * 1e6
        ratio = per_row[256] / per_row[16] if 256 in per_row and 16 in per_row else float("nan")
        print(f"{name:10s}" + "".join(f"{per_row[n]:16.0f}" for n in sizes) + f"{ratio:10.2f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
