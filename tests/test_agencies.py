"""Agency gazetteer, mention resolution and list expansion (parplan.normalize.agencies)."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from parplan.normalize.agencies import (
    _index,
    _raw,
    agencies,
    expand_agencies,
    get_agency,
    resolve_agency,
    successor_on,
)

GOLD_DIR = Path(__file__).resolve().parents[1].parent / "shared" / "gold"
KINDS = set(_raw()["meta"]["kinds"])

# Every lead/partner cell entry of the gold appendix tables, as written → gazetteer id.
GOLD_TABLE_MENTIONS = [
    ("Ban Quản lý các khu công nghiệp tỉnh", "ban-quan-ly-cac-kcn"),
    ("Ban Tổ chức Tỉnh ủy", "ban-to-chuc-tinh-uy"),
    ("Ban Xúc tiến và Hỗ trợ đầu tư", "ban-xuc-tien-ho-tro-dau-tu"),
    ("Chi cục Văn thư lưu trữ, Sở Nội vụ", "so-noi-vu"),
    ("Các Bộ, phận thuộc Trung tâm HCC", "trung-tam-phuc-vu-hanh-chinh-cong-tinh"),
    ("Các Sở, Ban, ngành", "collective:so-ban-nganh"),
    ("Các Sở, ban, ngành", "collective:so-ban-nganh"),
    ("Các Sở, ban, ngành và UBND cấp huyện liên quan", "collective:so-ban-nganh"),
    ("Các Sở, ngành có liên quan", "collective:so-ban-nganh"),
    ("Các Sở, ngành và UBND cấp huyện, cấp xã", "collective:so-ban-nganh"),
    (
        "Các Sở, ngành được giao nhiệm vụ chủ trì theo từng nội dung CCHC liên quan",
        "collective:co-quan-chu-tri-cchc",
    ),
    ("Các Sở, ngành, có liên quan", "collective:so-ban-nganh"),
    ("Các Sở, ngành, cơ quan có liên quan", "collective:so-ban-nganh"),
    ("Các cơ quan chuyên môn thuộc UBND tỉnh", "collective:co-quan-chuyen-mon-ubnd-tinh"),
    ("Các cơ quan liên quan", "collective:co-quan-lien-quan"),
    ("Các cơ quan liên quan.", "collective:co-quan-lien-quan"),
    ("Các cơ quan đơn vị có liên quan", "collective:co-quan-lien-quan"),
    ("Các cơ quan đảng, chính quyền", "collective:co-quan-dang-chinh-quyen"),
    ("Các cơ quan, tổ chức, đơn vị", "collective:co-quan-don-vi"),
    ("Các cơ quan, đơn vị", "collective:co-quan-don-vi"),
    ("Các cơ quan, đơn vị có liên quan", "collective:co-quan-lien-quan"),
    ("Các cơ quan, đơn vị liên quan", "collective:co-quan-lien-quan"),
    (
        "Các cơ quan, đơn vị được giao nhiệm vụ chủ trì các nội dung của CCHC",
        "collective:co-quan-chu-tri-cchc",
    ),
    ("Các cơ quan, đơn vị, địa phương", "collective:co-quan-don-vi-dia-phuong"),
    ("Các cơ quan, đơn vị, địa phương trong toàn tỉnh", "collective:co-quan-don-vi-dia-phuong"),
    ("Các sở ban, ngành", "collective:so-ban-nganh"),
    ("Các sở, ban, ngành", "collective:so-ban-nganh"),
    ("Các đơn vị sự nghiệp công lập", "collective:don-vi-su-nghiep-cong-lap"),
    ("Cơ quan, đơn vị", "collective:co-quan-don-vi"),
    ("Cục Thống kê tỉnh", "thong-ke-tinh"),
    ("Mặt trận Tổ quốc", "mttq-tinh"),
    ("Sở Khoa học và Công nghệ", "so-khoa-hoc-cong-nghe"),
    ("Sở Kế hoạch và Đầu tư", "so-ke-hoach-dau-tu"),
    ("Sở Nội vụ", "so-noi-vu"),
    ("Sở Thông tin và Truyền thông", "so-thong-tin-truyen-thong"),
    ("Sở Tài chính", "so-tai-chinh"),
    ("Sở Tài chính và các cơ quan, đơn vị, địa phương", "so-tai-chinh"),
    ("Sở Tư pháp", "so-tu-phap"),
    (
        "Sở Tư pháp đăng tải trên Cơ sở dữ liệu văn bản quy phạm pháp luật tỉnh Tuyên Quang trực thuộc Cơ sở dữ liệu Quốc gia về văn bản pháp luật.",
        "so-tu-phap",
    ),
    ("Trung tâm Phục vụ hành chính công tỉnh", "trung-tam-phuc-vu-hanh-chinh-cong-tinh"),
    ("Trung tâm Thông tin, Văn phòng UBND tỉnh", "van-phong-ubnd-tinh"),
    ("Trung tâm phục vụ hành chính công", "trung-tam-phuc-vu-hanh-chinh-cong-tinh"),
    ("UBND các huyện, TP", "ubnd-cap-huyen"),
    ("UBND các huyện, thành phố", "ubnd-cap-huyen"),
    ("UBND các huyện, thị xã thành phố", "ubnd-cap-huyen"),
    ("UBND các huyện, thị xã, thành phố", "ubnd-cap-huyen"),
    ("UBND các địa phương", "ubnd-cap-huyen"),
    ("UBND các địa phương cấp huyện", "ubnd-cap-huyen"),
    ("UBND các địa phương cấp huyện, cấp xã", "ubnd-cap-huyen"),
    ("UBND cấp huyện", "ubnd-cap-huyen"),
    ("UBND cấp huyện, cấp xã", "ubnd-cap-huyen"),
    ("UBND cấp huyện.", "ubnd-cap-huyen"),
    ("UBND cấp xã", "ubnd-cap-xa"),
    ("UBND huyện, thành phố", "ubnd-cap-huyen"),
    ("UBND huyện, thành phố.", "ubnd-cap-huyen"),
    ("UBND huyện/ thành phố", "ubnd-cap-huyen"),
    ("Viettel Tuyên Quang", "viettel-tinh"),
    ("Viễn thông Tuyên Quang", "vnpt-tinh"),
    ("Văn phòng HĐND tỉnh", "van-phong-hdnd-tinh"),
    ("Văn phòng UBND tỉnh", "van-phong-ubnd-tinh"),
    ("Văn phòng UBND tỉnh đăng tải trên Công báo", "van-phong-ubnd-tinh"),
    ("Văn phòng Đoàn đại biểu Quốc hội và HĐND tỉnh", "van-phong-doan-dbqh-hdnd-tinh"),
    ("Văn phòng Ủy ban nhân dân tỉnh", "van-phong-ubnd-tinh"),
    ("các Ban Quản lý KKT (Quảng Ninh, Vân Đồn)", "ban-quan-ly-kkt"),
    ("các Ban Quản lý KKT tỉnh", "ban-quan-ly-kkt"),
    ("các Sở, ban, ngành", "collective:so-ban-nganh"),
    ("các cơ quan liên quan", "collective:co-quan-lien-quan"),
    ("các cơ quan, đơn vị có liên quan", "collective:co-quan-lien-quan"),
    ("các sở, ban, ngành", "collective:so-ban-nganh"),
    ("các tổ chức chính trị - xã hội", "collective:to-chuc-chinh-tri-xa-hoi"),
    ("công chức tư pháp- hộ tịch", "cong-chuc-tu-phap-ho-tich"),
    ("phòng Tư pháp huyện, thành phố", "phong-tu-phap-cap-huyen"),
    ("Đơn vị sự nghiệp trực thuộc UBND tỉnh", "collective:don-vi-su-nghiep-cong-lap"),
    ("Ủy ban nhân dân huyện, thành phố", "ubnd-cap-huyen"),
]

# Narrative sub-heading agencies of the gold → one id per body after expansion.
GOLD_NARRATIVE_MENTIONS = [
    (
        "Ban Quản lý Khu kinh tế Quảng Ninh, Ban Quản lý Khu kinh tế Vân Đồn",
        ["ban-quan-ly-kkt", "ban-quan-ly-kkt"],
    ),
    ("Ban Xúc tiến và Hỗ trợ đầu tư", ["ban-xuc-tien-ho-tro-dau-tu"]),
    ("Bộ Chỉ huy Quân sự tỉnh, Công an tỉnh", ["bo-chi-huy-quan-su-tinh", "cong-an-tinh"]),
    ("Các cơ quan Thuế, Hải quan, Kho bạc Nhà nước", ["cuc-thue-tinh", "hai-quan", "kho-bac-nha-nuoc-tinh"]),
    (
        "Các sở, ban, ngành và UBND các huyện, thị xã, thành phố",
        ["collective:so-ban-nganh", "ubnd-cap-huyen"],
    ),
    ("Các sở, ban, ngành, UBND các huyện, thị xã, thành phố", ["collective:so-ban-nganh", "ubnd-cap-huyen"]),
    (
        "Hiệp hội doanh nghiệp tỉnh, các Hiệp hội ngành nghề",
        ["hiep-hoi-doanh-nghiep-tinh", "hiep-hoi-nganh-nghe"],
    ),
    ("Liên minh Hợp tác xã", ["lien-minh-htx-tinh"]),
    ("Ngân hàng Nhà nước chi nhánh tỉnh Quảng Ninh", ["ngan-hang-nha-nuoc-chi-nhanh-tinh"]),
    ("Sở Khoa học và Công nghệ", ["so-khoa-hoc-cong-nghe"]),
    ("Sở Kế hoạch và Đầu tư", ["so-ke-hoach-dau-tu"]),
    ("Sở Lao động - Thương binh và Xã hội", ["so-lao-dong-thuong-binh-xa-hoi"]),
    ("Sở Nội vụ", ["so-noi-vu"]),
    ("Sở Thông tin và Truyền thông", ["so-thong-tin-truyen-thong"]),
    ("Sở Tài chính", ["so-tai-chinh"]),
    ("Sở Tài nguyên và Môi trường", ["so-tai-nguyen-moi-truong"]),
    ("Sở Tư pháp", ["so-tu-phap"]),
    ("Sở Xây dựng", ["so-xay-dung"]),
    (
        "Trung tâm Phục vụ hành chính công tỉnh và UBND các huyện, thị xã, thành phố",
        ["trung-tam-phuc-vu-hanh-chinh-cong-tinh", "ubnd-cap-huyen"],
    ),
    (
        "Trung tâm Phục vụ hành chính công tỉnh, UBND các huyện, thị xã thành phố",
        ["trung-tam-phuc-vu-hanh-chinh-cong-tinh", "ubnd-cap-huyen"],
    ),
    ("Văn phòng UBND tỉnh", ["van-phong-ubnd-tinh"]),
]

SPELLINGS = [
    ("Sở TT&TT", "so-thong-tin-truyen-thong"),
    ("Sở TTTT", "so-thong-tin-truyen-thong"),
    ("STTTT", "so-thong-tin-truyen-thong"),
    ("Sở TT-TT", "so-thong-tin-truyen-thong"),
    ("SỞ THÔNG TIN VÀ TRUYỀN THÔNG", "so-thong-tin-truyen-thong"),
    ("VP UBND tỉnh", "van-phong-ubnd-tinh"),
    ("Văn phòng Uỷ ban nhân dân tỉnh", "van-phong-ubnd-tinh"),
    ("Van phong UBND tinh", "van-phong-ubnd-tinh"),
    ("UBND tỉnh", "ubnd-tinh"),
    ("Uỷ ban nhân dân tỉnh", "ubnd-tinh"),
    ("Chủ tịch UBND tỉnh", "ubnd-tinh"),
    ("Sở LĐ-TB&XH", "so-lao-dong-thuong-binh-xa-hoi"),
    ("Sở Lao động, Thương binh và Xã hội", "so-lao-dong-thuong-binh-xa-hoi"),
    ("Sở KH&ĐT", "so-ke-hoach-dau-tu"),
    ("Sở Văn hoá, Thể thao và Du lịch", "so-van-hoa-the-thao-du-lich"),
    ("Sở Nông nghiệp và PTNT", "so-nong-nghiep-phat-trien-nong-thon"),
    ("Trung tâm PVHCC tỉnh", "trung-tam-phuc-vu-hanh-chinh-cong-tinh"),
    ("Báo Quảng Ninh", "bao-tinh"),
    ("Báo Quảng Bình", "bao-tinh"),
    ("Đài Phát thanh và Truyền hình Quảng Bình", "dai-phat-thanh-truyen-hinh-tinh"),
    ("Ban Quản lý Khu kinh tế Quảng Ninh", "ban-quan-ly-kkt"),
    ("Trường Đào tạo cán bộ Nguyễn Văn Cừ", "truong-chinh-tri-tinh"),
    ("Bộ Chỉ huy Bộ đội Biên phòng tỉnh", "bo-chi-huy-bo-doi-bien-phong-tinh"),
    ("Văn phòng Đoàn ĐBQH, HĐND và UBND tỉnh", "van-phong-doan-dbqh-hdnd-ubnd-tinh"),
    ("UBND thành phố Hạ Long", "ubnd-cap-huyen"),
    ("CÁC TỔ CHỨC CHÍNH TRỊ-XÃ HỘI", "collective:to-chuc-chinh-tri-xa-hoi"),
    ("Các cơ quan Trung ương đóng trên địa bàn tỉnh", "collective:co-quan-trung-uong-tren-dia-ban"),
    ("Sở Kế hoạch và Dau tu", "so-ke-hoach-dau-tu"),
]

UNKNOWN = ["", "Sở", "Hội đồng", "Bộ Nội vụ", "Kế hoạch cải cách hành chính năm 2022", "Báo cáo"]

EXPANSIONS = [
    # names typed one after another (a cell's line breaks lost in a flat export)
    ("Ban Tổ chức Tỉnh ủy Sở Nội vụ", ["Ban Tổ chức Tỉnh ủy", "Sở Nội vụ"]),
    ("Sở Kế hoạch và Đầu tư Sở Tài chính", ["Sở Kế hoạch và Đầu tư", "Sở Tài chính"]),
    # ... but not when anything else stands between or around them
    ("Sở Tư pháp chủ trì Sở Nội vụ", ["Sở Tư pháp chủ trì Sở Nội vụ"]),
    ("Sở Nội vụ (Ban Thi đua - Khen thưởng)", ["Sở Nội vụ (Ban Thi đua - Khen thưởng)"]),
    (
        "Văn phòng UBND tỉnh và các Sở: Tư pháp, Tài chính",
        ["Văn phòng UBND tỉnh", "Sở Tư pháp", "Sở Tài chính"],
    ),
    ("các Sở: Tư pháp, Thông tin và Truyền thông", ["Sở Tư pháp", "Sở Thông tin và Truyền thông"]),
    ("UBND cấp huyện, cấp xã", ["UBND cấp huyện", "UBND cấp xã"]),
    (
        "UBND các địa phương cấp huyện, cấp xã",
        ["UBND các địa phương cấp huyện", "UBND các địa phương cấp xã"],
    ),
    ("Sở Tư pháp, Tài chính, Nội vụ", ["Sở Tư pháp", "Sở Tài chính", "Sở Nội vụ"]),
    (
        "Các sở, ban, ngành và UBND các huyện, thị xã, thành phố",
        ["Các sở, ban, ngành", "UBND các huyện, thị xã, thành phố"],
    ),
    ("Các Sở, ngành và UBND cấp huyện, cấp xã", ["Các Sở, ngành", "UBND cấp huyện", "UBND cấp xã"]),
    (
        "Các sở, ban, ngành; UBND các huyện, thị xã, thành phố",
        ["Các sở, ban, ngành", "UBND các huyện, thị xã, thành phố"],
    ),
    ("Sở Tài chính và các cơ quan, đơn vị, địa phương", ["Sở Tài chính", "các cơ quan, đơn vị, địa phương"]),
    (
        "Sở Khoa học và Công nghệ, Sở Kế hoạch và Đầu tư",
        ["Sở Khoa học và Công nghệ", "Sở Kế hoạch và Đầu tư"],
    ),
    # collective phrases and a unit named with its parent stay whole
    ("Các cơ quan, đơn vị, địa phương trong toàn tỉnh", ["Các cơ quan, đơn vị, địa phương trong toàn tỉnh"]),
    ("Các Sở, ngành, có liên quan", ["Các Sở, ngành, có liên quan"]),
    ("Chi cục Văn thư lưu trữ, Sở Nội vụ", ["Chi cục Văn thư lưu trữ, Sở Nội vụ"]),
    ("Các Bộ, phận thuộc Trung tâm HCC", ["Các Bộ, phận thuộc Trung tâm HCC"]),
    ("Trung tâm Thông tin, Văn phòng UBND tỉnh", ["Trung tâm Thông tin, Văn phòng UBND tỉnh"]),
    ("", []),
]


@pytest.mark.parametrize(("mention", "agency_id"), GOLD_TABLE_MENTIONS)
def test_gold_table_mentions(mention: str, agency_id: str) -> None:
    match = resolve_agency(mention)
    assert match is not None
    assert match.id == agency_id


@pytest.mark.parametrize(("mention", "agency_ids"), GOLD_NARRATIVE_MENTIONS)
def test_gold_narrative_mentions(mention: str, agency_ids: list[str]) -> None:
    matches = [resolve_agency(part) for part in expand_agencies(mention)]
    assert [m.id if m else None for m in matches] == agency_ids


@pytest.mark.parametrize(("mention", "agency_id"), SPELLINGS)
def test_spellings(mention: str, agency_id: str) -> None:
    match = resolve_agency(mention)
    assert match is not None
    assert match.id == agency_id


@pytest.mark.parametrize("mention", UNKNOWN)
def test_unknown(mention: str) -> None:
    assert resolve_agency(mention) is None


@pytest.mark.parametrize(("text", "expected"), EXPANSIONS)
def test_expand(text: str, expected: list[str]) -> None:
    assert expand_agencies(text) == expected


def test_match_fields() -> None:
    m = resolve_agency("Văn phòng UBND tỉnh đăng tải trên Công báo")
    assert m is not None
    assert (m.id, m.kind, m.note, m.matched_alias) == (
        "van-phong-ubnd-tinh",
        "office",
        "đăng tải trên Công báo",
        "Văn phòng UBND tỉnh",
    )
    m = resolve_agency("Sở TT&TT")
    assert m is not None
    assert (m.matched_alias, m.successor_id, m.successor_from) == (
        "Sở TT&TT",
        "so-khoa-hoc-cong-nghe",
        "2025-03-01",
    )
    m = resolve_agency("Ban Quản lý Khu kinh tế Vân Đồn")
    assert m is not None
    assert (m.id, m.note, m.raw) == ("ban-quan-ly-kkt", "Vân Đồn", "Ban Quản lý Khu kinh tế Vân Đồn")
    m = resolve_agency("Các Sở, ban, ngành")
    assert m is not None
    assert (m.kind, m.note) == ("collective", None)


def test_successor_on() -> None:
    assert successor_on("so-thong-tin-truyen-thong", date(2024, 12, 31)) == "so-thong-tin-truyen-thong"
    assert successor_on("so-thong-tin-truyen-thong", date(2025, 6, 1)) == "so-khoa-hoc-cong-nghe"
    assert successor_on("so-ke-hoach-dau-tu", date(2025, 3, 1)) == "so-tai-chinh"
    assert successor_on("ubnd-cap-huyen", date(2025, 6, 30)) == "ubnd-cap-huyen"
    assert successor_on("ubnd-cap-huyen", date(2025, 7, 1)) == "ubnd-cap-xa"
    assert successor_on("so-noi-vu", date(2030, 1, 1)) == "so-noi-vu"


def test_gold_resolution_rate() -> None:
    """At least 95% of the gold agency mentions resolve (all of them do today)."""
    files = sorted(GOLD_DIR.glob("*.gold.json"))
    if not files:
        pytest.skip("shared/gold not available")
    total, unresolved = 0, []
    for path in files:
        gold = json.loads(path.read_text(encoding="utf-8"))
        mentions = [m for r in gold["table_rows"] for m in r["lead"] + r["partners"]]
        mentions += [
            p for i in gold["narrative_items"] if i.get("agency") for p in expand_agencies(i["agency"])
        ]
        total += len(mentions)
        unresolved += [m for m in mentions if resolve_agency(m) is None]
    assert total > 400
    assert unresolved == []
    assert 1 - len(unresolved) / total >= 0.95


def test_data_integrity() -> None:
    entries = agencies()
    ids = [a.id for a in entries]
    assert len(ids) == len(set(ids))
    for a in entries:
        assert a.kind in KINDS, a.id
        assert a.status in _raw()["meta"]["statuses"], a.id
        assert (a.kind == "collective") == a.id.startswith("collective:"), a.id
        for successor in a.successor_ids:
            assert get_agency(successor) is not None, (a.id, successor)
        if a.successor_id:
            assert a.successor_id == a.successor_ids[0]
            assert a.status != "active", a.id
        if a.successor_from:
            date.fromisoformat(a.successor_from)
    assert _index().conflicts == ()


@given(st.text(max_size=120))
def test_never_crashes(text: str) -> None:
    match = resolve_agency(text)
    assert match is None or get_agency(match.id) is not None
    for part in expand_agencies(text):
        assert part.strip() == part and part
