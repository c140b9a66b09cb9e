"""Reform-area headings, section roles and milestone periods (parplan.normalize.areas)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from parplan.normalize.areas import (
    AREA_CODES,
    _data,
    _raw,
    area_code,
    area_names,
    clean_heading,
    period_milestone,
    section_role,
)

GOLD_DIR = Path(__file__).resolve().parents[1].parent / "shared" / "gold"

# Every area heading and appendix group heading of the four gold samples, as written.
GOLD_AREA_HEADINGS = [
    ("2. Cải cách thủ tục hành chính", "administrative_procedures"),
    (
        "2. Nhóm nhiệm vụ, giải pháp đột phá về cải cách thủ tục hành chính, tạo môi trường kinh doanh thông thoáng, thuận lợi, minh bạch",
        "administrative_procedures",
    ),
    ("II CẢI CÁCH THỦ TỤC HÀNH CHÍNH", "administrative_procedures"),
    ("Nội dung 3: Cải cách thủ tục hành chính", "administrative_procedures"),
    ("3. Cải cách tổ chức bộ máy", "apparatus"),
    ("3. Cải cách tổ chức bộ máy hành chính nhà nước", "apparatus"),
    (
        "3. Nhóm nhiệm vụ, giải pháp về cải cách tổ chức bộ máy hành chính nhà nước, xây dựng chính quyền địa phương liêm chính, phục vụ, thực sự “của Nhân dân, do Nhân dân, vì Nhân dân”, hoạt động hiệu lực, hiệu quả",
        "apparatus",
    ),
    ("III CẢI CÁCH TỔ CHỨC BỘ MÁY HÀNH CHÍNH NHÀ NƯỚC", "apparatus"),
    ("Nội dung 4: Cải cách tổ chức bộ máy hành chính nhà nước", "apparatus"),
    ("4. Cải cách chế độ công vụ", "civil_service"),
    (
        "4. Nhóm nhiệm vụ, giải pháp về xây dựng và nâng cao chất lượng đội ngũ cán bộ, công chức, viên chức",
        "civil_service",
    ),
    ("IV CẢI CÁCH CHẾ ĐỘ CÔNG VỤ", "civil_service"),
    ("Nội dung 5: Cải cách chế độ công vụ", "civil_service"),
    (
        "6. Nhóm nhiệm vụ, giải pháp về hiện đại hóa nền hành chính, ứng dụng công nghệ thông tin, xây dựng chính quyền điện tử, chính quyền số",
        "digital_government",
    ),
    ("6. Xây dựng và phát triển Chính quyền điện tử, Chính quyền số", "digital_government"),
    ("Nội dung 7: Xây dựng và phát triển Chính quyền điện tử, Chính quyền số", "digital_government"),
    ("VI XÂY DỰNG VÀ PHÁT TRIỂN CHÍNH QUYỀN ĐIỆN TỬ, CHÍNH QUYỀN SỐ", "digital_government"),
    ("7. Công tác chỉ đạo, điều hành cải cách hành chính", "direction"),
    ("Nội dung 1. Công tác chỉ đạo, điều hành", "direction"),
    ("VII CÔNG TÁC CHỈ ĐẠO, ĐIỀU HÀNH", "direction"),
    ("1. Cải cách thể chế", "institutional"),
    ("1. Nhóm nhiệm vụ, giải pháp về nâng cao hiệu quả cải cách thể chế", "institutional"),
    ("I CẢI CÁCH THỂ CHẾ", "institutional"),
    ("Nội dung 2. Cải cách thể chế hành chính", "institutional"),
    (
        "8. Nhóm nhiệm vụ, giải pháp xây dựng môi trường đầu tư kinh doanh thuận lợi, bình đẳng, minh bạch, nâng cao năng lực cạnh tranh cấp tỉnh",
        "other:investment_environment",
    ),
    (
        "7. Nhóm nhiệm vụ, giải pháp về nâng cao năng lực cạnh tranh về nguồn lao động chất lượng cao, có trình độ kỹ thuật gắn với tăng nhanh tốc độ thu hút nguồn lao động, doanh nhân đến đầu tư, kinh doanh và sinh sống tại tỉnh",
        "other:labour_competitiveness",
    ),
    ("5. Cải cách tài chính công", "public_finance"),
    ("5. Nhóm nhiệm vụ, giải pháp về cải cách tài chính công", "public_finance"),
    ("Nội dung 6: Công tác cải cách tài chính công", "public_finance"),
    ("V CẢI CÁCH TÀI CHÍNH CÔNG", "public_finance"),
]

NON_AREA_HEADINGS = [
    "Mục đích, yêu cầu",
    "I. MỤC ĐÍCH, YÊU CẦU",
    "Tổ chức thực hiện",
    "VI. TỔ CHỨC THỰC HIỆN",
    "Kinh phí",
    "IV.\nKINH PHÍ",
    "V. KINH PHÍ THỰC HIỆN",
    "Mục tiêu tổng quát",
    "1. Mục tiêu tổng quát",
    "2. Mục tiêu cụ thể",
    "II. MỤC TIÊU CHUNG",
    "II. MỤC TIÊU",
    "III. NHIỆM VỤ, GIẢI PHÁP",
    "II. NHIỆM VỤ CẢI CÁCH HÀNH CHÍNH NĂM 2022",
    "III. NỘI DUNG, MỤC TIÊU, NHIỆM VỤ CỤ THỂ",
    "IV. GIẢI PHÁP THỰC HIỆN",
    "2. Các cơ quan chủ trì thực hiện các nội dung cải cách hành chính",
    "Trách nhiệm của Sở Nội vụ",
    "2. Trách nhiệm của Sở Nội vụ",
    "Quan điểm",
    "I. QUAN ĐIỂM",
    "a) Mục tiêu",
    "b) Nhiệm vụ",
    "PHỤ LỤC",
    "IV.",
    "",
    "2.1. Giai đoạn đến năm 2025",
    # solution sentences (Quảng Bình IV) open with area words but are not areas
    "1. Tăng cường công tác chỉ đạo, điều hành việc triển khai thực hiện cải cách hành chính từ Ủy ban nhân dân "
    "tỉnh, Chủ tịch Ủy ban nhân dân tỉnh đến các cơ quan, đơn vị, địa phương",
    "3. Tăng cường kỷ luật, kỷ cương hành chính gắn với tạo động lực cải cách trong đội ngũ cán bộ, công chức, "
    "viên chức",
    "5. Đẩy mạnh ứng dụng khoa học và công nghệ, nhất là công nghệ thông tin, truyền thông, công nghệ số",
    "Vi phạm hành chính",
]

# Wordings an unseen province may use.
OTHER_WORDINGS = [
    ("Cải cách hành chính công vụ", "civil_service"),
    ("Hiện đại hóa hành chính", "digital_government"),
    ("Hiện đại hoá nền hành chính", "digital_government"),
    ("Chuyển đổi số", "digital_government"),
    ("Xây dựng và phát triển Chính phủ điện tử, Chính phủ số", "digital_government"),
    ("Cải cách tổ chức bộ máy hành chính nhà nước", "apparatus"),
    ("Cải cách thể chế hành chính", "institutional"),
    ("1.1. Cải cách TTHC:", "administrative_procedures"),
    ("Về cải cách tài chính công:", "public_finance"),
    ("II / Công tác chỉ đạo, điều hành", "direction"),
    ("Nội dung 3: Cải cách thủ tục hành chính:", "administrative_procedures"),
    ("c) Nhóm nhiệm vụ, giải pháp về cải cách tổ chức bộ máy", "apparatus"),
    ("Xây dựng và nâng cao chất lượng đội ngũ CB, CC, VC", "civil_service"),
    ("Cải cách thủ tục hàng chính", "administrative_procedures"),  # typo: fuzzy
    ("Văn hóa công vụ", "civil_service"),  # keyword cue, short heading
    ("Công tác thông tin, tuyên truyền", "other:communication"),
    ("8. Công tác thông tin, tuyên truyền cải cách hành chính", "other:communication"),
    ("Công tác kiểm tra cải cách hành chính", "other:inspection"),
    ("Tác động của cải cách hành chính", "other:impact"),
    ("Cải cách thủ tục hành chính, hiện đại hóa phương thức chỉ đạo, điều hành", "administrative_procedures"),
    # unknown programme-specific groups get a slug of their core words
    (
        "9. Nhóm nhiệm vụ, giải pháp về phát triển du lịch bền vững gắn với bảo tồn",
        "other:phat_trien_du_lich_ben_vung",
    ),
    ("Nội dung 8: Công tác văn thư, lưu trữ", "other:van_thu_luu_tru"),
]

PERIODS = [
    ("Giai đoạn đến năm 2025", 2025),
    ("2.1. Giai đoạn đến năm 2025", 2025),
    ("2.2. Giai đoạn đến năm 2030", 2030),
    ("I / Giai đoạn đến năm 2025", 2025),
    ("I Giai đoạn đến năm 2025", 2025),
    ("II. Giai đoạn đến năm 2030", 2030),
    ("Đến năm 2030", 2030),
    ("- Đến hết năm 2025:", 2025),
    ("Giai đoạn 2026 - 2030", 2030),
    ("Giai đoạn 2021–2025", 2025),
    ("1. Cải cách thể chế", None),
    ("Năm 2025 tiếp tục", None),
    ("Kế hoạch giai đoạn đến năm 2025 của tỉnh", None),
]

ROLES = [
    ("I. MỤC ĐÍCH, YÊU CẦU", "purpose_requirements"),
    ("1. Mục đích", "purpose_requirements"),
    ("I. QUAN ĐIỂM", "viewpoints"),
    ("II. MỤC TIÊU", "objectives_targets"),
    ("a) Mục tiêu", "objectives_targets"),
    ("II. MỤC TIÊU CHUNG", "general_objectives"),
    ("1. Mục tiêu tổng quát", "general_objectives"),
    ("2. Mục tiêu cụ thể", "specific_objectives"),
    ("III. NHIỆM VỤ, GIẢI PHÁP", "tasks_solutions"),
    ("II. NHIỆM VỤ CẢI CÁCH HÀNH CHÍNH NĂM 2022", "tasks_solutions"),
    ("b) Nhiệm vụ", "tasks_solutions"),
    ("III. NỘI DUNG, MỤC TIÊU, NHIỆM VỤ CỤ THỂ", "content"),
    ("IV. GIẢI PHÁP THỰC HIỆN", "solutions"),
    ("V. KINH PHÍ THỰC HIỆN", "funding"),
    ("IV.\nKINH PHÍ", "funding"),
    ("VI. TỔ CHỨC THỰC HIỆN", "implementation"),
    ("2. Trách nhiệm của Sở Nội vụ", "implementation"),
    ("2. Các cơ quan chủ trì thực hiện các nội dung cải cách hành chính", "implementation"),
    ("PHỤ LỤC", "appendix"),
    ("I. CĂN CỨ PHÁP LÝ", "legal_basis"),
    ("1. Cải cách thể chế", None),
    ("7. Nhóm nhiệm vụ, giải pháp về nâng cao năng lực cạnh tranh về nguồn lao động", None),
    ("Nội dung 2. Cải cách thể chế hành chính", None),
    ("2.1. Giai đoạn đến năm 2025", None),
]


@pytest.mark.parametrize(("heading", "code"), GOLD_AREA_HEADINGS)
def test_gold_area_headings(heading: str, code: str) -> None:
    assert area_code(heading) == code


@pytest.mark.parametrize("heading", NON_AREA_HEADINGS)
def test_non_area_headings(heading: str) -> None:
    assert area_code(heading) is None


@pytest.mark.parametrize(("heading", "code"), OTHER_WORDINGS)
def test_other_wordings(heading: str, code: str) -> None:
    assert area_code(heading) == code


@pytest.mark.parametrize(("heading", "year"), PERIODS)
def test_period_milestone(heading: str, year: int | None) -> None:
    assert period_milestone(heading) == year
    if year is not None:
        assert area_code(heading) is None


@pytest.mark.parametrize(("heading", "role"), ROLES)
def test_section_role(heading: str, role: str | None) -> None:
    assert section_role(heading) == role


@pytest.mark.parametrize(
    ("heading", "clean"),
    [
        ("Nội dung 3: Cải cách TTHC:", "Cải cách TTHC"),
        ("II CẢI CÁCH THỦ TỤC HÀNH CHÍNH", "CẢI CÁCH THỦ TỤC HÀNH CHÍNH"),
        ("I / Giai đoạn đến năm 2025", "Giai đoạn đến năm 2025"),
        ("1.1. Cải cách thể chế", "Cải cách thể chế"),
        ("a) Mục tiêu", "Mục tiêu"),
        ("Về cải cách thể chế", "Về cải cách thể chế"),
        ("IV.", ""),
    ],
)
def test_clean_heading(heading: str, clean: str) -> None:
    assert clean_heading(heading) == clean


def test_gold_files_agree() -> None:
    """The literal table above is the gold; re-read the gold files when they are beside the repo."""
    files = sorted(GOLD_DIR.glob("*.gold.json"))
    if not files:
        pytest.skip("shared/gold not available")
    wrong = []
    for path in files:
        gold = json.loads(path.read_text(encoding="utf-8"))
        pairs = {(a["heading"], a["code"]) for a in gold["areas"]}
        pairs |= {(r["group_heading"], r["area"]) for r in gold["table_rows"] if r.get("group_heading")}
        for heading, code in pairs:
            got = "by_period" if period_milestone(heading) else area_code(heading)
            if got != code:
                wrong.append((path.name, heading, code, got))
    assert wrong == []


def test_data_loads_and_codes_are_valid() -> None:
    raw = _raw()
    codes = [a["code"] for a in raw["areas"]]
    assert tuple(codes) == AREA_CODES
    for other in raw["others"]:
        assert other["code"].startswith("other:")
        assert other["code"][len("other:") :].isidentifier()
    names = area_names()
    assert set(codes) <= set(names)
    assert {"other:labour_competitiveness", "other:investment_environment", "other:communication"} <= set(
        names
    )


def test_no_variant_maps_to_two_codes() -> None:
    seen: dict[str, str] = {}
    clashes = []
    for v in _data().variants:
        if seen.setdefault(v.key, v.code) != v.code:
            clashes.append((v.key, seen[v.key], v.code))
    assert clashes == []


@given(st.text(max_size=200))
def test_never_crashes(text: str) -> None:
    code = area_code(text)
    assert code is None or code in AREA_CODES or code.startswith("other:")
    assert section_role(text) is None or isinstance(section_role(text), str)
    year = period_milestone(text)
    assert year is None or 1000 <= year <= 9999


def _catalogue_examples() -> list[tuple[str, str, str, bool]]:
    """(kind, code, text, must match) for every example and counter-example in data/areas.json."""
    import json
    from importlib import resources

    data = json.loads(resources.files("parplan.data").joinpath("areas.json").read_text(encoding="utf-8"))
    out = []
    for kind, entries in (("role", data["section_roles"]), ("area", data["areas"])):
        for entry in entries:
            out += [(kind, entry["code"], t, True) for t in entry["examples"]]
            out += [(kind, entry["code"], t, False) for t in entry["counter_examples"]]
    return out


@pytest.mark.parametrize(("kind", "code", "text", "match"), _catalogue_examples())
def test_catalogue_examples_and_counter_examples(kind: str, code: str, text: str, match: bool) -> None:
    from parplan.normalize.areas import name_area, section_role

    got = section_role(text) if kind == "role" else name_area(text)
    assert (got == code) is match, (text, got)


def test_every_role_and_area_has_examples() -> None:
    import json
    from importlib import resources

    data = json.loads(resources.files("parplan.data").joinpath("areas.json").read_text(encoding="utf-8"))
    assert all(entry["examples"] for entry in [*data["section_roles"], *data["areas"]])
