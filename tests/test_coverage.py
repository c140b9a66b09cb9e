"""Every node accounted for: each paragraph of a decree ends in an item, an area heading or note, a
section's text, the front matter, or `unassigned`, with its words, never as a bare count. Checked on
every sample and on every layout variation of it (tests/variations), so a layout that loses text
fails here even when the items the gold knows survive.
"""

from __future__ import annotations

import pytest
import regex as re

from parplan import parse_text
from parplan.pipeline import segment
from parplan.read.source import Para
from parplan.read.txt import read_text
from parplan.schema import Plan
from tests.variations.suite import STEMS, original, transformed
from tests.variations.transforms import TRANSFORMS

_WORD = re.compile(r"\w+")


def _words(text: str) -> set[str]:
    return set(_WORD.findall(text.casefold()))


def missing_words(text: str, name: str, plan: Plan | None = None) -> dict[str, list[str]]:
    """Paragraph start → its words that appear nowhere in the plan's JSON (list markers aside)."""
    plan = parse_text(text, name) if plan is None else plan
    seen = _words(plan.model_dump_json())
    outline = segment(read_text(text, name))
    missing: dict[str, list[str]] = {}
    texts = [n.text for n in outline.root.walk() if n.family != "root"]
    texts += [b.text for b in outline.appendix if isinstance(b, Para)]
    for t in texts:
        if lost := sorted(_words(t) - seen):
            missing[t[:60]] = lost
    return missing


@pytest.mark.parametrize("stem", STEMS)
def test_every_word_of_a_sample_is_in_its_plan(stem: str) -> None:
    assert missing_words(original(stem).text, f"{stem}.txt") == {}


@pytest.mark.parametrize("name", sorted(TRANSFORMS))
def test_every_word_survives_every_variation(name: str) -> None:
    for stem in STEMS:
        text = transformed(name, stem)
        assert missing_words(text, f"{stem}.txt") == {}, (name, stem)


def test_the_check_sees_a_dropped_section_text() -> None:
    """The invariant can fail: a plan that keeps a section only as a paragraph count loses words."""
    stem = "quang-ninh-2022-ke-hoach"
    plan = parse_text(original(stem).text, f"{stem}.txt")
    purpose = next(s for s in plan.sections if s.role == "purpose_requirements")
    purpose.text = []
    assert missing_words(original(stem).text, f"{stem}.txt", plan)
