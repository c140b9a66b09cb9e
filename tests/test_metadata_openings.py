"""Metadata from decree openings as they really arrive: one row per header, title, basis, signer or
portal variant (written for this table; the provinces, numbers and names are made up in the
shapes real decrees use). Each row gives the opening and the fields an analyst reads from it.

The classes: headers split over cells or lines (`Số:` with the number on the next line), numbers
with letter suffixes or older forms, titles without a type line or in sentence case, bases in other
words and shapes, no header at all, portal clutter, signature blocks, and cut-short PAR texts.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from parplan import parse_file
from parplan.extract.evidence import FIELDS
from parplan.pipeline import run_text

HEADER = """ỦY BAN NHÂN DÂN
TỈNH {unit}
-------
CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc
---------------
Số: {number}
{place}, ngày {day} tháng {month} năm {year}
"""
BODY = """
I. MỤC ĐÍCH, YÊU CẦU
1. Mục đích
- Thực hiện có hiệu quả Nghị quyết số 76/NQ-CP ngày 15/7/2021 của Chính phủ và Kế hoạch số 99/KH-UBND.
"""
SIGN = """
Nơi nhận:
- Như trên;
- Lưu: VT, NC.
KT. CHỦ TỊCH
PHÓ CHỦ TỊCH



Lê Văn Bình
"""


def header(
    unit: str = "GIA LAI",
    number: str = "1234/KH-UBND",
    place: str = "Gia Lai",
    day: str = "15",
    month: str = "01",
    year: str = "2022",
) -> str:
    return HEADER.format(unit=unit, number=number, place=place, day=day, month=month, year=year)


PLAN_TITLE = "\nKẾ HOẠCH\nCải cách hành chính tỉnh Gia Lai năm 2022\n\n"
BASES = "Căn cứ Nghị quyết số 76/NQ-CP ngày 15/7/2021 của Chính phủ;\nỦy ban nhân dân tỉnh ban hành Kế hoạch như sau:\n"
DEFAULT = dict(
    province="Gia Lai",
    number="1234/KH-UBND",
    issued_on="2022-01-15",
    doc_type="ke_hoach",
    period=(2022, 2022),
)


def decision(
    subject: str, number: str = "88/QĐ-UBND", unit: str = "LÀO CAI", place: str = "Lào Cai", tail: str = ""
) -> str:
    return (
        header(unit, number, place, "5", "1", "2023")
        + f"\nQUYẾT ĐỊNH\n{subject}\n\nỦY BAN NHÂN DÂN TỈNH {unit}\n\n"
        + "Căn cứ Luật Tổ chức chính quyền địa phương ngày 19 tháng 6 năm 2015;\n"
        + "Căn cứ Nghị quyết số 76/NQ-CP ngày 15/7/2021 của Chính phủ;\n"
        + "Theo đề nghị của Giám đốc Sở Nội vụ tại Tờ trình số 12/TTr-SNV ngày 02/01/2023.\n\nQUYẾT ĐỊNH:\n"
        + "Điều 1. Ban hành kèm theo Quyết định này Kế hoạch cải cách hành chính tỉnh Lào Cai năm 2023.\n"
        + "Điều 2. Quyết định này có hiệu lực kể từ ngày ký.\n"
        + tail
    )


LAO_CAI = dict(
    province="Lào Cai", number="88/QĐ-UBND", issued_on="2023-01-05", doc_type="ke_hoach", period=(2023, 2023)
)

CASES: list[tuple[str, str, dict[str, Any]]] = [
    # --- 1. the header block: cells, split lines, the number on its own line ---------------------------------
    ("header-plain", header() + PLAN_TITLE + BASES + BODY, {**DEFAULT, "bases": ["76/NQ-CP"]}),
    (
        "number-next-line",
        header(number="").replace("Số: \n", "Số:\n1234/KH-UBND\n") + PLAN_TITLE + BASES,
        DEFAULT,
    ),
    ("number-spaced", header(number="1234 /KH-UBND") + PLAN_TITLE + BASES, DEFAULT),
    ("number-no-colon", header().replace("Số: ", "Số ") + PLAN_TITLE + BASES, DEFAULT),
    (
        "number-letter-suffix",
        header(number="12a/KH-UBND") + PLAN_TITLE + BASES,
        {**DEFAULT, "number": "12a/KH-UBND"},
    ),
    (
        "header-tabbed-two-columns",
        "ỦY BAN NHÂN DÂN\tCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nTỈNH GIA LAI\tĐộc lập - Tự do - Hạnh phúc\n"
        "Số: 1234/KH-UBND\tGia Lai, ngày 15 tháng 01 năm 2022\n" + PLAN_TITLE + BASES,
        {**DEFAULT, "issuing_body": "ỦY BAN NHÂN DÂN TỈNH GIA LAI"},
    ),
    (
        "header-one-line-issuer",
        "ỦY BAN NHÂN DÂN TỈNH GIA LAI    CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nSố: 1234/KH-UBND    Gia Lai, ngày 15 tháng 01 năm 2022\n"
        + PLAN_TITLE
        + BASES,
        {**DEFAULT, "issuing_body": "ỦY BAN NHÂN DÂN TỈNH GIA LAI"},
    ),
    (
        "header-pipes",
        "| ỦY BAN NHÂN DÂN TỈNH GIA LAI | CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM |\n"
        "| Số: 1234/KH-UBND | Gia Lai, ngày 15 tháng 01 năm 2022 |\n" + PLAN_TITLE + BASES,
        DEFAULT,
    ),
    (
        "date-numeric",
        header().replace("ngày 15 tháng 01 năm 2022", "ngày 15/01/2022") + PLAN_TITLE + BASES,
        DEFAULT,
    ),
    (
        "date-padded",
        header().replace("ngày 15 tháng 01 năm 2022", "ngày  15  tháng 01  năm  2022") + PLAN_TITLE + BASES,
        DEFAULT,
    ),
    (
        "place-is-a-city",  # the place-date line names the provincial capital; the issuer names the province
        header(place="Pleiku") + PLAN_TITLE + BASES,
        DEFAULT,
    ),
    (
        "uy-spelling",
        header().replace("ỦY BAN", "UỶ BAN") + PLAN_TITLE + BASES,
        {**DEFAULT, "issuing_body": "UỶ BAN NHÂN DÂN TỈNH GIA LAI"},
    ),
    (
        "issuer-abbreviated",
        "UBND TỈNH BẮC GIANG\nSố: 45/KH-UBND\nBắc Giang, ngày 10 tháng 02 năm 2024\n\nKẾ HOẠCH\nCải cách hành chính năm 2024\n\n"
        + BASES,
        {"province": "Bắc Giang", "number": "45/KH-UBND", "issued_on": "2024-02-10", "period": (2024, 2024)},
    ),
    (
        "city-issuer",
        "ỦY BAN NHÂN DÂN\nTHÀNH PHỐ HÀ NỘI\nSố: 300/KH-UBND\nHà Nội, ngày 20 tháng 12 năm 2022\n\nKẾ HOẠCH\n"
        "Cải cách hành chính nhà nước năm 2023\n\n" + BASES,
        {"province": "Hà Nội", "number": "300/KH-UBND", "issued_on": "2022-12-20", "period": (2023, 2023)},
    ),
    (
        "post-merger-province",
        header(unit="TUYÊN QUANG", place="Tuyên Quang", number="15/KH-UBND", day="20", month="8", year="2025")
        + "\nKẾ HOẠCH\nCải cách hành chính tỉnh Tuyên Quang năm 2026\n\n"
        + BASES,
        {
            "province": "Tuyên Quang",
            "province_id": "tuyen-quang@2025",
            "issued_on": "2025-08-20",
            "period": (2026, 2026),
        },
    ),
    (
        "pre-merger-province-has-successor",
        header(unit="HÀ GIANG", place="Hà Giang", number="70/KH-UBND", day="2", month="3", year="2022")
        + "\nKẾ HOẠCH\nCải cách hành chính tỉnh Hà Giang năm 2022\n\n"
        + BASES,
        {"province": "Hà Giang", "successor_province": "Tuyên Quang"},
    ),
    (
        "department-under-province",
        "UBND TỈNH QUẢNG TRỊ\nSỞ NỘI VỤ\nSố: 12/KH-SNV\nQuảng Trị, ngày 3 tháng 3 năm 2021\n\nKẾ HOẠCH\n"
        "Cải cách hành chính của Sở Nội vụ năm 2021\n\n" + BASES,
        {"province": "Quảng Trị", "issuing_body": "SỞ NỘI VỤ", "number": "12/KH-SNV", "period": (2021, 2021)},
    ),
    (
        "blank-number-draft",  # an unsigned draft: "Số:   /KH-UBND" has no number, and none is guessed
        header(number="     /KH-UBND") + PLAN_TITLE + BASES,
        {**DEFAULT, "number": None},
    ),
    # --- 2. titles and types --------------------------------------------------------------------------------
    (
        "title-caps-two-lines",
        header() + "\nKẾ HOẠCH\nCẢI CÁCH HÀNH CHÍNH TỈNH GIA LAI\nNĂM 2022\n\n" + BASES,
        {**DEFAULT, "title": "Kế hoạch cải cách hành chính tỉnh Gia Lai năm 2022"},
    ),
    (
        "title-caps-one-line",
        header() + "\nKẾ HOẠCH CẢI CÁCH HÀNH CHÍNH TỈNH GIA LAI NĂM 2022\n\n" + BASES,
        {**DEFAULT, "title": "Kế hoạch cải cách hành chính tỉnh Gia Lai năm 2022"},
    ),
    (
        "title-mixed-case",
        header() + "\nKế hoạch cải cách hành chính tỉnh Gia Lai năm 2022\n\n" + BASES,
        {**DEFAULT, "title": "Kế hoạch cải cách hành chính tỉnh Gia Lai năm 2022"},
    ),
    (
        "title-caps-word-mixed-subject",
        header() + "\nKẾ HOẠCH Cải cách hành chính tỉnh Gia Lai năm 2022\n\n" + BASES,
        {**DEFAULT, "title": "Kế hoạch cải cách hành chính tỉnh Gia Lai năm 2022"},
    ),
    (
        "title-period-range",
        header() + "\nKẾ HOẠCH\nCải cách hành chính nhà nước tỉnh Gia Lai giai đoạn 2021 – 2025\n\n" + BASES,
        {**DEFAULT, "period": (2021, 2025)},
    ),
    (
        "title-period-until",
        header()
        + "\nCHƯƠNG TRÌNH HÀNH ĐỘNG\nThực hiện cải cách hành chính giai đoạn 2021-2025, định hướng đến năm 2030\n\n"
        + BASES,
        {**DEFAULT, "doc_type": "chuong_trinh", "period": (2021, 2030)},
    ),
    (
        "title-date-is-not-period",
        header()
        + "\nCHƯƠNG TRÌNH HÀNH ĐỘNG\nThực hiện Nghị quyết số 05-NQ/TU ngày 09 tháng 4 năm 2021 của Tỉnh ủy\n\n"
        + BASES,
        {**DEFAULT, "doc_type": "chuong_trinh", "period": (None, None)},
    ),
    (
        "decision-subject",
        decision("Về việc ban hành Kế hoạch cải cách hành chính tỉnh Lào Cai năm 2023"),
        {**LAO_CAI, "title": "Kế hoạch cải cách hành chính tỉnh Lào Cai năm 2023", "bases": ["76/NQ-CP"]},
    ),
    (
        "decision-subject-caps",
        decision("VỀ VIỆC BAN HÀNH KẾ HOẠCH CẢI CÁCH HÀNH CHÍNH\nTỈNH LÀO CAI NĂM 2023"),
        {**LAO_CAI, "title": "Kế hoạch cải cách hành chính tỉnh Lào Cai năm 2023"},
    ),
    (
        "decision-subject-wrapped",
        decision("Về việc ban hành Kế hoạch cải cách hành chính\ntỉnh Lào Cai năm 2023"),
        {**LAO_CAI, "title": "Kế hoạch cải cách hành chính tỉnh Lào Cai năm 2023"},
    ),
    ("decision-subject-vv", decision("V/v ban hành Kế hoạch cải cách hành chính năm 2023"), LAO_CAI),
    (
        "decision-programme",
        decision("Ban hành Chương trình cải cách hành chính tỉnh Lào Cai giai đoạn 2021 - 2025"),
        {**LAO_CAI, "doc_type": "chuong_trinh", "period": (2021, 2025)},
    ),
    (
        "decision-enacting-word-not-title",  # the only caps type line is "QUYẾT ĐỊNH:" before Điều 1
        header(unit="LÀO CAI", number="88/QĐ-UBND", place="Lào Cai", day="5", month="1", year="2023")
        + "\nỦY BAN NHÂN DÂN TỈNH LÀO CAI\nCăn cứ Nghị quyết số 76/NQ-CP ngày 15/7/2021 của Chính phủ;\nQUYẾT ĐỊNH:\n"
        "Điều 1. Ban hành kèm theo Quyết định này Kế hoạch cải cách hành chính tỉnh Lào Cai năm 2023.\n",
        {**LAO_CAI, "title": "Kế hoạch cải cách hành chính tỉnh Lào Cai năm 2023"},
    ),
    (
        "decision-not-a-plan",
        decision("Về việc kiện toàn Ban Chỉ đạo cải cách hành chính tỉnh Lào Cai"),
        {"doc_type": "quyet_dinh", "number": "88/QĐ-UBND", "province": "Lào Cai"},
    ),
    (
        "title-issuer-glued",  # the reader joined the caps title and the issuer line under it
        decision("VỀ VIỆC BAN HÀNH KẾ HOẠCH CẢI CÁCH HÀNH CHÍNH NĂM 2023 ỦY BAN NHÂN DÂN TỈNH LÀO CAI"),
        {**LAO_CAI, "title": "Kế hoạch cải cách hành chính năm 2023"},
    ),
    (
        "decision-and-attached-plan",  # the plan's own title and header win over the decision's
        decision("Về việc ban hành Kế hoạch cải cách hành chính tỉnh Lào Cai năm 2023", tail=SIGN)
        + "\nỦY BAN NHÂN DÂN TỈNH LÀO CAI\n\nKẾ HOẠCH\nCải cách hành chính tỉnh Lào Cai năm 2023\n"
        "(Ban hành kèm theo Quyết định số 88/QĐ-UBND ngày 05/01/2023 của UBND tỉnh)\n" + BODY,
        {**LAO_CAI, "signer": "Lê Văn Bình", "bases": ["76/NQ-CP"]},
    ),
    (
        "scheme",
        header()
        + "\nĐỀ ÁN\nNâng cao chỉ số cải cách hành chính tỉnh Gia Lai giai đoạn 2022-2025\n\n"
        + BASES,
        {**DEFAULT, "doc_type": "other", "period": (2022, 2025)},
    ),
    # --- 3. cited numbers and 4. basis sentences ------------------------------------------------------------
    (
        "basis-letter-suffix",
        header()
        + PLAN_TITLE
        + "Căn cứ Nghị quyết số 30c/NQ-CP ngày 08/11/2011 của Chính phủ;\nCăn cứ Nghị quyết 36a/NQ-CP ngày 14/10/2015;\n",
        {"bases": ["30c/NQ-CP", "36a/NQ-CP"]},
    ),
    (
        "basis-old-form",
        header()
        + PLAN_TITLE
        + "Căn cứ Quyết định số 136/2001/QĐ-TTg ngày 17/9/2001 và Quyết định số 94/2006/QĐ-TTg ngày 27/4/2006 của Thủ tướng Chính phủ;\n",
        {"bases": ["136/2001/QĐ-TTg", "94/2006/QĐ-TTg"]},
    ),
    (
        "basis-party",
        header()
        + PLAN_TITLE
        + "Thực hiện Nghị quyết số 05-NQ/TU ngày 10/3/2021 của Ban Chấp hành Đảng bộ tỉnh và Nghị quyết số 10-NQ/TU;\n",
        {"bases": ["05-NQ/TU", "10-NQ/TU"]},
    ),
    (
        "basis-dash",
        header()
        + PLAN_TITLE
        + "- Căn cứ Nghị quyết số 76/NQ-CP ngày 15/7/2021;\n- Căn cứ Chỉ thị số 23/CT-TTg ngày 02/9/2021;\n",
        {"bases": ["76/NQ-CP", "23/CT-TTg"]},
    ),
    (
        "basis-plus",
        header()
        + PLAN_TITLE
        + "+ Căn cứ Nghị quyết số 76/NQ-CP ngày 15/7/2021;\n+ Căn cứ Thông tư số 01/2023/TT-VPCP;\n",
        {"bases": ["76/NQ-CP", "01/2023/TT-VPCP"]},
    ),
    (
        "basis-continue",
        header()
        + PLAN_TITLE
        + "Tiếp tục thực hiện Nghị quyết số 18-NQ/TW ngày 25/10/2017 của Ban Chấp hành Trung ương;\n",
        {"bases": ["18-NQ/TW"]},
    ),
    (
        "basis-deploy",
        header()
        + PLAN_TITLE
        + "Triển khai thực hiện Kết luận số 14-KL/TW ngày 22/9/2021 của Bộ Chính trị;\n",
        {"bases": ["14-KL/TW"]},
    ),
    (
        "basis-amended-excluded",
        header()
        + PLAN_TITLE
        + "Căn cứ Nghị định số 107/2021/NĐ-CP ngày 06/12/2021 sửa đổi, bổ sung một số điều của Nghị định số 61/2018/NĐ-CP;\n",
        {"bases": ["107/2021/NĐ-CP"]},
    ),
    (
        "basis-submission-excluded",
        decision("Về việc ban hành Kế hoạch cải cách hành chính năm 2023"),
        {"bases": ["76/NQ-CP"]},
    ),
    (
        "basis-not-in-purposes",  # instruments cited in "1. Mục đích" are not bases
        header() + PLAN_TITLE + "Căn cứ Quyết định số 45/QĐ-UBND ngày 01/01/2022 của UBND tỉnh;\n" + BODY,
        {"bases": ["45/QĐ-UBND"]},
    ),
    (
        "basis-stops-at-numbered-line",  # no Roman heading: the body starts with "1. Mục đích"
        header()
        + PLAN_TITLE
        + "Căn cứ Quyết định số 45/QĐ-UBND;\n1. Mục đích\n- Triển khai Nghị quyết số 76/NQ-CP.\n",
        {"bases": ["45/QĐ-UBND"]},
    ),
    (
        "basis-wrapped-into-enactment",
        header()
        + PLAN_TITLE
        + "Căn cứ Nghị quyết số 76/NQ-CP ngày 15/7/2021 của Chính phủ, Ủy ban nhân dân tỉnh ban hành Kế hoạch số 12/KH-UBND như sau:\n",
        {"bases": ["76/NQ-CP"]},
    ),
    (
        "basis-hdnd",
        header()
        + PLAN_TITLE
        + "Căn cứ Nghị quyết số 15/NQ-HĐND ngày 10/12/2021 của HĐND tỉnh; Căn cứ Quyết định số 1291/QĐ-BNV ngày 24/12/2021 của Bộ Nội vụ;\n",
        {"bases": ["15/NQ-HĐND", "1291/QĐ-BNV"]},
    ),
    # --- 5. no header block ---------------------------------------------------------------------------------
    (
        "no-header-title-caps-word",
        "KẾ HOẠCH Cải cách hành chính tỉnh Lào Cai năm 2023\n" + BASES + BODY,
        {
            "province": "Lào Cai",
            "doc_type": "ke_hoach",
            "number": None,
            "issued_on": None,
            "period": (2023, 2023),
        },
    ),
    (
        "no-header-mixed-title",
        "Kế hoạch cải cách hành chính tỉnh Sóc Trăng năm 2024\n\n" + BASES + BODY,
        {"province": "Sóc Trăng", "doc_type": "ke_hoach", "period": (2024, 2024)},
    ),
    (
        "no-header-issuer-line",
        "UBND TỈNH BẮC GIANG\nKẾ HOẠCH\nCải cách hành chính năm 2024\n" + BASES + BODY,
        {"province": "Bắc Giang", "period": (2024, 2024)},
    ),
    (
        "no-header-body-mention",  # the province is named only in the body
        "KẾ HOẠCH\nCải cách hành chính năm 2024\n"
        + BASES
        + "\nI. MỤC ĐÍCH, YÊU CẦU\n- Nâng cao chỉ số cải cách hành chính của tỉnh Điện Biên.\n",
        {"province": "Điện Biên", "number": None},
    ),
    (
        "no-header-province-unknown",
        "KẾ HOẠCH\nCải cách hành chính năm 2024\n" + BASES + BODY,
        {"province": None, "number": None, "issued_on": None, "period": (2024, 2024)},
    ),
    (
        "no-file-name-guess",
        "Kế hoạch cải cách hành chính năm 2024\n" + BASES,
        {"province": None, "number": None, "issued_on": None},
    ),
    # --- 6. portal clutter -----------------------------------------------------------------------------------
    (
        "portal-site-line",
        "Hệ thống pháp luật\n" + header() + PLAN_TITLE + BASES,
        {**DEFAULT, "unassigned": []},
    ),
    (
        "portal-cells-only",  # the website's cells are evidence when the document has no header
        "Số hiệu: | 77/KH-UBND\nCơ quan ban hành: | Tỉnh Bình Định\nNgười ký: | Nguyễn Văn Tám\nNgày ban hành: | 12/01/2022\n\n"
        "KẾ HOẠCH\nCải cách hành chính năm 2022\n" + BASES,
        {
            "province": "Bình Định",
            "number": "77/KH-UBND",
            "issued_on": "2022-01-12",
            "signer": "Nguyễn Văn Tám",
        },
    ),
    (
        "portal-cells-tabs",
        "Số hiệu:\t77/KH-UBND\nLoại văn bản:\tKế hoạch\nCơ quan ban hành:\tTỉnh Bình Định\nNgày ban hành:\t12/01/2022\n\n"
        "KẾ HOẠCH\nCải cách hành chính năm 2022\n" + BASES,
        {"province": "Bình Định", "number": "77/KH-UBND", "issued_on": "2022-01-12"},
    ),
    (
        "portal-below-header",  # the document's own header wins over the website's cells
        header()
        + PLAN_TITLE
        + BASES
        + "\nHIỆU LỰC VĂN BẢN\n• Số hiệu: 1239/KH-UBND • Ngày ban hành: 16/01/2022 • Người ký: Trần Văn X\nTải văn bản\n",
        {**DEFAULT, "unassigned": []},
    ),
    (
        "portal-evidence-kept",
        header()
        + PLAN_TITLE
        + BASES
        + "\nHIỆU LỰC VĂN BẢN\n• Số hiệu: 1234/KH-UBND • Ngày ban hành: 15/01/2022\n",
        {
            "evidence": {
                ("number", "header", True),
                ("number", "portal", False),
                ("issued_on", "portal", False),
            }
        },
    ),
    (
        "portal-title-year-is-not-period",
        "Kế hoạch 55/KH-UBND năm 2021 về cải cách hành chính tỉnh Nghệ An giai đoạn 2021-2025\nHệ thống pháp luật\n"
        + header(unit="NGHỆ AN", number="55/KH-UBND", place="Nghệ An", day="1", month="3", year="2021")
        + "\nKẾ HOẠCH\nCải cách hành chính tỉnh Nghệ An giai đoạn 2021 - 2025\n"
        + BASES,
        {"province": "Nghệ An", "number": "55/KH-UBND", "period": (2021, 2025)},
    ),
    # --- 7. signers -------------------------------------------------------------------------------------------
    ("signer-kt", header() + PLAN_TITLE + BASES + SIGN, {"signer": "Lê Văn Bình"}),
    (
        "signer-tm",
        header() + PLAN_TITLE + BASES + "\nTM. ỦY BAN NHÂN DÂN\nCHỦ TỊCH\n\nPhạm Thị Hoa\n",
        {"signer": "Phạm Thị Hoa"},
    ),
    (
        "signer-acting",
        header() + PLAN_TITLE + BASES + "\nTM. ỦY BAN NHÂN DÂN\nQ. CHỦ TỊCH\nTrịnh Xuân Trường",
        {"signer": "Trịnh Xuân Trường"},
    ),
    (
        "signer-office-chief",
        header() + PLAN_TITLE + BASES + "\nTL. CHỦ TỊCH\nCHÁNH VĂN PHÒNG\n\nĐỗ Minh Tuấn\n",
        {"signer": "Đỗ Minh Tuấn"},
    ),
    (
        "signer-signed-mark",
        header() + PLAN_TITLE + BASES + "\nKT. CHỦ TỊCH\nPHÓ CHỦ TỊCH\n(Đã ký)\nHoàng Văn Sơn\n",
        {"signer": "Hoàng Văn Sơn"},
    ),
    (
        "signer-caps-name",
        header() + PLAN_TITLE + BASES + "\nKT. CHỦ TỊCH\nPHÓ CHỦ TỊCH\n\nNGUYỄN THỊ LAN\n",
        {"signer": "Nguyễn Thị Lan"},
    ),
    (
        "signer-one-line",
        header() + PLAN_TITLE + BASES + "\nKT. CHỦ TỊCH PHÓ CHỦ TỊCH Võ Văn Hưng\n",
        {"signer": "Võ Văn Hưng"},
    ),
    (
        "signer-beside-recipients",
        header()
        + PLAN_TITLE
        + BASES
        + "\nNơi nhận:\tKT. CHỦ TỊCH\n- Như trên;\tPHÓ CHỦ TỊCH\n- Lưu: VT.\t\n\tNguyễn Tuấn Thanh\n",
        {"signer": "Nguyễn Tuấn Thanh"},
    ),
    (
        "signer-director",
        "UBND TỈNH QUẢNG TRỊ\nSỞ NỘI VỤ\nSố: 12/KH-SNV\n\nKẾ HOẠCH\nCải cách hành chính năm 2021\n"
        + BASES
        + "\nGIÁM ĐỐC\n\nHồ Thị Thu Hằng\n",
        {"signer": "Hồ Thị Thu Hằng"},
    ),
    ("no-signer", header() + PLAN_TITLE + BASES, {"signer": None}),
    # --- found by the held-out sets: layouts that broke the first version ------------------------------------
    (
        "header-motto-glued-to-date",  # a reader joined the motto and the place-date line
        "UỶ BAN NHÂN DÂN\nTỈNH HOÀ BÌNH\nSố: 03/KH-UBND\nCỘNG HOÀ XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\n"
        "Hoà Bình, ngày 06 tháng 01 năm 2020\n\nKẾ HOẠCH CẢI CÁCH HÀNH CHÍNH TỈNH HOÀ BÌNH NĂM 2020\n\n"
        + BASES,
        {"province": "Hòa Bình", "number": "03/KH-UBND", "issued_on": "2020-01-06", "period": (2020, 2020)},
    ),
    (
        "header-no-blank-lines",  # every line wrapped against the next: header lines still stand alone
        "UBND TP. HẢI PHÒNG\nSố: 12a/QĐ-UBND\nHải Phòng, ngày 10 tháng 10 năm 2016\nQUYẾT ĐỊNH\n"
        "V/v ban hành Chương trình cải cách hành chính thành phố giai đoạn 2016-2020\nCHỦ TỊCH ỦY BAN NHÂN DÂN THÀNH PHỐ\n"
        "Căn cứ Quyết định số 225/QĐ-TTg;\nQUYẾT ĐỊNH:\nĐiều 1. Ban hành kèm theo Quyết định này Chương trình cải cách hành chính.\n",
        {
            "province": "Hải Phòng",
            "doc_type": "chuong_trinh",
            "number": "12a/QĐ-UBND",
            "issued_on": "2016-10-10",
            "period": (2016, 2020),
            "bases": ["225/QĐ-TTg"],
        },
    ),
    (
        "date-of-a-basis-is-not-the-issue-date",
        "KẾ HOẠCH CẢI CÁCH HÀNH CHÍNH TỈNH PHÚ THỌ NĂM 2007\nCăn cứ Quyết định số 94/2006/QĐ-TTg ngày 27/4/2006 của Thủ tướng Chính phủ;\n"
        + BODY,
        {"issued_on": None, "number": None, "province": "Phú Thọ", "bases": ["94/2006/QĐ-TTg"]},
    ),
    (
        "plan-cited-in-a-basis-is-not-the-plan-header",
        header()
        + PLAN_TITLE
        + "Căn cứ Kế hoạch ban hành kèm theo Quyết định số 2415/QĐ-UBND ngày 01/10/2021 của UBND tỉnh;\n",
        {**DEFAULT, "bases": ["2415/QĐ-UBND"]},
    ),
    (
        "decision-approves-scheme",
        decision(
            "Về việc phê duyệt Đề án nâng cao chỉ số cải cách hành chính tỉnh Lào Cai giai đoạn 2021 - 2025"
        ),
        {"doc_type": "quyet_dinh", "period": (2021, 2025)},
    ),
    (
        "basis-numbered-list",  # Word list numbering: the bases are numbered, and still the opening
        header()
        + PLAN_TITLE
        + "1. Căn cứ Nghị quyết số 30c/NQ-CP ngày 08/11/2011 của Chính phủ;\n2. Căn cứ Quyết định số 225/QĐ-TTg ngày 04/02/2016;\n"
        "UBND tỉnh ban hành Kế hoạch cải cách hành chính năm 2022, cụ thể như sau:\n" + BODY,
        {"bases": ["30c/NQ-CP", "225/QĐ-TTg"]},
    ),
    (
        "basis-italic-markdown",
        header() + PLAN_TITLE + "_Căn cứ Nghị quyết số 76/NQ-CP ngày 15/7/2021 của Chính phủ;_\n" + BODY,
        {"bases": ["76/NQ-CP"]},
    ),
    (
        "basis-space-before-dash",
        header() + PLAN_TITLE + "Căn cứ Quyết định số 225/QĐ -TTg ngày 04/02/2016 của Thủ tướng Chính phủ;\n",
        {"bases": ["225/QĐ-TTg"]},
    ),
    (
        "basis-party-committee",
        header()
        + PLAN_TITLE
        + "Thực hiện Kế hoạch số 02-KH/BCĐTW ngày 10/01/2025 của Ban Chỉ đạo Trung ương;\n",
        {"bases": ["02-KH/BCĐTW"]},
    ),
    (
        "signer-columns-typed-with-spaces",
        header()
        + PLAN_TITLE
        + BASES
        + "\nNơi nhận:"
        + " " * 30
        + "TM. UỶ BAN NHÂN DÂN\n- Bộ Nội vụ (b/c);"
        + " " * 20
        + "KT. CHỦ TỊCH\n"
        "- TT Tỉnh uỷ;"
        + " " * 26
        + "PHÓ CHỦ TỊCH\n- Các sở, ban, ngành;"
        + " " * 20
        + "(Đã ký)\n- Lưu: VT, NC."
        + " " * 20
        + "Hà Thị Thu Trang\n",
        {"signer": "Hà Thị Thu Trang"},
    ),
    (
        "signer-name-far-right-on-its-own-line",
        header()
        + PLAN_TITLE
        + BASES
        + "\nNơi nhận:"
        + " " * 30
        + "KT. CHỦ TỊCH\n- Bộ Nội vụ;"
        + " " * 30
        + "PHÓ CHỦ TỊCH\n- Lưu: VT, NV.\n"
        + " " * 50
        + "Lê Văn Phúc",
        {"signer": "Lê Văn Phúc"},
    ),
    (
        "signer-caps-name-beside-recipients",
        header()
        + PLAN_TITLE
        + BASES
        + "\nNơi nhận:\tKT. CHỦ TỊCH\n- Bộ Nội vụ;\tPHÓ CHỦ TỊCH\n- Lưu: VT, NC.\tNGUYỄN MẠNH TUẤN\n",
        {"signer": "Nguyễn Mạnh Tuấn"},
    ),
    (
        "signer-markdown-table-row",
        header()
        + PLAN_TITLE
        + BASES
        + BODY
        + "\n| **Nơi nhận:**<br>- Bộ Nội vụ;<br>- Lưu: VT, NV. | **TM. ỦY BAN NHÂN DÂN**<br>**CHỦ TỊCH**<br><br>**Lê Trường Sơn** |\n|---|---|\n",
        {"signer": "Lê Trường Sơn"},
    ),
    (
        "signer-roles-ending-recipient-lines",  # a PDF's two columns read line by line, one space apart
        header() + PLAN_TITLE + BASES + "\nNơi nhận: TM. ỦY BAN NHÂN DÂN\n- Bộ Nội vụ (b/c); KT. CHỦ TỊCH\n"
        "- TT. TU, TT. HĐND tỉnh; PHÓ CHỦ TỊCH\n- CT, các PCT UBND tỉnh;\n- Các sở, ban, ngành; Mai Hùng Phương\n- Lưu: VT.\n",
        {"signer": "Mai Hùng Phương"},
    ),
    (
        "title-subject-opening-with-so",  # "Số hóa …" is a subject, not the `Số:` line
        header() + "\nKẾ HOẠCH\nSố hóa hồ sơ, kết quả giải quyết thủ tục hành chính năm 2023\n\n" + BASES,
        {
            "doc_type": "ke_hoach",
            "period": (2023, 2023),
            "title": "Kế hoạch số hóa hồ sơ, kết quả giải quyết thủ tục hành chính năm 2023",
        },
    ),
    (
        "period-not-from-a-cited-plan",  # "… của Ủy ban nhân dân tỉnh ban hành Kế hoạch … 2016 - 2020" is a citation
        header(unit="HẢI DƯƠNG", number="3028 /QĐ-UBND", place="Hải Dương", day="22", month="9", year="2020")
        + "\nQUYẾT ĐỊNH\nBan hành Bộ tiêu chí xác định Chỉ số cải cách hành chính của các sở, ban, ngành\n\n"
        "ỦY BAN NHÂN DÂN TỈNH HẢI DƯƠNG\nCăn cứ Quyết định số 2636/QĐ-UBND ngày 03/8/2016 của Ủy ban nhân dân tỉnh "
        "ban hành Kế hoạch cải cách hành chính nhà nước tỉnh Hải Dương giai đoạn 2016 - 2020;\nQUYẾT ĐỊNH:\n"
        "Điều 1. Ban hành kèm theo Quyết định này Bộ tiêu chí xác định Chỉ số cải cách hành chính.\n",
        {
            "doc_type": "quyet_dinh",
            "number": "3028/QĐ-UBND",
            "period": (None, None),
            "bases": ["2636/QĐ-UBND"],
        },
    ),
    (
        "portal-pipe-cells-joined",  # no header of its own: the website's cells, joined on one line by a reader
        "HỆ THỐNG VĂN BẢN - CỔNG THÔNG TIN ĐIỆN TỬ HÀ TĨNH\nTrang chủ / Văn bản / Cải cách hành chính\n\n"
        "Số hiệu | 1765/QĐ-UBND\nLoại văn bản | Quyết định\nCơ quan ban hành | Ủy ban nhân dân tỉnh Hà Tĩnh\n"
        "Người ký | Trần Văn Bình\nNgày ban hành | 28/06/2023\nTải văn bản | 1765_QD-UBND.pdf (312 KB)\n\n"
        "QUYẾT ĐỊNH\nVề việc ban hành Kế hoạch kiểm tra công tác cải cách hành chính năm 2023\n\nỦY BAN NHÂN DÂN TỈNH\n"
        "Căn cứ Nghị quyết số 76/NQ-CP ngày 15/7/2021;\n",
        {
            "province": "Hà Tĩnh",
            "number": "1765/QĐ-UBND",
            "issued_on": "2023-06-28",
            "doc_type": "ke_hoach",
            "bases": ["76/NQ-CP"],
        },
    ),
    # --- 8. cut-short PAR texts and texts that are not PAR plans ---------------------------------------------
    ("cut-short-par", header() + PLAN_TITLE + BASES, {"issues": {"PP002"}, "not_issues": {"PP001"}}),
    (
        "cut-short-by-basis",
        header() + "\nKẾ HOẠCH\nThực hiện năm 2022\n\nCăn cứ Nghị quyết số 76/NQ-CP ngày 15/7/2021;\n",
        {"issues": {"PP002"}, "not_issues": {"PP001"}},
    ),
    (
        "not-par",
        header()
        + "\nQUYẾT ĐỊNH\nVề việc ban hành Bảng giá đất trên địa bàn tỉnh Gia Lai năm 2022\n\nCăn cứ Luật Đất đai số 45/2013/QH13;\n",
        {"issues": {"PP001"}, "not_issues": {"PP002"}, "doc_type": "quyet_dinh"},
    ),
]


def _evidence(plan: Any) -> set[tuple[str, str, bool]]:
    return {(e.field, e.found_in, e.used) for e in plan.metadata.evidence}


@pytest.mark.parametrize(("text", "expected"), [pytest.param(t, e, id=i) for i, t, e in CASES])
def test_opening(text: str, expected: dict[str, Any]) -> None:
    plan = run_text(text, "opening.txt")
    m = plan.metadata
    got: dict[str, Any] = {}
    for key, want in expected.items():
        if key == "period":
            got[key] = (m.period_start, m.period_end)
        elif key == "bases":
            got[key] = [r.number for r in m.legal_bases]
        elif key == "issued_on":
            got[key] = m.issued_on.isoformat() if m.issued_on else None
        elif key == "unassigned":
            got[key] = [u.text for u in plan.unassigned]
        elif key == "issues":
            got[key] = want & {i.code for i in plan.issues}
        elif key == "not_issues":
            got[key] = want - {i.code for i in plan.issues}
        elif key == "evidence":
            got[key] = want & _evidence(plan)
        else:
            got[key] = getattr(m, key)
    assert got == expected


def test_table_covers_every_class() -> None:
    """At least 60 rows, and each class of the issue has rows."""
    assert len(CASES) >= 80
    prefixes = {name.split("-")[0] for name, _, _ in CASES}
    assert {
        "header",
        "number",
        "title",
        "decision",
        "basis",
        "no",
        "portal",
        "signer",
        "cut",
        "not",
    } <= prefixes


def test_every_value_has_its_evidence() -> None:
    """Each metadata value the plan holds names the statement that gave it, with a source span."""
    plan = run_text(
        decision("Về việc ban hành Kế hoạch cải cách hành chính tỉnh Lào Cai năm 2023", tail=SIGN), "d.txt"
    )
    used = {e.field: e for e in plan.metadata.evidence if e.used}
    assert set(used) == set(FIELDS)  # every field the evidence model knows
    span = used["number"].source
    assert used["number"].found_in == "header" and span.line <= 7 <= (
        span.end_line or span.line
    )  # the `Số:` line
    assert used["province"].value == "Lào Cai"
    assert used["title"].found_in == "decision"
    assert used["signer"].found_in == "closing"


def test_word_header_and_signature_tables(tmp_path: Path) -> None:
    """A Word decree puts its header and its signature in borderless two-column tables, and may
    number its bases with list numbering: each cell is read as the header or signature line it is."""
    import docx

    d = docx.Document()
    head = d.add_table(rows=1, cols=2)
    head.cell(0, 0).text = "ỦY BAN NHÂN DÂN\nTỈNH ĐẮK LẮK\n_______\nSố: 156/KH-UBND"
    head.cell(0, 1).text = (
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\n_______\n"
        "Buôn Ma Thuột, ngày 12 tháng 02 năm 2024"
    )
    d.add_paragraph("KẾ HOẠCH").bold = True
    d.add_paragraph("Cải cách hành chính nhà nước tỉnh Đắk Lắk năm 2024")
    for basis in (
        "Căn cứ Nghị quyết số 76/NQ-CP ngày 15/7/2021 của Chính phủ;",
        "Căn cứ Quyết định số 1291/QĐ-BNV;",
    ):
        d.add_paragraph(basis, style="List Number")
    d.add_paragraph("I. MỤC ĐÍCH, YÊU CẦU")
    d.add_paragraph("- Thực hiện Kế hoạch số 99/KH-UBND của UBND tỉnh.")
    sign = d.add_table(rows=1, cols=2)
    sign.cell(0, 0).text = "Nơi nhận:\n- Bộ Nội vụ;\n- Lưu: VT, NC."
    sign.cell(0, 1).text = "KT. CHỦ TỊCH\nPHÓ CHỦ TỊCH\n\n(Đã ký)\n\nNGUYỄN TUẤN HÀ"
    path = tmp_path / "dak-lak.docx"
    d.save(str(path))
    m = parse_file(path).metadata
    assert (m.province, m.number, str(m.issued_on), m.doc_type, m.period_start, m.signer) == (
        "Đắk Lắk",
        "156/KH-UBND",
        "2024-02-12",
        "ke_hoach",
        2024,
        "Nguyễn Tuấn Hà",
    )
    assert [r.number for r in m.legal_bases] == ["76/NQ-CP", "1291/QĐ-BNV"]
