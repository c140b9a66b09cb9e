"""Memo caches keyed by document text stay bounded, and `clear_text_caches` empties them."""

from __future__ import annotations

from pathlib import Path

from parplan import parse_file
from parplan.caches import STATIC_CACHES, clear_text_caches, text_caches

SAMPLE = Path(__file__).resolve().parents[1] / "samples" / "quang-ninh-2022-ke-hoach.txt"


def test_text_caches_are_found() -> None:
    names = {fn.__name__ for fn in text_caches()}
    # the resolvers a batch run calls for every mention, and the folding under them
    assert {"fold", "resolve_agency", "resolve_province", "area_code", "section_role"} <= names
    assert not names & STATIC_CACHES


def test_every_text_cache_has_a_bound() -> None:
    """Memory over a corpus must not grow with the number of files: an unbounded cache keyed by
    document text would keep every distinct phrase of every plan."""
    unbounded = [
        f"{fn.__module__}.{fn.__name__}"
        for fn in text_caches()
        if fn.cache_info().maxsize is None  # type: ignore[attr-defined]
    ]
    assert not unbounded


def test_clear_empties_every_text_cache() -> None:
    parse_file(SAMPLE)
    assert any(fn.cache_info().currsize for fn in text_caches())  # type: ignore[attr-defined]
    clear_text_caches()
    assert all(fn.cache_info().currsize == 0 for fn in text_caches())  # type: ignore[attr-defined]
