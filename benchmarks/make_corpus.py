"""Make a synthetic corpus of plain-text PAR plans by recombining the sections of the samples.

Four samples are too few to measure throughput, memory and scaling at corpus size, and real
decrees cannot be shipped. A recombined corpus exercises the same code paths (every table layout,
every heading style) on documents that are all different, so per-text caches cannot make a repeat
look cheap. Each plan is built from:

- the preamble (decision, legal bases, title) of one sample, with its province and years varied;
- that sample's top-level sections, except that the task section ("NHIỆM VỤ …") gets 3–8 reform-area
  subsections drawn from the task sections of all samples, each with its task lines shuffled and
  thinned;
- the tail (signature, appendix) of a sample, the rows of tab-separated appendix tables shuffled.

Deterministic for a given seed. Usage:
`python benchmarks/make_corpus.py [--n 1000] [--seed 0] [--out DIR] [--docx K]` (default: a new
temporary directory, printed). `make_corpus(out, n, seed)` is what `bench_corpus.py` calls.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import shutil
import sys
import tempfile
from dataclasses import dataclass
from itertools import pairwise
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "samples"
PROVINCE_DATA = ROOT / "src" / "parplan" / "data" / "provinces.json"

# Province names as the samples write them; every one is replaced by the generated plan's province.
SAMPLE_PROVINCES = ("Quảng Ninh", "Quảng Bình", "Tuyên Quang")
_SECTION = re.compile(r"^[IVX]+\.(?:\s|$)")  # "III. NHIỆM VỤ, GIẢI PHÁP" / "IV."
_AREA = re.compile(r"^\d{1,2}\.\s+\S")  # "2. Cải cách thủ tục hành chính"
_TASK = re.compile(r"^(?:[-+•]\s|\(\d{1,2}\)\s|[a-zđ]\)\s)")  # "- …", "(3) …", "b) …"
_TAB_ROW = re.compile(r"^\d{1,3}\t")
_YEAR = re.compile(r"(?<!\d)(20[12]\d)(?!\d)")


@dataclass(frozen=True)
class _Sample:
    name: str
    preamble: list[str]
    sections: list[list[str]]  # each starts with its roman heading line
    tail: list[str]  # signature block and appendix after the last section ([] if none)


def _split(name: str, text: str) -> _Sample:
    """Cut a sample into preamble, top-level sections and tail, on line patterns only."""
    lines = text.split("\n")
    starts = [i for i, ln in enumerate(lines) if _SECTION.match(ln)]
    if not starts:
        return _Sample(name, lines, [], [])
    last = starts[-1]
    tail_at = next((i for i in range(last + 1, len(lines)) if lines[i].startswith("PHỤ LỤC")), None)
    if tail_at is None:
        tail_at = next((i for i in range(last + 1, len(lines)) if lines[i].startswith("Nơi nhận")), len(lines))
    bounds = [*starts, tail_at]
    sections = [lines[a:b] for a, b in pairwise(bounds)]
    return _Sample(name, lines[: starts[0]], sections, lines[tail_at:])


def _is_task_section(section: list[str]) -> bool:
    return "NHIỆM VỤ" in section[0] and sum(1 for ln in section if _AREA.match(ln)) >= 3


def _areas(section: list[str]) -> tuple[list[str], list[list[str]]]:
    """A task section as (its lines before the first area, the areas: heading line + body)."""
    starts = [i for i, ln in enumerate(section) if _AREA.match(ln)]
    bounds = [*starts, len(section)]
    return section[: starts[0]], [section[a:b] for a, b in pairwise(bounds)]


def _shuffle_tasks(area: list[str], rng: random.Random) -> list[str]:
    """Shuffle an area's task units (a marker line and its continuation lines) and drop up to a third."""
    head, units, cur = [area[0]], [], None
    for line in area[1:]:
        if _TASK.match(line):
            cur = [line]
            units.append(cur)
        elif cur is None:
            head.append(line)
        else:
            cur.append(line)
    if len(units) > 1:
        rng.shuffle(units)
        units = units[: max(1, len(units) - rng.randint(0, len(units) // 3))]
    out = list(head)
    for unit in units:
        if out and out[-1].strip():
            out.append("")  # units stay blank-line separated, as in the samples
        out.extend(unit)
    return out


def _shuffle_tab_rows(tail: list[str], rng: random.Random) -> list[str]:
    """Shuffle each run of consecutive tab-separated data rows (`12\\t…`) of an appendix."""
    out: list[str] = []
    run: list[str] = []
    for line in [*tail, None]:
        if line is not None and _TAB_ROW.match(line):
            run.append(line)
            continue
        rng.shuffle(run)
        out.extend(run)
        run = []
        if line is not None:
            out.append(line)
    return out


def _renumber(area: list[str], number: int) -> list[str]:
    return [re.sub(r"^\d{1,2}\.", f"{number}.", area[0], count=1), *area[1:]]


def _provinces() -> list[str]:
    data = json.loads(PROVINCE_DATA.read_text(encoding="utf-8"))
    names = sorted({p["name"] for p in data["provinces"] if p.get("era") == "pre_2025"})
    return names or list(SAMPLE_PROVINCES)


def _vary(text: str, province: str, shift: int) -> str:
    """Rename the sample provinces (and their upper-case forms) and shift every year by `shift`."""
    for old in SAMPLE_PROVINCES:
        text = text.replace(old, province).replace(old.upper(), province.upper())
    return _YEAR.sub(lambda m: str(int(m.group(1)) + shift), text)


def load_samples(folder: Path = SAMPLES) -> list[_Sample]:
    return [_split(p.stem, p.read_text(encoding="utf-8")) for p in sorted(folder.glob("*.txt"))]


def make_plan(samples: list[_Sample], rng: random.Random, provinces: list[str]) -> tuple[str, str, int]:
    """One recombined plan: (text, province, year shift)."""
    base = rng.choice(samples)
    pool = [area for s in samples for sec in s.sections if _is_task_section(sec) for area in _areas(sec)[1]]
    body: list[str] = []
    for section in base.sections:
        if _is_task_section(section) and pool:
            intro, _ = _areas(section)
            picked = rng.sample(pool, k=min(len(pool), rng.randint(3, 8)))
            body.extend(intro)
            for n, area in enumerate(picked, start=1):
                body.extend(_renumber(_shuffle_tasks(area, rng), n))
        else:
            body.extend(section)
    tails = [s.tail for s in samples if s.tail]
    tail = _shuffle_tab_rows(rng.choice(tails), rng) if tails and rng.random() < 0.85 else base.tail
    province, shift = rng.choice(provinces), rng.randint(-2, 3)
    text = "\n".join([*base.preamble, *body, *tail])
    return _vary(text, province, shift), province, shift


def _slug(name: str) -> str:
    import unicodedata

    flat = unicodedata.normalize("NFD", name.replace("Đ", "D").replace("đ", "d"))
    flat = "".join(ch for ch in flat if unicodedata.category(ch) != "Mn")
    return re.sub(r"[^a-z0-9]+", "-", flat.lower()).strip("-")


def make_corpus(out: Path, n: int = 1000, seed: int = 0, docx: int = 0) -> list[Path]:
    """Write `n` recombined .txt plans (and `docx` renamed copies of the sample DOCX files) to `out`."""
    out.mkdir(parents=True, exist_ok=True)
    rng = random.Random(seed)
    samples, provinces = load_samples(), _provinces()
    paths: list[Path] = []
    for i in range(n):
        text, province, shift = make_plan(samples, rng, provinces)
        path = out / f"plan-{i:04d}-{_slug(province)}{shift:+d}.txt"
        path.write_text(text, encoding="utf-8")
        paths.append(path)
    sources = sorted(SAMPLES.glob("*.docx"))
    for i in range(docx if sources else 0):
        src = sources[i % len(sources)]
        dst = out / f"copy-{i:04d}-{src.name}"
        shutil.copyfile(src, dst)
        paths.append(dst)
    return paths


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--n", type=int, default=1000, help="number of text plans (default 1000)")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--out", type=Path, help="output directory (default: a new temporary directory)")
    ap.add_argument("--docx", type=int, default=0, help="also copy the sample DOCX files this many times")
    args = ap.parse_args(argv)
    out = args.out or Path(tempfile.mkdtemp(prefix="parplan-corpus-"))
    paths = make_corpus(out, args.n, args.seed, args.docx)
    size = sum(p.stat().st_size for p in paths)
    print(f"{len(paths)} files, {size / 2**20:.1f} MiB in {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
