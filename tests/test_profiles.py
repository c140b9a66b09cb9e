"""Province profiles: strict validation, most-specific selection, and every example line checked."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from parplan.extract.columns import header_role
from parplan.normalize.areas import area_code
from parplan.parsers import BASE, Profile, ProfileError, load_profiles, select_profile
from tests.conftest import parsed

EXAMPLES = [(p, e) for p in load_profiles() for e in p.examples]


@pytest.mark.parametrize(("profile", "example"), EXAMPLES, ids=[f"{p.id}:{e.text[:40]}" for p, e in EXAMPLES])
def test_profile_examples(profile: Profile, example) -> None:  # type: ignore[no-untyped-def]
    if example.kind == "area":
        got = profile.area_for(example.text) or area_code(example.text)
    else:
        got = header_role(example.text, profile.column_synonyms or None)
    assert got == example.expect, example.source


def test_every_profile_has_examples() -> None:
    assert all(p.examples for p in load_profiles() if p is not BASE)


def test_invalid_profiles_report_every_problem(tmp_path: Path) -> None:
    (tmp_path / "a.json").write_text(json.dumps({"id": "a", "column_synonyms": {"boss": ["X"]}, "colour": 1}))
    (tmp_path / "b.json").write_text("{not json")
    load_profiles.cache_clear()
    try:
        with pytest.raises(ProfileError) as exc:
            load_profiles(tmp_path)
    finally:
        load_profiles.cache_clear()
    message = str(exc.value)
    assert "a.json: column_synonyms" in message and "a.json: colour" in message and "b.json: not JSON" in message


def test_most_specific_profile_wins() -> None:
    assert select_profile(None) is BASE
    assert select_profile("Hà Giang") is BASE  # no profile: the generic parser alone
    assert select_profile("Quảng Ninh").id == "quang-ninh"
    specific = Profile(id="x", provinces=["Quảng Ninh"], doc_types=["ke_hoach"])
    assert specific.specificity() > select_profile("Quảng Ninh").specificity()


def test_samples_are_parsed_with_their_profile() -> None:
    assert parsed("quang-ninh-2022-ke-hoach.txt").profile == "quang-ninh"
    assert parsed("tuyen-quang-2022-ke-hoach.txt").profile == "tuyen-quang"


def test_profile_delta_changes_the_result() -> None:
    local = Profile(id="t", provinces=["X"], area_variants={"other:pci": ["Nâng cao Chỉ số PCI"]})
    assert area_code("2. Nâng cao Chỉ số PCI") != "other:pci"
    assert local.area_for("2. Nâng cao Chỉ số PCI") == "other:pci"
