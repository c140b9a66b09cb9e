"""Time the full `parplan parse` (library call, read → plan) next to the raw-library floor of each
format, in the same run, and print the ratios (not a test: speed is never asserted in tests).

Bars (issue 4): docx ≤ 1.5 × floor, pdf ≤ 1.3 × floor. The txt floor (read + one regex pass) is a
millisecond, so its ratio is reported for information only.

Usage: `python benchmarks/bench_parse.py [--repeat N]`
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_readers import FORMATS, ROOT, floor_seconds

from parplan.caches import clear_text_caches

BARS = {"docx": 1.5, "pdf": 1.3}


def parse_seconds(path: Path, repeat: int) -> float:
    """Best-of-N wall time of parse_file (imports warmed first)."""
    from parplan import parse_file

    parse_file(path)
    best = float("inf")
    for _ in range(repeat):
        clear_text_caches()  # per-text caches must not make a repeated parse look cheaper than a new one
        start = time.perf_counter()
        parse_file(path)
        best = min(best, time.perf_counter() - start)
    return best


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args(argv)
    print(f"{'sample':<36} {'fmt':<5} {'parse s':>8} {'floor s':>8} {'ratio':>6}  bar")
    worst: dict[str, float] = {}
    for fmt in FORMATS:
        for path in sorted((ROOT / "samples").glob(f"*.{fmt}")):
            ours = parse_seconds(path, args.repeat)
            floor = floor_seconds(path, repeat=args.repeat)
            ratio = ours / floor if floor else float("inf")
            worst[fmt] = max(worst.get(fmt, 0.0), ratio)
            bar = BARS.get(fmt)
            verdict = "" if bar is None else ("ok" if ratio <= bar else f"OVER {bar}×")
            print(f"{path.stem:<36} {fmt:<5} {ours:8.3f} {floor:8.3f} {ratio:6.2f}  {verdict}")
    print("worst ratio per format: " + ", ".join(f"{k}={v:.2f}" for k, v in worst.items()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
