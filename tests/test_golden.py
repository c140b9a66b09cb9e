"""Golden files: every sample's full Plan JSON, compared as a unified diff.

Regenerate deliberately with `pytest tests/test_golden.py --update-golden` and review the diff.
"""

from __future__ import annotations

import difflib

import pytest

from tests.conftest import GOLDEN, STEMS, parsed


@pytest.mark.parametrize("stem", STEMS)
def test_sample_matches_golden(stem: str, update_golden: bool) -> None:
    got = parsed(f"{stem}.txt").model_dump_json(indent=1) + "\n"
    path = GOLDEN / f"{stem}.txt.json"
    if update_golden:
        path.write_text(got, encoding="utf-8")
        pytest.skip("golden file rewritten")
    assert path.exists(), f"missing golden file {path}; run pytest --update-golden and review it"
    want = path.read_text(encoding="utf-8")
    if got != want:
        diff = "".join(difflib.unified_diff(want.splitlines(True), got.splitlines(True), "golden", "now", n=2))
        pytest.fail(f"{stem}: output differs from the golden file:\n{diff[:6000]}")
