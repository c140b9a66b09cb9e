"""Start-up cost, as ratios (not a test: speed is never asserted).

Whole-process times of `parplan --help` and `parplan --version` next to `python -c pass` and
`python -c "import docx"` (the bar, issue 15: `--help` within 4x of importing python-docx), and in
one process the first parse of a sample against the second (patterns compile at first use; the bar:
the first is not 5x the second).

Usage: `python benchmarks/bench_startup.py [--repeat N]`
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "samples" / "quang-ninh-2022-ke-hoach.txt"
FIRST_AND_SECOND = f"""
import time, parplan
t = time.perf_counter(); parplan.parse_file({str(SAMPLE)!r}); first = time.perf_counter() - t
t = time.perf_counter(); parplan.parse_file({str(SAMPLE)!r}); second = time.perf_counter() - t
print(first, second)
"""


def wall(cmd: list[str], repeat: int) -> float:
    """Median wall time of running `cmd` to the end."""
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repeat", type=int, default=9)
    args = ap.parse_args(argv)
    exe = (
        str(Path(sys.executable).with_name("parplan"))
        if Path(sys.executable).with_name("parplan").exists()
        else shutil.which("parplan")
    )
    if exe is None:
        print("parplan is not installed as a command", file=sys.stderr)
        return 1
    base = wall([sys.executable, "-c", "pass"], args.repeat)
    docx = wall([sys.executable, "-c", "import docx"], args.repeat)
    rows = [
        ("python -c pass", base),
        ('python -c "import docx"', docx),
        ("parplan --help", wall([exe, "--help"], args.repeat)),
        ("parplan --version", wall([exe, "--version"], args.repeat)),
    ]
    print(f"{'command':28s}{'ms':>8s}{'x pass':>9s}{'x import docx':>15s}")
    for name, seconds in rows:
        print(f"{name:28s}{seconds * 1000:8.0f}{seconds / base:9.2f}{seconds / docx:15.2f}")
    pairs = []
    for _ in range(max(3, args.repeat // 3)):
        out = subprocess.run(
            [sys.executable, "-c", FIRST_AND_SECOND], capture_output=True, text=True, check=True
        )
        pairs.append(tuple(float(x) for x in out.stdout.split()))
    first, second = statistics.median(p[0] for p in pairs), statistics.median(p[1] for p in pairs)
    print(
        f"first parse {first * 1000:.0f} ms, second {second * 1000:.0f} ms: first/second = {first / second:.2f}"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
