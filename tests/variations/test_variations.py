"""Floors of the variation suite: a layout change that keeps the content must keep the plan.

`KNOWN_LOSSES` lists the (transformation, sample) cells the parser fails today; they run as
non-strict xfails, so take an entry out once its cell passes (`python scripts/variations.py
--show-losses --only NAME` shows what is lost and why).
"""

from __future__ import annotations

import re
from collections import Counter

import pytest

from tests.variations.suite import STEMS, measure, original, transformed
from tests.variations.transforms import LONG_HEADINGS, TRANSFORMS, Transform, cut, render

DEFAULT_FLOOR = 0.98
# Per-transformation floor on the share of narrative items kept; DEFAULT_FLOOR when absent.
FLOORS: dict[str, float] = {}

# Cells below their floor today (non-strict xfail): take an entry out once its cell passes; an entry
# added here needs a reason in the commit that adds it.
KNOWN_LOSSES: set[tuple[str, str]] = set()

# Transformations that are the identity on every bundled sample because the sample already has that
# layout, with another transformation of the same family that they must undo.
BASELINE: dict[str, str] = {"sub_letter": "sub_decimal"}  # quang-binh writes `a) Mục tiêu` itself

QB = "quang-binh-2021-2030-ke-hoach"
QN131 = "quang-ninh-2021-chuong-trinh-131"
QN22 = "quang-ninh-2022-ke-hoach"
TQ = "tuyen-quang-2022-ke-hoach"


def _cells() -> list[object]:
    cells = []
    for name in TRANSFORMS:
        for stem in STEMS:
            marks = []
            if (name, stem) in KNOWN_LOSSES:
                marks.append(pytest.mark.xfail(strict=False, reason="known parser loss, see KNOWN_LOSSES"))
            cells.append(pytest.param(name, stem, marks=marks, id=f"{name}-{stem}"))
    return cells


def test_cut_and_render_give_back_the_text() -> None:
    for stem in STEMS:
        base = original(stem)
        assert render(cut(base.text, base.oracle)) == base.text


@pytest.mark.parametrize(("name", "stem"), _cells())
def test_items_kept(name: str, stem: str) -> None:
    cell = measure(name, stem)
    if cell.share is None:
        pytest.skip("n/a: the transformation does not change this sample")
    floor = FLOORS.get(name, DEFAULT_FLOOR)
    lost = "; ".join(
        f"{loss.text[:40]!r} {loss.before} → {loss.found} ({loss.reason})" for loss in cell.losses[:5]
    )
    assert cell.share >= floor, (
        f"{cell.preserved}/{cell.total} kept{f', {cell.error}' if cell.error else ''}: {lost}"
    )


# What a transformation removes from the text it may remove from the metadata: `no_header` drops
# the decision wrapper above the plan's title, with its `Số:` line, date, bases and signature.
METADATA_REMOVED: dict[str, set[str]] = {"no_header": {"number", "issued_on", "signer", "legal_bases"}}


@pytest.mark.parametrize(("name", "stem"), _cells())
def test_rows_kept(name: str, stem: str) -> None:
    """Appendix rows are found again by their task with the same lead, partners, products and
    deadlines (the table transformations write each sample table in another layout)."""
    cell = measure(name, stem)
    if cell.row_share is None:
        pytest.skip("n/a: the transformation does not change this sample, or it has no appendix rows")
    assert cell.row_share >= DEFAULT_FLOOR, f"{cell.rows_preserved}/{cell.rows_total}: {cell.row_losses[:3]}"


@pytest.mark.parametrize(("name", "stem"), _cells())
def test_metadata_kept(name: str, stem: str) -> None:
    """A layout change keeps province, type, number, date, period, signer, title and bases."""
    cell = measure(name, stem)
    if cell.share is None:
        pytest.skip("n/a: the transformation does not change this sample")
    removed = set().union(*(METADATA_REMOVED.get(part, set()) for part in name.split("+")))
    assert set(cell.metadata_changed) <= removed, cell.metadata_changed


@pytest.mark.parametrize("name", [n for n in TRANSFORMS if n not in BASELINE])
def test_transformation_changes_some_sample(name: str) -> None:
    """A transformation that changes nothing cannot fail, so it would measure nothing."""
    assert any(transformed(name, stem) != original(stem).text for stem in STEMS)


@pytest.mark.parametrize(("name", "other"), sorted(BASELINE.items()))
def test_baseline_transformation_undoes_its_family(name: str, other: str) -> None:
    """`sub_letter` is the identity on the samples; it must still rewrite what `sub_decimal` wrote."""
    undo = Transform(f"{other}+{name}", "", TRANSFORMS[other].steps + TRANSFORMS[name].steps)
    changed = [stem for stem in STEMS if transformed(other, stem) != original(stem).text]
    assert changed
    for stem in changed:
        base = original(stem)
        assert undo(base.text, base.oracle) == base.text


_WORD = re.compile(r"\w+")


def _words(text: str) -> Counter[str]:
    return Counter(_WORD.findall(text.replace("*", " ").replace("#", " ")))


@pytest.mark.parametrize("name", list(TRANSFORMS))
def test_transformation_keeps_item_words(name: str) -> None:
    """Every word of the original item lines is still in the transformed text, as often."""
    for stem in STEMS:
        base = original(stem)
        lines = base.text.split("\n")
        item_lines = [lines[k - 1] for span in base.oracle.items for k in range(span.line, span.end + 1)]
        missing = _words("\n".join(item_lines)) - _words(transformed(name, stem))
        assert not missing, f"{stem}: {dict(list(missing.items())[:10])}"


def test_long_headings_are_long_and_name_their_area() -> None:
    key_phrases = {
        "institutional": ("thể chế",),
        "administrative_procedures": ("thủ tục hành chính",),
        "apparatus": ("tổ chức bộ máy",),
        "civil_service": ("công vụ", "cán bộ công chức"),
        "public_finance": ("tài chính công",),
        "digital_government": ("chính quyền điện tử", "chuyển đổi số"),
        "direction": ("chỉ đạo, điều hành",),
    }
    assert set(LONG_HEADINGS) == set(key_phrases)
    for code, wording in LONG_HEADINGS.items():
        assert len(wording.split()) > 12, code
        assert all(phrase in wording.casefold() for phrase in key_phrases[code]), code


def test_oracle_finds_the_layout() -> None:
    """The roles the transformations rely on: sub-headings, umbrellas, the header and the tail."""
    assert len(original(QB).oracle.subheadings) == 12  # a) Mục tiêu / b) Nhiệm vụ under 6 areas
    assert not any(original(stem).oracle.subheadings for stem in (QN131, QN22, TQ))
    for stem in STEMS:
        base = original(stem)
        title = base.text.split("\n")[base.oracle.title_line - 1]
        assert title.strip().startswith(("KẾ HOẠCH", "CHƯƠNG TRÌNH")), stem
        assert base.oracle.romans, stem
