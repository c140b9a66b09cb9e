"""Indicator catalogue: one case per indicator, counter-examples, comparators, and coverage of the
hand-checked gold numbers of the four samples."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest
import regex as re
from rich.console import Console

from parplan.extract.numbers import UNITS, Value, find_values
from parplan.normalize.indicators import (
    comparator_of,
    indicator,
    indicators,
    match_indicator,
    rank_indicators,
)
from parplan.normalize.text import squash
from parplan.schema import AgencyRef, Item, Metadata, Number, Plan, SourceSpan
from parplan.stats import plan_stats, render_stats
from tests.conftest import SAMPLES, SHARED

AREAS = {
    "institutional", "administrative_procedures", "apparatus", "civil_service", "public_finance",
    "digital_government", "direction",
}


def value_at(text: str, raw: str, nth: int = 0) -> Value:
    """The nth value of `text` written `raw` (`80%`, `25 phút`)."""
    found = [v for v in find_values(text) if v.raw == raw]
    assert len(found) > nth, f"{raw!r} #{nth} not found in {text!r}"
    return found[nth]


def key_of(text: str, raw: str, nth: int = 0) -> str | None:
    v = value_at(text, raw, nth)
    return match_indicator(text, v.start, v.end, v.unit)


# (key, text, value as written, which occurrence of it). Sentences from the samples unless marked (own).
CASES: list[tuple[str, str, str, int]] = [
    ("business_regulation_cut", "Cắt giảm, đơn giản hóa tối thiểu 20% số quy định và cắt giảm tối thiểu 20% chi phí "
     "tuân thủ quy định liên quan đến hoạt động kinh doanh.", "20%", 0),
    ("compliance_cost_cut", "Cắt giảm, đơn giản hóa tối thiểu 20% số quy định và cắt giảm tối thiểu 20% chi phí "
     "tuân thủ quy định liên quan đến hoạt động kinh doanh.", "20%", 1),
    ("business_conditions_cut", "Bãi bỏ ít nhất 30% điều kiện đầu tư kinh doanh không cần thiết.", "30%", 0),  # own
    ("tthc_count_reduction", "Tối thiểu 20% thủ tục hành chính được cắt giảm so với hiện nay.", "20%", 0),  # own
    ("tthc_time_cut", "Giảm ít nhất 30% thời gian giải quyết thủ tục hành chính so với năm 2024.", "30%", 0),  # own
    ("tthc_online_level34_share", "Tối thiểu 80% thủ tục hành chính của các cơ quan, đơn vị, địa phương, có đủ điều "
     "kiện, được cung cấp trực tuyến mức độ 3 và 4. Trong đó, ít nhất 80% thủ tục hành chính được tích hợp, cung "
     "cấp trên cổng Dịch vụ công quốc gia.", "80%", 0),
    ("tthc_online_level4_all_eligible", "Đưa 100% các thủ tục hành chính đủ điều kiện lên dịch vụ công trực tuyến "
     "mức độ 4.", "100%", 0),
    ("level4_multi_device_share", "100% dịch vụ công trực tuyến mức độ 4, được cung cấp trên nhiều phương tiện truy "
     "cập khác nhau, bao gồm cả thiết bị di động.", "100%", 0),
    ("national_portal_integration_share", "Tối thiểu 80% thủ tục hành chính của các cơ quan, đơn vị, địa phương, có "
     "đủ điều kiện, được cung cấp trực tuyến mức độ 3 và 4. Trong đó, ít nhất 80% thủ tục hành chính được tích hợp, "
     "cung cấp trên cổng Dịch vụ công quốc gia.", "80%", 1),
    ("online_dossier_share", "Tỷ lệ hồ sơ nộp qua mạng và giải quyết theo dịch vụ công trực tuyến mức độ 3, 4 trên "
     "tổng số hồ sơ đạt tối thiểu 70%; tỷ lệ hài lòng của người dân và doanh nghiệp về việc giải quyết TTHC đạt tối "
     "thiểu 95%.", "70%", 0),
    ("online_payment_share", "Tối thiểu 80% thủ tục hành chính có yêu cầu nghĩa vụ tài chính, được triển khai thanh "
     "toán trực tuyến, trong số đó, tỷ lệ giao dịch thanh toán trực tuyến đạt từ 30% trở lên.", "80%", 0),
    ("online_payment_transaction_share", "Tối thiểu 80% thủ tục hành chính có yêu cầu nghĩa vụ tài chính, được "
     "triển khai thanh toán trực tuyến, trong số đó, tỷ lệ giao dịch thanh toán trực tuyến đạt từ 30% trở lên.",
     "30%", 0),
    ("digitization_tthc_results_by_level", "Số hóa kết quả giải quyết thủ tục hành chính (TTHC) đang còn hiệu lực "
     "và có giá trị sử dụng thuộc thẩm quyền giải quyết của cấp tỉnh, cấp huyện, cấp xã đạt tỷ lệ tối thiểu tương "
     "ứng là 80%, 70%, 60% để đảm bảo việc kết nối, chia sẻ dữ liệu trong giải quyết TTHC.", "70%", 0),
    ("digitization_dossiers", "100% hồ sơ giải quyết TTHC được luân chuyển trong nội bộ giữa các cơ quan có thẩm "
     "quyền giải quyết được thực hiện bằng phương thức điện tử; 100% hồ sơ TTHC đã giải quyết thành công được số "
     "hóa, lưu trữ và có giá trị tái sử dụng.", "100%", 1),
    ("data_reuse_no_resubmission", "Tối thiểu 40% người dân, doanh nghiệp khi thực hiện TTHC không phải cung cấp "
     "lại các thông tin, giấy tờ, tài liệu để thực hiện TTHC do đã thực hiện TTHC thành công trước đó.", "40%", 0),
    ("electronic_dossier_transfer", "Tối thiểu 80% hồ sơ giải quyết thủ tục hành chính được luân chuyển trong nội "
     "bộ giữa các cơ quan có thẩm quyền giải quyết được thực hiện bằng phương thức điện tử.", "80%", 0),
    ("waiting_time_one_stop", "Giảm thời gian chờ đợi của người dân, doanh nghiệp tại Trung tâm Phục vụ hành chính "
     "công cấp tỉnh xuống trung bình còn tối đa 25 phút/01 lần đến giao dịch. Phần đầu đạt trên 50% số lượng giao "
     "dịch dưới 10 phút/01 lần.", "25 phút", 0),
    ("waiting_time_share_within_limit", "Giảm thời gian chờ đợi của người dân, doanh nghiệp tại Trung tâm Phục vụ "
     "hành chính công cấp tỉnh xuống trung bình còn tối đa 25 phút/01 lần đến giao dịch. Phần đầu đạt trên 50% số "
     "lượng giao dịch dưới 10 phút/01 lần.", "50%", 0),
    ("citizen_satisfaction_tthc", "Mức độ hài lòng của người dân, doanh nghiệp về giải quyết thủ tục hành chính đạt "
     "tối thiểu 90%. Trong đó, mức độ hài lòng về giải quyết các thủ tục hành chính lĩnh vực đất đai, xây dựng, đầu "
     "tư đạt tối thiểu 85%.", "90%", 0),
    ("citizen_satisfaction_land_construction_investment", "Mức độ hài lòng của người dân, doanh nghiệp về giải "
     "quyết thủ tục hành chính đạt tối thiểu 90%. Trong đó, mức độ hài lòng về giải quyết các thủ tục hành chính "
     "lĩnh vực đất đai, xây dựng, đầu tư đạt tối thiểu 85%.", "85%", 0),
    ("satisfaction_state_admin_service", "Mức độ hài lòng của người dân, tổ chức đối với sự phục vụ của cơ quan "
     "hành chính nhà nước đạt tối thiểu 90%. Mức độ hài lòng của người dân về cung cấp dịch vụ y tế, giáo dục công "
     "lập đạt tối thiểu 85%.", "90%", 0),
    ("satisfaction_health_education_services", "Mức độ hài lòng của người dân, tổ chức đối với sự phục vụ của cơ "
     "quan hành chính nhà nước đạt tối thiểu 90%. Mức độ hài lòng của người dân về cung cấp dịch vụ y tế, giáo dục "
     "công lập đạt tối thiểu 85%.", "85%", 0),
    ("satisfaction_online_public_services", "Tỷ lệ người dân hài lòng với dịch vụ công trực tuyến đạt tối thiểu "
     "95%.", "95%", 0),  # own
    ("internal_tthc", "90% thủ tục hành chính nội bộ giữa cơ quan hành chính nhà nước được công bố, công khai và "
     "cập nhật kịp thời.", "90%", 0),
    ("one_stop_electronic_system_share", "100% hồ sơ giải quyết thủ tục hành chính được tiếp nhận, xử lý thông qua "
     "Hệ thống thông tin một cửa điện tử cấp tỉnh.", "100%", 0),  # own
    ("tthc_at_service_centre", "Rà soát đưa 100% các TTHC đủ điều kiện vào thực hiện tại Trung tâm Phục vụ hành "
     "chính công tỉnh, Trung tâm Hành chính công cấp huyện.", "100%", 0),
    ("public_service_units_reduction", "Giảm tối thiểu bình quân 10% số lượng đơn vị sự nghiệp công lập và 10% "
     "biên chế sự nghiệp hưởng lương từ ngân sách nhà nước so với năm 2021.", "10%", 0),
    ("staff_reduction", "Giảm tối thiểu bình quân 10% số lượng đơn vị sự nghiệp công lập và 10% biên chế sự nghiệp "
     "hưởng lương từ ngân sách nhà nước so với năm 2021.", "10%", 1),
    ("autonomous_public_service_units", "Đến năm 2025, có tối thiểu 20% đơn vị sự nghiệp công lập tự bảo đảm chi "
     "thường xuyên; 100% đơn vị sự nghiệp kinh tế và sự nghiệp khác, có đủ điều kiện, hoàn thành việc chuyển đổi "
     "thành công ty cổ phần hoặc chuyển sang tự bảo đảm chi thường xuyên và chi đầu tư.", "20%", 0),
    ("public_service_units_equitisation", "Đến năm 2025, có tối thiểu 20% đơn vị sự nghiệp công lập tự bảo đảm "
     "chi thường xuyên; 100% đơn vị sự nghiệp kinh tế và sự nghiệp khác, có đủ điều kiện, hoàn thành việc chuyển "
     "đổi thành công ty cổ phần hoặc chuyển sang tự bảo đảm chi thường xuyên và chi đầu tư.", "100%", 0),
    ("psu_budget_spending_cut", "Giảm bình quân 15% chi trực tiếp từ ngân sách nhà nước cho đơn vị sự nghiệp công "
     "lập so với giai đoạn 2021 - 2025.", "15%", 0),
    ("internal_spending_rules", "100% các đơn vị được giao tự chủ xây dựng quy chế chi tiêu nội bộ và quản lý tài "
     "sản công.", "100%", 0),
    ("civil_servants_trained", "100% công chức được bồi dưỡng kiến thức quản lý nhà nước theo tiêu chuẩn ngạch "
     "công chức hiện giữ; 100% viên chức được bồi dưỡng theo tiêu chuẩn chức danh nghề nghiệp theo quy định.",
     "100%", 1),
    ("civil_servants_qualified", "100% cán bộ, công chức cấp xã có trình độ chuyên môn từ trung cấp trở lên, trong "
     "đó 90% có trình độ cao đẳng, đại học.", "90%", 0),
    ("leaders_international_capability", "25% - 35% số lãnh đạo, quản lý cấp sở, ngành, Ủy ban nhân dân cấp huyện "
     "và tương đương; 80% số lãnh đạo, quản lý doanh nghiệp nhà nước có đủ khả năng làm việc trong môi trường quốc "
     "tế.", "25%", 0),
    ("training_online_share", "Tối thiểu 20% nội dung chương trình đào tạo, bồi dưỡng quản lý nhà nước ngạch chuyên "
     "viên, chuyên viên chính được thực hiện trực tuyến.", "20%", 0),
    ("civil_service_exams_it", "100% môn điều kiện trong thi tuyển, thi nâng ngạch chuyên viên, chuyên viên chính "
     "ứng dụng công nghệ thông tin.", "100%", 0),
    ("e_identification_share", "100% người dân, doanh nghiệp sử dụng dịch vụ công trực tuyến được cấp định danh và "
     "xác thực điện tử thông suốt và hợp nhất trên tất cả các hệ thống thông tin.", "100%", 0),
    ("e_identification_transactions", "90% giao dịch trên Cổng dịch vụ công và Hệ thống thông tin một cửa điện tử "
     "cấp tỉnh, cấp huyện và cấp xã được xác thực định danh điện tử.", "90%", 0),
    ("e_documents_share", "Phấn đấu 100% văn bản trao đổi giữa các cơ quan nhà nước được thực hiện dưới dạng điện "
     "tử, được ký số (trừ văn bản mật theo quy định).", "100%", 0),
    ("e_documents_signed", "100% văn bản điện tử gửi đi được ký số.", "100%", 0),  # own
    ("work_records_online_by_level", "Phấn đấu 70% hồ sơ công việc tại cấp tỉnh, 50% hồ sơ công việc tại cấp huyện "
     "và 30% hồ sơ công việc tại cấp xã được xử lý trên môi trường mạng.", "50%", 0),
    ("online_meetings_by_level", "Phấn đấu 50% cấp tỉnh, 30% cấp huyện thực hiện họp thông qua hệ thống trực tuyến "
     "của Ủy ban nhân dân tỉnh.", "50%", 0),
    ("systems_integration_platform", "80% các hệ thống thông tin của địa phương có liên quan đến người dân, doanh "
     "nghiệp đã đưa vào vận hành, khai thác được kết nối, liên thông qua Trục liên thông văn bản quốc gia và nền "
     "tảng tích hợp, chia sẻ dữ liệu; thông tin của người dân không phải cung cấp lại.", "80%", 0),
    ("reporting_systems_connected", "100% hệ thống báo cáo được kết nối liên thông, chia sẻ dữ liệu với Hệ thống "
     "thông tin báo cáo quốc gia.", "100%", 0),
    ("inspections_online", "Tối thiểu 50% hoạt động kiểm tra của cơ quan quản lý nhà nước được thực hiện thông qua "
     "môi trường số và hệ thống thông tin của cơ quan quản lý.", "50%", 0),
    ("adults_bank_accounts", "Tối thiểu 80% người trưởng thành có tài khoản giao dịch tại ngân hàng.", "80%", 0),
    ("adult_online_service_usage", "40% dân số trưởng thành sử dụng dịch vụ công trực tuyến.", "40%", 0),  # own
    ("national_databases_completed", "100% cơ sở dữ liệu chuyên ngành của tỉnh được xây dựng, kết nối, chia sẻ với "
     "các hệ thống.", "100%", 0),  # own
    ("commercial_banks_e_payment", "Ngân hàng Nhà nước chi nhánh tỉnh chỉ đạo 100% các Ngân hàng thương mại trên "
     "địa bàn tỉnh triển khai kết nối hạ tầng thanh toán điện tử.", "100%", 0),
    ("digital_awareness_training", "Phấn đấu 100% người đứng đầu các đơn vị, tổ chức nhà nước được tuyên truyền, "
     "nâng cao nhận thức và trách nhiệm về Chuyển đổi số và bảo đảm an toàn thông tin.", "100%", 0),
    ("legal_documents_on_time", "100% văn bản quy phạm pháp luật được ban hành kịp thời, đúng thẩm quyền, đúng "
     "trình tự, thủ tục theo quy định.", "100%", 0),
    ("legal_documents_reviewed", "100% văn bản QPPL được kiểm tra, xử lý theo quy định.", "100%", 0),
    ("legal_documents_published", "Đăng tải 100% văn bản QPPL trên Công báo, Cơ sở dữ liệu văn bản QPPL tỉnh.",
     "100%", 0),
    ("iso_quality_management", "Hoàn thành xây dựng quy trình hóa việc giải quyết công việc đối với 100% các cơ "
     "quan hành chính các cấp theo tiêu chuẩn ISO 9001:2015.", "100%", 0),
    ("new_enterprises", "Phấn đấu trong 05 năm tới có ít nhất 10.000 doanh nghiệp thành lập mới; thu hút vốn đầu "
     "tư trực tiếp nước ngoài (FDI) đạt trên 5 tỷ USD.", "10.000 doanh nghiệp", 0),
    ("new_cooperatives", "Phấn đấu thành lập mới 50 hợp tác xã.", "50 hợp tác xã", 0),  # own
    ("par_index_score", "Chỉ số cải cách hành chính của tỉnh đạt trên 85%.", "85%", 0),  # own
    ("dossiers_linked_personal_id", "100% hồ sơ giải quyết thủ tục hành chính được gắn định danh cá nhân.",
     "100%", 0),  # own
    ("fdi_attraction", "Phấn đấu trong 05 năm tới có ít nhất 10.000 doanh nghiệp thành lập mới; thu hút vốn đầu tư "
     "trực tiếp nước ngoài (FDI) đạt trên 5 tỷ USD.", "5 tỷ USD", 0),
    ("total_investment_growth", "Hàng năm, giữ vững vị trí nhóm đầu cả nước về Chỉ số cải cách hành chính (PAR "
     "Index); tổng vốn đầu tư toàn xã hội tăng bình quân trên 10%.", "10%", 0),
    ("social_housing_land", "Tham mưu sử dụng hiệu quả, đúng quy định quỹ đất ở 20% để phát triển nhà ở xã hội.",
     "20%", 0),
]


@pytest.mark.parametrize(("key", "text", "raw", "nth"), CASES, ids=[c[0] for c in CASES])
def test_indicator_case(key: str, text: str, raw: str, nth: int) -> None:
    assert indicator(key) is not None, f"{key} is not in the catalogue"
    assert key_of(text, raw, nth) == key


def test_every_indicator_has_a_case() -> None:
    assert {i.key for i in indicators()} == {c[0] for c in CASES}


def test_catalogue_shape() -> None:
    cat = indicators()
    assert len(cat) >= 20
    keys = [i.key for i in cat]
    assert len(keys) == len(set(keys))
    for ind in cat:
        assert re.fullmatch(r"[a-z][a-z0-9_]*", ind.key), ind.key
        assert ind.area in AREAS or ind.area.startswith("other:"), ind.area
        assert set(ind.units) <= set(UNITS), ind.units
        assert ind.name_vi and ind.name_en and ind.cues
        assert ind.meta.get("verified") in {"sample", "reference", "unverified"}


@pytest.mark.parametrize(
    ("text", "raw", "expected"),
    [
        # Two wordings of one indicator.
        ("Phấn đấu tỷ lệ hồ sơ giải quyết theo dịch vụ công trực tuyến mức độ 3, 4 trên tổng số hồ sơ giải quyết "
         "đạt từ 50% trở lên.", "50%", "online_dossier_share"),
        ("Tỷ lệ hồ sơ giải quyết theo dịch vụ công trực tuyến mức độ 3, 4 trên tổng số hồ sơ đạt tối thiểu 70%.",
         "70%", "online_dossier_share"),
        ("Tỷ lệ hồ sơ giải quyết trực tuyến mức độ 3 và 4 trên tổng số hồ sơ đạt tối thiểu 50%.", "50%",
         "online_dossier_share"),
        # Old tone placement and abbreviations.
        ("Mức độ hài lòng về giải quyết TTHC lĩnh vực đất đai, xây dựng, đầu tư đạt tối thiểu 90%.", "90%",
         "citizen_satisfaction_land_construction_investment"),
        ("Tổ chức 100% các cuộc họp của Uỷ ban nhân dân tỉnh bằng hình thức hội nghị truyền hình.", "100%",
         "online_meetings_by_level"),
    ],
)
def test_same_indicator_other_wordings(text: str, raw: str, expected: str) -> None:
    assert key_of(text, raw) == expected


@pytest.mark.parametrize(
    ("text", "raw", "nth", "not_expected"),
    [
        # A value whose words name no catalogued target.
        ("Phấn đấu 100% nhiệm vụ được hoàn thành đúng hạn.", "100%", 0, None),
        ("Tốc độ tăng trưởng kinh tế đạt 8%.", "8%", 0, None),
        ("Kinh phí thực hiện 500 triệu đồng.", "500 triệu đồng", 0, None),
        ("Chuẩn hóa 100% quy trình nội bộ giải quyết thủ tục hành chính.", "100%", 0, None),
        # Near misses: the neighbouring indicator must not win.
        ("Phấn đấu 70% hồ sơ công việc tại cấp tỉnh được xử lý trên môi trường mạng.", "70%", 0,
         "online_dossier_share"),
        ("Tỷ lệ giao dịch thanh toán trực tuyến đạt từ 30% trở lên.", "30%", 0, "online_payment_share"),
        ("Mức độ hài lòng về giải quyết các thủ tục hành chính lĩnh vực đất đai, xây dựng, đầu tư đạt tối thiểu 85%.",
         "85%", 0, "citizen_satisfaction_tthc"),
        ("100% hồ sơ giải quyết TTHC được luân chuyển trong nội bộ giữa các cơ quan bằng phương thức điện tử.",
         "100%", 0, "internal_tthc"),
        ("Trong đó, 100% dịch vụ công trực tuyến mức độ 3, mức độ 4 của tỉnh được cung cấp trên Cổng dịch vụ công "
         "quốc gia.", "100%", 0, "tthc_online_level34_share"),
        ("Giảm tối thiểu bình quân 10% số lượng đơn vị sự nghiệp công lập và 10% biên chế sự nghiệp hưởng lương từ "
         "ngân sách nhà nước.", "10%", 1, "public_service_units_reduction"),
        ("Phần đầu đạt trên 50% số lượng giao dịch dưới 10 phút/01 lần.", "50%", 0, "waiting_time_one_stop"),
    ],
)
def test_counter_examples(text: str, raw: str, nth: int, not_expected: str | None) -> None:
    got = key_of(text, raw, nth)
    if not_expected is None:
        assert got is None
    else:
        assert got != not_expected


def test_unit_decides() -> None:
    text = "Giảm thời gian chờ đợi tại Bộ phận Một cửa xuống còn tối đa 30 phút; đạt 50% giao dịch dưới 10 phút."
    assert key_of(text, "30 phút") == "waiting_time_one_stop"
    assert key_of(text, "50%") == "waiting_time_share_within_limit"
    assert key_of(text, "10 phút") == "waiting_time_one_stop"


def test_rank_reports_scope() -> None:
    text = "Giảm thời gian chờ đợi xuống còn tối đa 25 phút. Phần đầu đạt trên 50% số lượng giao dịch dưới 10 phút."
    v = value_at(text, "10 phút")
    scope, ranked = rank_indicators(text, v.start, v.end, v.unit)
    assert scope == "item" and ranked[0][0] == "waiting_time_one_stop"


@pytest.mark.parametrize(
    ("text", "raw", "nth", "expected"),
    [
        ("đạt tối thiểu 70%", "70%", 0, ">="),
        ("đạt từ 50% trở lên", "50%", 0, ">="),
        ("Tối thiểu 50% trở lên hồ sơ", "50%", 0, ">="),
        ("ít nhất 80% hồ sơ", "80%", 0, ">="),
        ("không dưới 60% hồ sơ", "60%", 0, ">="),
        ("luôn đạt tỷ lệ trên 99%", "99%", 0, ">"),
        ("tối đa 25 phút", "25 phút", 0, "<="),
        ("không quá 30 phút", "30 phút", 0, "<="),
        ("số lượng giao dịch dưới 10 phút", "10 phút", 0, "<"),
        ("giảm thời gian chờ đợi xuống trung bình còn 25 phút", "25 phút", 0, "<="),
        ("đạt tỷ lệ tối thiểu tương ứng là 80%, 70%, 60% để", "60%", 0, ">="),
        ("25% - 35% số lãnh đạo", "25%", 0, ">="),
        ("25% - 35% số lãnh đạo", "35%", 0, "<="),
        ("tăng thêm 20% so với năm 2021", "20%", 0, "+"),
        ("tổng vốn đầu tư toàn xã hội tăng bình quân trên 10%", "10%", 0, "+>"),
        ("mỗi năm tăng tối thiểu 20% đối với mỗi cấp", "20%", 0, "+>="),
        ("Giảm tối thiểu bình quân 10% số lượng đơn vị và 10% biên chế", "10%", 0, "->="),
        ("Giảm tối thiểu bình quân 10% số lượng đơn vị và 10% biên chế", "10%", 1, "->="),
        ("giảm từ 1,7% đơn vị sự nghiệp công lập so với năm 2021 trở lên", "1,7%", 0, "->="),
        ("Thực hiện tinh giản 1,8% người làm việc", "1,8%", 0, "-"),
        ("100% cán bộ có trình độ từ đại học trở lên", "100%", 0, None),
        ("Phấn đấu 100% văn bản được ký số", "100%", 0, None),
        ("khoảng 20% đơn vị", "20%", 0, "~"),
    ],
)
def test_comparator_of(text: str, raw: str, nth: int, expected: str | None) -> None:
    assert comparator_of(text, value_at(text, raw, nth).start) == expected


# ------------------------------------------------------------------------------------ gold coverage

GOLD = SHARED / "gold"


def _gold_paragraphs(path: Path) -> list[str]:
    from parplan.read.txt import read_txt

    return [squash(b.text) for b in read_txt(path).blocks if hasattr(b, "text")]


def _coverage_targets() -> list[tuple[str, str, dict]]:
    """(paragraph text, sample stem, gold number) for every number of a `target` item, and of the
    Quảng Ninh 2022 plan's II.x items (its targets stand under Nhiệm vụ)."""
    out = []
    for gold_file in sorted(GOLD.glob("*.gold.json")):
        gold = json.loads(gold_file.read_text(encoding="utf-8"))
        sample = SAMPLES / gold["file"]
        paragraphs = _gold_paragraphs(sample)
        seen: Counter[str] = Counter()
        for item in gold["narrative_items"]:
            start = squash(item["text_start"])
            k = seen[start]
            seen[start] += 1
            if not item["numbers"]:
                continue
            in_scope = item["kind"] == "target" or (
                gold["file"].startswith("quang-ninh-2022") and item["section"].startswith("II")
            )
            if not in_scope:
                continue
            hits = [p for p in paragraphs if start in p]
            assert len(hits) > k, f"{gold['file']}: cannot find {start!r}"
            out.extend((hits[k], sample.stem, n) for n in item["numbers"])
    return out


@pytest.mark.skipif(not GOLD.is_dir(), reason="shared/gold not available")
def test_gold_coverage() -> None:
    targets = _coverage_targets()
    assert len(targets) >= 100
    matched, missed = 0, []
    used: dict[str, set[int]] = {}
    for para, stem, gold in targets:
        taken = used.setdefault(f"{stem}:{para}", set())
        values = find_values(para)
        k = next((i for i, v in enumerate(values)
                  if i not in taken and v.value == gold["value"] and v.unit == gold["unit"]), None)
        if k is None:
            missed.append((stem, gold, para[:60]))
            continue
        taken.add(k)
        v = values[k]
        if match_indicator(para, v.start, v.end, v.unit):
            matched += 1
        else:
            missed.append((stem, gold, para[:60]))
    coverage = matched / len(targets)
    assert coverage >= 0.9, f"coverage {coverage:.2%}; missed: {missed}"


# ------------------------------------------------------------------------------------------- stats


def _item(id_: str, text: str, *, kind: str = "task", part: str = "narrative", **kw: object) -> Item:
    return Item(id=id_, part=part, area="administrative_procedures", section="II.2", kind=kind, text=text,
                source=SourceSpan(file="x.txt", line=1), **kw)


def test_plan_stats_counts_and_lists_leftovers() -> None:
    text = "Tỷ lệ hồ sơ nộp qua mạng trên tổng số hồ sơ đạt tối thiểu 70%; 100% nhiệm vụ hoàn thành đúng hạn."
    numbers = [
        Number(value=70, unit="%", comparator=">=", raw="70%"),
        Number(value=100, unit="%", raw="100%"),
    ]
    lead = [AgencyRef(raw="Sở Nội vụ", id="so-noi-vu", kind="department"), AgencyRef(raw="Ban X")]
    partners = [AgencyRef(raw="Các sở, ban, ngành", id="collective:so-ban-nganh", kind="collective"),
                AgencyRef(raw="Ban  X")]
    plan = Plan(
        file="x.txt", format="txt", metadata=Metadata(doc_type="ke_hoach", province="Quảng Ninh"),
        items=[
            _item("N1", text, kind="target", numbers=numbers, lead=lead, partners=partners),
            _item("A1", "Phấn đấu 100% văn bản trao đổi dưới dạng điện tử", part="appendix",
                  numbers=[Number(value=100, unit="%", indicator="e_documents_share", raw="100%")]),
        ],
    )
    s = plan_stats(plan)
    assert (s.agency_mentions, s.agency_resolved, s.agency_collective) == (4, 2, 1)
    assert s.unresolved_agencies == [("Ban X", 2)]
    assert (s.narrative.total, s.narrative.matched, s.targets.total, s.targets.matched) == (2, 0, 2, 0)
    assert (s.appendix.total, s.appendix.matched) == (1, 1)
    assert s.appendix.by_indicator == {"e_documents_share": 1}

    filled = plan_stats(plan, match_missing=True)
    assert (filled.narrative.matched, filled.matched_here) == (1, 1)
    assert [(u.item, u.raw) for u in filled.narrative.unmatched] == [("N1", "100%")]
    assert filled.narrative.unmatched[0].text_start.startswith("Tỷ lệ hồ sơ nộp qua mạng")

    console = Console(record=True, width=200)
    render_stats([s, filled], console)
    out = console.export_text()
    assert "Normalization coverage" in out and "Ban X" in out and "Values without an indicator" in out
