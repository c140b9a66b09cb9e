"""Print the variation suite: per layout transformation and sample, the share of narrative items kept.

A transformation that keeps a decree's content (re-numbering, re-bulleting, re-wrapping, a markdown
export, no header …) must keep its plan; see tests/variations/transforms.py for the list.

    python scripts/variations.py                      # the table
    python scripts/variations.py --only wrap70 --sample tuyen --show-losses
    python scripts/variations.py --json > variations.json
    python scripts/variations.py --min 0.98           # exit 1 when a measured cell is below 0.98

A cell is the share of the original narrative items found again with the same (area, kind, depth);
`n/a` when the transformation does not change that sample; a trailing `✗` when the area codes differ
(set or order). Exit code 0 (an instrument), unless `--min` is given and some cell is below it.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from tests.variations.suite import STEMS, Cell, run  # noqa: E402
from tests.variations.transforms import TRANSFORMS  # noqa: E402

MAX_LOSSES = 10


def label(stem: str) -> str:
    """A short column label: `quang-ninh-2021-chuong-trinh-131` → `qn-131`, `tuyen-quang-2022-…` → `tq-2022`."""
    parts = stem.split("-")
    tail = parts[-1] if parts[-1].isdigit() else next((p for p in parts if p.isdigit()), parts[-1])
    return "".join(p[0] for p in parts[:2]) + "-" + tail


def cell_text(cell: Cell) -> str:
    if cell.share is None:
        return "n/a"
    return f"{cell.share:.3f}" + ("" if cell.areas_ok else "✗") + ("!" if cell.error else "")


def print_table(cells: list[Cell], names: list[str], stems: list[str], show_losses: bool) -> None:
    by_key = {(c.transform, c.sample): c for c in cells}
    width = max(len(n) for n in names) + 2
    columns = [label(s) for s in stems]
    header = "transformation".ljust(width) + "".join(c.rjust(10) for c in columns) + "min".rjust(9)
    print(header + "  areas  metadata  rows")
    for name in names:
        row = [by_key[name, stem] for stem in stems]
        shares = [c.share for c in row if c.share is not None]
        low = f"{min(shares):.3f}" if shares else "n/a"
        measured = [c for c in row if c.share is not None]
        areas = f"{sum(c.areas_ok for c in measured)}/{len(measured)}" if measured else "-"
        same = f"{sum(not c.metadata_changed for c in measured)}/{len(measured)}" if measured else "-"
        line = name.ljust(width) + "".join(cell_text(c).rjust(10) for c in row) + low.rjust(9)
        rows = [c.row_share for c in row if c.row_share is not None]
        print(line + "  " + areas.ljust(5) + "  " + same.ljust(8) + "  " + (f"{min(rows):.3f}" if rows else "-"))
    print()
    print("columns: " + ", ".join(f"{label(s)} = {s}" for s in stems))
    print(
        "✗ = area codes differ (set or order); ! = the transformed text did not parse; n/a = text unchanged;\n"
        "metadata = cells whose metadata (province, type, number, date, period, signer, title, bases) is unchanged;\n"
        "rows = the lowest share of appendix rows found again with the same lead, partners, products, deadlines"
    )
    if not show_losses:
        return
    for cell in cells:
        if not cell.losses and not cell.error and cell.areas_ok and not cell.metadata_changed:
            continue
        print(f"\n{cell.transform} × {cell.sample}: {cell.preserved}/{cell.total} kept, {cell.extra} extra")
        if cell.error:
            print(f"  error: {cell.error}")
        if not cell.areas_ok:
            print(f"  areas: {list(cell.areas_before)} → {list(cell.areas_after)}")
        if cell.metadata_changed:
            print(f"  metadata changed: {', '.join(cell.metadata_changed)}")
        for loss in cell.losses[:MAX_LOSSES]:
            found = "none" if loss.found is None else "/".join(map(str, loss.found))
            before = "/".join(map(str, loss.before))
            print(f"  {loss.text[:50]!r}: {before} → {found} ({loss.reason})")
        if len(cell.losses) > MAX_LOSSES:
            print(f"  … {len(cell.losses) - MAX_LOSSES} more")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--only", action="append", metavar="NAME", help="transformation(s) to run")
    parser.add_argument("--sample", action="append", metavar="STEM", help="sample(s), by stem or its prefix")
    parser.add_argument(
        "--show-losses", action="store_true", help=f"list up to {MAX_LOSSES} lost items per cell"
    )
    parser.add_argument("--json", action="store_true", help="machine output: one object per cell")
    parser.add_argument("--min", type=float, metavar="X", help="exit 1 when a measured cell is below X")
    args = parser.parse_args(argv)

    names = args.only or list(TRANSFORMS)
    unknown = [n for n in names if n not in TRANSFORMS]
    if unknown:
        parser.error(f"unknown transformation(s) {', '.join(unknown)}; choose from {', '.join(TRANSFORMS)}")
    stems = [s for s in STEMS if not args.sample or any(s.startswith(p) for p in args.sample)]
    if not stems:
        parser.error(f"no sample matches {args.sample}; samples: {', '.join(STEMS)}")

    cells = run(names, stems)
    if args.json:
        json.dump([c.as_dict() for c in cells], sys.stdout, ensure_ascii=False, indent=1)
        print()
    else:
        print_table(cells, names, stems, args.show_losses)
    if args.min is not None and any(c.share is not None and c.share < args.min for c in cells):
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
