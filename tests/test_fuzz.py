"""Mutation fuzz over the sample DOCX and PDF bytes (and a few txt), on a small fixed budget.

Each mutant (see `scripts/fuzz.py` for the mutators: byte flips, truncations, inserted garbage, a
DOCX zip member rewritten with damaged or odd XML, zip structure damage, PDF xref / object /
stream / content-operator / ToUnicode damage) goes through
`parplan.pipeline.run(Path("x.<fmt>"), data=mutant)` and `Plan.model_dump_json()` in a worker
process with a per-input time limit. Contract: a Plan or a `ParplanError`; any other exception, a
worker death (segfault, OOM) or no answer within `TIMEOUT` seconds fails the test.

Budget: a fixed seed and `BUDGET` mutants per format and mutator family — 142 DOCX, 60 PDF,
40 txt and 8 command lines, 250 in all, ~30 s. The long run is `python scripts/fuzz.py --inputs 30000`.

`KNOWN_OPEN` lists crashes found by the fuzzer and reported, not yet fixed: a test whose findings
are all known is marked xfail with their description; any other finding fails. Remove an entry
when its fix lands.
"""

from __future__ import annotations

import multiprocessing
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "scripts"))  # importable by name, so that spawn-start workers find it too
import fuzz  # noqa: E402  (scripts/fuzz.py)

SEED = 20240611
TIMEOUT = 15.0  # seconds per input; the slowest sample (a PDF) parses in ~0.5 s
BUDGET: dict[str, dict[str, int]] = {
    "docx": {"xml_damage": 40, "xml_semantic": 40, "package": 12, "zip": 20, "bytes": 30},
    "pdf": {"content": 12, "cmap": 6, "objects": 10, "forms": 6, "xref": 10, "stream": 8, "bytes": 8},
    "txt": {"text": 20, "encoding": 10, "bytes": 10},
    "cli": {"invocation": 8},  # hostile names, output targets and globs through the installed command
}

# (exception type, function) of the innermost parplan frame (or the stage) → what is wrong.
KNOWN_OPEN: dict[tuple[str, str], str] = {}  # crashes A–D of the first 30,000-input run are fixed


def _cases() -> Iterator[Any]:
    for fmt, families in BUDGET.items():
        for family, count in families.items():
            yield pytest.param(fmt, family, count, id=f"{fmt}-{family}")


@pytest.fixture(scope="module")
def samples() -> dict[str, list[tuple[str, bytes]]]:
    return fuzz.load_samples(tuple(BUDGET))


@pytest.fixture(scope="module")
def worker() -> Iterator[fuzz.Worker]:
    with fuzz.Worker(timeout=TIMEOUT) as w:
        yield w


def _known(outcome: fuzz.Outcome) -> str | None:
    exc_type, _, func = fuzz.crash_site(outcome)
    return KNOWN_OPEN.get((exc_type, func))


def _report(findings: list[tuple[fuzz.Mutant, fuzz.Outcome]]) -> str:
    parts = []
    for mutant, outcome in findings:
        tail = "\n".join(outcome.detail.strip().splitlines()[-12:])
        parts.append(f"{outcome.status}: {fuzz.crash_signature(outcome)}\n  {mutant.describe()}\n{tail}")
    return "\n\n".join(parts)


@pytest.mark.parametrize(("fmt", "family", "count"), list(_cases()))
def test_mutants_give_a_plan_or_a_parplan_error(
    worker: fuzz.Worker, samples: dict[str, list[tuple[str, bytes]]], fmt: str, family: str, count: int
) -> None:
    offset = 1000 * list(fuzz.FAMILIES[fmt]).index(family)  # distinct mutants per family
    findings = []
    for i in range(count):
        mutant = fuzz.make_mutant(samples, fmt, SEED, offset + i, family=family)
        outcome = worker.run(fmt, mutant.data)
        if outcome.bad:
            findings.append((mutant, outcome))
    unknown = [(m, o) for m, o in findings if _known(o) is None]
    assert not unknown, f"{len(unknown)} of {count} {fmt} mutants broke the contract:\n\n" + _report(unknown)
    if findings:
        known = sorted({_known(o) or "" for _, o in findings})
        pytest.xfail(f"{len(findings)} known open finding(s): " + " | ".join(known))


def test_mutants_are_reproducible_and_damaged(samples: dict[str, list[tuple[str, bytes]]]) -> None:
    """Same (seed, format, index) → same bytes; and the mutators really change the input."""
    originals = {data for files in samples.values() for _, data in files}
    for fmt, families in fuzz.FAMILIES.items():
        if fmt not in samples:
            continue
        for family in families:
            changed = 0
            for i in range(8):
                a = fuzz.make_mutant(samples, fmt, SEED, i, family=family)
                b = fuzz.make_mutant(samples, fmt, SEED, i, family=family)
                assert a.data == b.data and a.steps == b.steps, f"{fmt}/{family} #{i} is not deterministic"
                changed += a.data not in originals
            assert changed >= 6, f"{fmt}/{family}: only {changed} of 8 mutants differ from the samples"


@pytest.mark.skipif("fork" not in multiprocessing.get_all_start_methods(), reason="needs fork to plant faults")
def test_the_harness_reports_crashes_hangs_and_errors(monkeypatch: pytest.MonkeyPatch) -> None:
    """A planted bug, hang and ParplanError are classified as crash, hang and error."""
    from parplan import pipeline
    from parplan.errors import UnreadableInput

    def planted(path: Path, data: bytes | None = None, *args: Any, **kwargs: Any) -> Any:
        if data == b"crash":
            raise KeyError("planted")
        if data == b"hang":
            time.sleep(60)
        raise UnreadableInput("planted")

    monkeypatch.setattr(pipeline, "run", planted)  # the forked worker inherits the patch
    with fuzz.Worker(timeout=1.0) as w:
        crash, hang, error = w.run("txt", b"crash"), w.run("txt", b"hang"), w.run("txt", b"error")
        after = w.run("txt", b"error")  # the worker was restarted after the hang
    assert crash.status == "crash" and "KeyError: 'planted'" in crash.detail
    assert fuzz.crash_site(crash)[0] == "KeyError"
    assert hang.status == "hang" and hang.bad
    assert error.status == "error" and not error.bad
    assert after.status == "error"
