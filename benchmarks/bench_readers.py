"""Time each reader against the raw floor of its back-end, in the same run (not a test).

The acceptance bar for `parplan parse` is ≤ 1.3 × the floor, where the floor is what any reader on
that back-end must at least pay:

- pdf:  pdfplumber open + `extract_text()` + `extract_tables()` on every page
- docx: python-docx open + iterate all paragraphs and all table cells
- txt:  read the bytes + one regex pass over the decoded text

Usage: `python benchmarks/bench_readers.py [FILES or DIRS ...] [--repeat N]` (default: samples/).
`floor_seconds(path)` is reusable (the lead times the full `parplan parse` against it too).
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
FORMATS = ("txt", "docx", "pdf")


def _floor_pdf(path: Path) -> None:
    import pdfplumber

    with pdfplumber.open(path) as pdf:
        for page in pdf.pages:
            page.extract_text()
            page.extract_tables()


def _floor_docx(path: Path) -> None:
    import docx

    doc = docx.Document(str(path))
    for p in doc.paragraphs:
        _ = p.text
    for table in doc.tables:
        for row in table.rows:
            for cell in row.cells:
                _ = cell.text


def _floor_txt(path: Path) -> None:
    import regex as re

    text = path.read_bytes().decode("utf-8", errors="replace")
    re.findall(r"(?m)^\s*(?:[IVX]+\.|\d+\.|[a-zđ]\)|-)\s", text)


FLOORS: dict[str, Callable[[Path], None]] = {"pdf": _floor_pdf, "docx": _floor_docx, "txt": _floor_txt}


def reader_for(path: Path) -> Callable[[Path], object]:
    """Our reader for the file's format."""
    suffix = path.suffix.lower().lstrip(".")
    if suffix == "pdf":
        from parplan.read.pdf import read_pdf

        return read_pdf
    if suffix == "docx":
        from parplan.read.docx import read_docx

        return read_docx
    from parplan.read.txt import read_txt

    return read_txt


def _best(fn: Callable[[], object], repeat: int) -> float:
    """Best of `repeat` wall-clock runs: the least disturbed measurement."""
    best = float("inf")
    for _ in range(max(repeat, 1)):
        start = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - start)
    return best


def floor_seconds(path: Path, repeat: int = 1, warm: bool = True) -> float:
    """Seconds the raw back-end floor takes on `path` (best of `repeat`; by default one untimed run
    first, since imports and the OS cache are not what we compare)."""
    floor = FLOORS.get(path.suffix.lower().lstrip("."), _floor_txt)
    if warm:
        floor(path)
    return _best(lambda: floor(path), repeat)


def reader_seconds(path: Path, repeat: int = 1) -> float:
    """Seconds our reader takes on `path` (best of `repeat`; imports warmed first)."""
    read = reader_for(path)
    read(path)
    return _best(lambda: read(path), repeat)


def _files(args: list[str]) -> list[Path]:
    paths = [Path(a) for a in args] or [ROOT / "samples"]
    out: list[Path] = []
    for p in paths:
        if p.is_dir():
            out.extend(sorted(f for f in p.iterdir() if f.suffix.lstrip(".") in FORMATS))
        else:
            out.append(p)
    return sorted(
        out,
        key=lambda f: (FORMATS.index(f.suffix.lstrip(".")) if f.suffix.lstrip(".") in FORMATS else 9, f.name),
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("paths", nargs="*", help="files or directories (default: samples/)")
    parser.add_argument("--repeat", type=int, default=3, help="runs per measurement; the best is kept")
    ns = parser.parse_args(argv)
    rows = []
    for path in _files(ns.paths):
        ours = reader_seconds(path, ns.repeat)
        floor = floor_seconds(path, ns.repeat)
        rows.append(
            (path.suffix.lstrip("."), path.stem, ours, floor, ours / floor if floor else float("inf"))
        )
    width = max((len(r[1]) for r in rows), default=10)
    print(f"{'fmt':4} {'sample':{width}} {'reader s':>9} {'floor s':>9} {'ratio':>6}")
    for fmt, stem, ours, floor, ratio in rows:
        print(f"{fmt:4} {stem:{width}} {ours:9.3f} {floor:9.3f} {ratio:6.2f}")
    worst = max((r[4] for r in rows), default=0.0)
    print(f"worst ratio {worst:.2f} (bar: 1.30)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
