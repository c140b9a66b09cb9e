"""Cell splitter tests: every gold appendix cell (raw source text → gold list) plus edge cases.

The gold tables below pair the raw cell text of the samples (/work/shared/corpus/txt: tab-separated
rows of quang-ninh-2022, '|'-separated cells of tuyen-quang-2022 with their wrapped lines kept as "\\n",
paragraph cells of quang-ninh-2021-chuong-trinh-131) with the lists of /work/shared/gold/*.gold.json.
Identical pairs are listed once; the comment names the gold rows (doc:row + l(ead) p(artners)
p(roducts) d(eadlines)). Cells with several values are the interesting ones; single-valued cells are
kept too, since they check that nothing is split wrongly.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable

import pytest
import regex as re
from hypothesis import given
from hypothesis import strategies as st

from parplan.normalize.cells import split_agencies, split_deadlines, split_products

GOLD_AGENCY_CELLS: list[tuple[str, list[str]]] = [
    ("Sở Nội vụ", ["Sở Nội vụ"]),  # qn22:0l qn22:1l qn22:2l qn22:3l +29
    ("Các cơ quan, đơn vị được giao nhiệm vụ chủ trì các nội dung của CCHC", ["Các cơ quan, đơn vị được giao nhiệm vụ chủ trì các nội dung của CCHC"]),  # qn22:0p
    ("Các Sở, ngành được giao nhiệm vụ chủ trì theo từng nội dung CCHC liên quan", ["Các Sở, ngành được giao nhiệm vụ chủ trì theo từng nội dung CCHC liên quan"]),  # qn22:1p qn22:2p
    ("Các cơ quan, đơn vị, địa phương", ["Các cơ quan, đơn vị, địa phương"]),  # qn22:3p qn22:4p qn22:5p qn22:6p +6
    ("Sở Tư pháp", ["Sở Tư pháp"]),  # qn22:8l qn22:10p qn22:11l qn22:12l +11
    ("Văn phòng Đoàn đại biểu Quốc hội và HĐND tỉnh; Văn phòng UBND tỉnh; Các Sở, ban, ngành", ["Văn phòng Đoàn đại biểu Quốc hội và HĐND tỉnh", "Văn phòng UBND tỉnh", "Các Sở, ban, ngành"]),  # qn22:8p
    ("Sở Tư pháp; UBND cấp huyện", ["Sở Tư pháp", "UBND cấp huyện"]),  # qn22:9l
    ("Các Sở, ban, ngành", ["Các Sở, ban, ngành"]),  # qn22:9p qn22:15l qn22:16l qn22:17l +3
    ("Các Sở, ban, ngành; UBND cấp huyện", ["Các Sở, ban, ngành", "UBND cấp huyện"]),  # qn22:10l
    ("Văn phòng HĐND tỉnh; Trung tâm Thông tin, Văn phòng UBND tỉnh; Chi cục Văn thư lưu trữ, Sở Nội vụ", ["Văn phòng HĐND tỉnh", "Trung tâm Thông tin, Văn phòng UBND tỉnh", "Chi cục Văn thư lưu trữ, Sở Nội vụ"]),  # qn22:11p
    ("Văn phòng UBND tỉnh", ["Văn phòng UBND tỉnh"]),  # qn22:13l qn22:29l tq22:2l qn131:12l
    ("Các Sở, ngành có liên quan", ["Các Sở, ngành có liên quan"]),  # qn22:13p
    ("Các Sở, ngành, có liên quan", ["Các Sở, ngành, có liên quan"]),  # qn22:14p
    ("Các Sở, ngành, cơ quan có liên quan", ["Các Sở, ngành, cơ quan có liên quan"]),  # qn22:15p
    ("Các Sở, ban, ngành và UBND cấp huyện liên quan", ["Các Sở, ban, ngành và UBND cấp huyện liên quan"]),  # qn22:16p
    ("Trung tâm Phục vụ hành chính công tỉnh", ["Trung tâm Phục vụ hành chính công tỉnh"]),  # qn22:18l
    ("Các Bộ, phận thuộc Trung tâm HCC", ["Các Bộ, phận thuộc Trung tâm HCC"]),  # qn22:18p
    ("Sở Thông tin và Truyền thông, các sở, ban, ngành; UBND các địa phương", ["Sở Thông tin và Truyền thông", "các sở, ban, ngành", "UBND các địa phương"]),  # qn22:19p
    ("Các cơ quan đơn vị có liên quan", ["Các cơ quan đơn vị có liên quan"]),  # qn22:20p
    ("Các cơ quan liên quan, UBND cấp huyện, UBND cấp xã", ["Các cơ quan liên quan", "UBND cấp huyện", "UBND cấp xã"]),  # qn22:21p
    ("Sở Tài chính và các cơ quan, đơn vị, địa phương", ["Sở Tài chính và các cơ quan, đơn vị, địa phương"]),  # qn22:22p
    ("Các Sở, ban, ngành, Đơn vị sự nghiệp trực thuộc UBND tỉnh; UBND cấp huyện", ["Các Sở, ban, ngành", "Đơn vị sự nghiệp trực thuộc UBND tỉnh", "UBND cấp huyện"]),  # qn22:25l
    ("Sở Tài chính", ["Sở Tài chính"]),  # qn22:25p qn22:26l tq22:30l tq22:31p +3
    ("Các sở, ban, ngành, UBND các huyện, thị xã, thành phố", ["Các sở, ban, ngành", "UBND các huyện, thị xã, thành phố"]),  # qn22:26p qn22:27p
    ("Sở Kế hoạch và Đầu tư; Sở Tài chính", ["Sở Kế hoạch và Đầu tư", "Sở Tài chính"]),  # qn22:27l
    ("Sở Thông tin và Truyền thông", ["Sở Thông tin và Truyền thông"]),  # qn22:28l qn22:30l tq22:35p tq22:36l +17
    ("Các Sở, ngành và UBND cấp huyện, cấp xã", ["Các Sở, ngành và UBND cấp huyện, cấp xã"]),  # qn22:28p qn22:30p
    ("Sở Thông tin và Truyền thông; Các cơ quan, đơn vị, địa phương trong toàn tỉnh", ["Sở Thông tin và Truyền thông", "Các cơ quan, đơn vị, địa phương trong toàn tỉnh"]),  # qn22:29p
    ("Sở Khoa học và Công nghệ", ["Sở Khoa học và Công nghệ"]),  # qn22:31l qn131:11l
    ("Văn phòng UBND tỉnh; các cơ\nquan, đơn vị có liên quan", ["Văn phòng UBND tỉnh", "các cơ quan, đơn vị có liên quan"]),  # tq22:0p
    ("Các cơ quan chuyên môn thuộc UBND tỉnh;\nBan Quản lý các khu công nghiệp tỉnh", ["Các cơ quan chuyên môn thuộc UBND tỉnh", "Ban Quản lý các khu công nghiệp tỉnh"]),  # tq22:1p tq22:6p
    ("Các cơ quan, đơn vị có liên quan", ["Các cơ quan, đơn vị có liên quan"]),  # tq22:3p tq22:11p tq22:38p tq22:39p
    ("Các Sở, ban, ngành; UBND huyện,\nthành phố", ["Các Sở, ban, ngành", "UBND huyện, thành phố"]),  # tq22:4l tq22:9l
    ("Các cơ quan chuyên môn thuộc UBND tỉnh;\nBan Quản lý các khu công nghiệp tỉnh; UBND huyện, thành phố.", ["Các cơ quan chuyên môn thuộc UBND tỉnh", "Ban Quản lý các khu công nghiệp tỉnh", "UBND huyện, thành phố."]),  # tq22:5p
    ("Sở Tư pháp; Sở Thông tin và\nTruyền thông", ["Sở Tư pháp", "Sở Thông tin và Truyền thông"]),  # tq22:9p
    ("- Văn phòng UBND tỉnh đăng tải\ntrên Công báo;\n- Sở Tư pháp đăng tải trên Cơ\nsở dữ liệu văn bản quy phạm pháp luật tỉnh Tuyên Quang trực thuộc Cơ sở dữ liệu\nQuốc gia về văn bản pháp luật.", ["Văn phòng UBND tỉnh đăng tải trên Công báo", "Sở Tư pháp đăng tải trên Cơ sở dữ liệu văn bản quy phạm pháp luật tỉnh Tuyên Quang trực thuộc Cơ sở dữ liệu Quốc gia về văn bản pháp luật."]),  # tq22:10l
    ("Các\nsở, ban, ngành; UBND cấp huyện, cấp xã", ["Các sở, ban, ngành", "UBND cấp huyện, cấp xã"]),  # tq22:12l
    ("Sở Tư pháp; phòng Tư pháp huyện, thành phố;\ncông chức tư pháp- hộ tịch", ["Sở Tư pháp", "phòng Tư pháp huyện, thành phố", "công chức tư pháp- hộ tịch"]),  # tq22:12p tq22:13p
    ("Các cơ quan chuyên môn thuộc UBND tỉnh;\nUBND cấp huyện, cấp xã", ["Các cơ quan chuyên môn thuộc UBND tỉnh", "UBND cấp huyện, cấp xã"]),  # tq22:13l
    ("Sở Thông tin và Truyền thông; các sở,\nban, ngành; UBND cấp huyện; UBND cấp xã", ["Sở Thông tin và Truyền thông", "các sở, ban, ngành", "UBND cấp huyện", "UBND cấp xã"]),  # tq22:14l
    ("- Văn phòng Ủy ban nhân dân tỉnh;\n- Các cơ quan, đơn vị có liên quan", ["Văn phòng Ủy ban nhân dân tỉnh", "Các cơ quan, đơn vị có liên quan"]),  # tq22:14p tq22:16p tq22:17p
    ("Sở Thông tin và Truyền\nthông; các sở, ban, ngành; UBND cấp huyện; UBND cấp xã", ["Sở Thông tin và Truyền thông", "các sở, ban, ngành", "UBND cấp huyện", "UBND cấp xã"]),  # tq22:15l
    ("Văn phòng Ủy ban nhân\ndân tỉnh", ["Văn phòng Ủy ban nhân dân tỉnh"]),  # tq22:15p
    ("Các sở ban, ngành; UBND cấp huyện", ["Các sở ban, ngành", "UBND cấp huyện"]),  # tq22:16l
    ("Sở Thông tin và Truyền thông; các sở,\nban, ngành", ["Sở Thông tin và Truyền thông", "các sở, ban, ngành"]),  # tq22:17l
    ("Các cơ quan, tổ chức, đơn vị; Ủy ban nhân\ndân huyện, thành phố", ["Các cơ quan, tổ chức, đơn vị", "Ủy ban nhân dân huyện, thành phố"]),  # tq22:18l tq22:19l tq22:20l
    ("Sở Nội vụ,\nSở Tư pháp", ["Sở Nội vụ", "Sở Tư pháp"]),  # tq22:18p
    ("Các cơ quan, đơn vị liên quan", ["Các cơ quan, đơn vị liên quan"]),  # tq22:21p tq22:22p tq22:23p tq22:24p +5
    ("Ban Tổ chức Tỉnh ủy\nSở Nội vụ", ["Ban Tổ chức Tỉnh ủy", "Sở Nội vụ"]),  # tq22:26l
    ("Các cơ quan, đơn vị", ["Các cơ quan, đơn vị"]),  # tq22:30p tq22:33p
    ("Cơ quan, đơn vị", ["Cơ quan, đơn vị"]),  # tq22:31l
    ("Các đơn vị sự nghiệp công lập", ["Các đơn vị sự nghiệp công lập"]),  # tq22:32l tq22:34l
    ("Các sở, ban, ngành, UBND huyện, thành phố", ["Các sở, ban, ngành", "UBND huyện, thành phố"]),  # tq22:35l
    ("Các Sở, ban, ngành, UBND các huyện, thành\nphố", ["Các Sở, ban, ngành", "UBND các huyện, thành phố"]),  # tq22:36p
    ("Các Sở, Ban, ngành; UBND huyện/ thành phố", ["Các Sở, Ban, ngành", "UBND huyện/ thành phố"]),  # tq22:37l
    ("Các Sở, ban, ngành, UBND các huyện,\nthành phố", ["Các Sở, ban, ngành", "UBND các huyện, thành phố"]),  # tq22:40l
    ("Sở Thông tin và Truyền thông;\ncác cơ quan, đơn vị\ncó liên quan", ["Sở Thông tin và Truyền thông", "các cơ quan, đơn vị có liên quan"]),  # tq22:40p
    ("Sở Nội vụ; các Sở, ban, ngành, UBND các\nhuyện, TP", ["Sở Nội vụ", "các Sở, ban, ngành", "UBND các huyện, TP"]),  # tq22:41p
    ("Các Sở, ban, ngành, UBND các huyện, TP;\nViễn thông Tuyên Quang, Viettel Tuyên Quang", ["Các Sở, ban, ngành", "UBND các huyện, TP", "Viễn thông Tuyên Quang", "Viettel Tuyên Quang"]),  # tq22:42p
    ("Các Sở, ban, ngành;\nUBND cấp huyện.", ["Các Sở, ban, ngành", "UBND cấp huyện."]),  # tq22:43l
    ("Sở Nội vụ, các cơ quan liên quan", ["Sở Nội vụ", "các cơ quan liên quan"]),  # tq22:43p
    ("Sở Nội vụ;\nCác sở, ban, ngành; UBND cấp huyện, cấp\nxã", ["Sở Nội vụ", "Các sở, ban, ngành", "UBND cấp huyện, cấp xã"]),  # tq22:44l
    ("Các cơ quan liên quan", ["Các cơ quan liên quan"]),  # tq22:44p tq22:45p tq22:46p tq22:47p +4
    ("Sở Nội vụ;\nCác cơ quan liên quan.", ["Sở Nội vụ", "Các cơ quan liên quan."]),  # tq22:45l
    ("Sở Nội vụ;\nCác cơ quan liên quan", ["Sở Nội vụ", "Các cơ quan liên quan"]),  # tq22:47l
    ("Ban Xúc tiến và Hỗ trợ đầu tư", ["Ban Xúc tiến và Hỗ trợ đầu tư"]),  # qn131:0l
    ("Các sở, ban, ngành, UBND cấp huyện", ["Các sở, ban, ngành", "UBND cấp huyện"]),  # qn131:0p qn131:1p qn131:2p qn131:3p +3
    ("Cục Thống kê tỉnh", ["Cục Thống kê tỉnh"]),  # qn131:2l
    ("Các cơ quan đảng, chính quyền, Mặt trận Tổ quốc, các tổ chức chính trị - xã hội", ["Các cơ quan đảng, chính quyền", "Mặt trận Tổ quốc", "các tổ chức chính trị - xã hội"]),  # qn131:5p
    ("Các sở, ban, ngành; UBND các địa phương cấp huyện, cấp xã", ["Các sở, ban, ngành", "UBND các địa phương cấp huyện, cấp xã"]),  # qn131:8p qn131:9p
    ("Trung tâm phục vụ hành chính công; UBND cấp huyện", ["Trung tâm phục vụ hành chính công", "UBND cấp huyện"]),  # qn131:10l
    ("Các sở, ban, ngành; UBND các địa phương cấp huyện", ["Các sở, ban, ngành", "UBND các địa phương cấp huyện"]),  # qn131:10p qn131:11p qn131:12p qn131:14p +9
    ("UBND các huyện, thị xã thành phố", ["UBND các huyện, thị xã thành phố"]),  # qn131:13l
    ("\u00a0", []),  # qn131:14l
    ("Ban Xúc tiến và Hỗ trợ đầu tư; Sở Kế hoạch và Đầu tư; các Ban Quản lý KKT (Quảng Ninh, Vân Đồn)", ["Ban Xúc tiến và Hỗ trợ đầu tư", "Sở Kế hoạch và Đầu tư", "các Ban Quản lý KKT (Quảng Ninh, Vân Đồn)"]),  # qn131:15l
    ("Ban Xúc tiến và Hỗ trợ đầu tư; Sở Kế hoạch và Đầu tư; các Ban Quản lý KKT tỉnh", ["Ban Xúc tiến và Hỗ trợ đầu tư", "Sở Kế hoạch và Đầu tư", "các Ban Quản lý KKT tỉnh"]),  # qn131:23l
]

GOLD_PRODUCT_CELLS: list[tuple[str, list[str]]] = [
    ("Quyết định ban hành Kế hoạch của UBND tỉnh", ["Quyết định ban hành Kế hoạch của UBND tỉnh"]),  # qn22:0p
    ("Báo cáo kết quả điều tra xã hội học", ["Báo cáo kết quả điều tra xã hội học"]),  # qn22:1p
    ("Quyết định công bố của UBND tỉnh", ["Quyết định công bố của UBND tỉnh"]),  # qn22:2p
    ("Kế hoạch của UBND tỉnh", ["Kế hoạch của UBND tỉnh"]),  # qn22:3p
    ("- Kế hoạch kiểm tra - Báo cáo kết quả kiểm tra", ["Kế hoạch kiểm tra", "Báo cáo kết quả kiểm tra"]),  # qn22:4p
    ("- Kế hoạch của UBND tỉnh; - Báo cáo kết quả đo lường", ["Kế hoạch của UBND tỉnh", "Báo cáo kết quả đo lường"]),  # qn22:5p
    ("Cuốn sách, các văn bản liên quan về cải cách hành chính", ["Cuốn sách, các văn bản liên quan về cải cách hành chính"]),  # qn22:6p
    ("- Kế hoạch của UBND tỉnh", ["Kế hoạch của UBND tỉnh"]),  # qn22:7p
    ("Quyết định phê duyệt danh mục Nghị quyết của HĐND tỉnh, Quyết định của UBND tỉnh quy định chi tiết các Luật, Nghị quyết mới được Quốc hội thông qua", ["Quyết định phê duyệt danh mục Nghị quyết của HĐND tỉnh, Quyết định của UBND tỉnh quy định chi tiết các Luật, Nghị quyết mới được Quốc hội thông qua"]),  # qn22:8p
    ("- Quyết định ban hành kế hoạch kiểm tra - Báo cáo kết quả kiểm tra, rà soát văn bản quy phạm pháp luật.", ["Quyết định ban hành kế hoạch kiểm tra", "Báo cáo kết quả kiểm tra, rà soát văn bản quy phạm pháp luật."]),  # qn22:9p
    ("- Báo cáo kết quả rà soát văn bản - Quyết định công bố danh mục văn bản hết hiệu lực, ngưng hiệu lực được rà soát", ["Báo cáo kết quả rà soát văn bản", "Quyết định công bố danh mục văn bản hết hiệu lực, ngưng hiệu lực được rà soát"]),  # qn22:10p
    ("Số hóa toàn bộ văn bản QPPL do HĐND, UBND tỉnh ban hành", ["Số hóa toàn bộ văn bản QPPL do HĐND, UBND tỉnh ban hành"]),  # qn22:11p
    ("Các Hội nghị, lớp tập huấn, tuyên truyền", ["Các Hội nghị, lớp tập huấn, tuyên truyền"]),  # qn22:12p
    ("Quyết định phê duyệt Kế hoạch của UBND tỉnh", ["Quyết định phê duyệt Kế hoạch của UBND tỉnh"]),  # qn22:13p qn22:28p
    ("Văn bản tham gia ý kiến vào Dự thảo các văn bản quy phạm pháp luật trước khi trình cấp có thẩm quyền ban hành", ["Văn bản tham gia ý kiến vào Dự thảo các văn bản quy phạm pháp luật trước khi trình cấp có thẩm quyền ban hành"]),  # qn22:14p
    ("Quyết định phê duyệt của UBND tỉnh", ["Quyết định phê duyệt của UBND tỉnh"]),  # qn22:15p
    ("Các Quyết định ban hành có TTHC liên quan lĩnh vực, ngành", ["Các Quyết định ban hành có TTHC liên quan lĩnh vực, ngành"]),  # qn22:16p
    ("Các TTHC được niêm yết, công khai giải quyết tại Trung tâm Hành chính công", ["Các TTHC được niêm yết, công khai giải quyết tại Trung tâm Hành chính công"]),  # qn22:17p
    ("Tổng đài Hành chính công đi vào hoạt động", ["Tổng đài Hành chính công đi vào hoạt động"]),  # qn22:18p
    ("Hội nghị tập huấn", ["Hội nghị tập huấn"]),  # qn22:19p
    ("Quyết định phê duyệt của UBND tỉnh hoặc Kế hoạch của UBND tỉnh", ["Quyết định phê duyệt của UBND tỉnh hoặc Kế hoạch của UBND tỉnh"]),  # qn22:20p
    ("Kế hoạch, lộ trình triển khai thực hiện theo quy định của pháp luật", ["Kế hoạch, lộ trình triển khai thực hiện theo quy định của pháp luật"]),  # qn22:21p
    ("Quyết định ban hành Kế hoạch", ["Quyết định ban hành Kế hoạch"]),  # qn22:22p
    ("Quyết định của UBND tỉnh", ["Quyết định của UBND tỉnh"]),  # qn22:23p qn22:31p
    ("Kế hoạch/ Quyết định của UBND tỉnh", ["Kế hoạch/ Quyết định của UBND tỉnh"]),  # qn22:24p
    ("Văn bản hướng dẫn, Quyết định của UBND tỉnh", ["Văn bản hướng dẫn, Quyết định của UBND tỉnh"]),  # qn22:25p
    ("Văn bản hướng dẫn; Văn bản chỉ đạo; kế hoạch, báo cáo", ["Văn bản hướng dẫn", "Văn bản chỉ đạo", "kế hoạch, báo cáo"]),  # qn22:26p
    ("Mô hình được triển khai hiệu quả", ["Mô hình được triển khai hiệu quả"]),  # qn22:27p
    ("Trung tâm điều hành hoạt động hiệu quả", ["Trung tâm điều hành hoạt động hiệu quả"]),  # qn22:29p
    ("Hệ thống thông tin báo cáo được kết nối", ["Hệ thống thông tin báo cáo được kết nối"]),  # qn22:30p
    ("Kế hoạch", ["Kế hoạch"]),  # tq22:0p tq22:21p tq22:22p tq22:23p +6
    ("Danh mục", ["Danh mục"]),  # tq22:1p
    ("Văn bản kiểm tra", ["Văn bản kiểm tra"]),  # tq22:2p
    ("Báo cáo thẩm định", ["Báo cáo thẩm định"]),  # tq22:3p
    ("- Nghị quyết QPPL của HĐND tỉnh;\n- Quyết định QPPL của UBND tỉnh", ["Nghị quyết QPPL của HĐND tỉnh", "Quyết định QPPL của UBND tỉnh"]),  # tq22:4p
    ("100% văn bản QPPL được kiểm tra, xử lý\ntheo quy định;\n- Báo cáo kết quả xây dựng, kiểm tra, rà\nsoát, hệ thống hóa văn bản QPPL năm 2022", ["100% văn bản QPPL được kiểm tra, xử lý theo quy định", "Báo cáo kết quả xây dựng, kiểm tra, rà soát, hệ thống hóa văn bản QPPL năm 2022"]),  # tq22:5p
    ("Quyết định của Chủ tịch UBND tỉnh công bố\ndanh mục văn bản QPPL do HĐND, UBND tỉnh ban hành hết hiệu lực, ngưng hiệu lực\nnăm 2021", ["Quyết định của Chủ tịch UBND tỉnh công bố danh mục văn bản QPPL do HĐND, UBND tỉnh ban hành hết hiệu lực, ngưng hiệu lực năm 2021"]),  # tq22:6p
    ("100% văn bản QPPL được rà soát, xử lý\ntheo quy định", ["100% văn bản QPPL được rà soát, xử lý theo quy định"]),  # tq22:7p
    ("Các Sở, ban, ngành", ["Các Sở, ban, ngành"]),  # tq22:8p
    ("- Văn bản; tài liệu; tin, bài\ntuyên truyền pháp luật trên cổng/trang thông tin điện tử, mạng xã hội;\n- Cuộc thi tìm hiểu pháp luật\ntrực tuyến", ["Văn bản", "tài liệu", "tin, bài tuyên truyền pháp luật trên cổng/trang thông tin điện tử, mạng xã hội", "Cuộc thi tìm hiểu pháp luật trực tuyến"]),  # tq22:9p
    ("- Đăng tải 100% văn bản QPPL trên\nCông báo, Cơ sở dữ liệu văn bản QPPL tỉnh Tuyên Quang", ["Đăng tải 100% văn bản QPPL trên Công báo, Cơ sở dữ liệu văn bản QPPL tỉnh Tuyên Quang"]),  # tq22:10p
    ("Kế hoạch;\nBáo cáo", ["Kế hoạch", "Báo cáo"]),  # tq22:11p
    ("- Báo cáo điều tra khảo sát;\n- Báo cáo kiểm tra tình hình thi hành\npháp luật", ["Báo cáo điều tra khảo sát", "Báo cáo kiểm tra tình hình thi hành pháp luật"]),  # tq22:12p
    ("- Lấy ý kiến của các tổ chức CT- XH, tổ chức xã\nhội - nghề nghiệp, các tổ chức đại diện của DN, doanh nghiệp, người dân và cộng\nđồng trong xây dựng văn bản QPPL\n- Báo cáo điều tra khảo sát", ["Lấy ý kiến của các tổ chức CT- XH, tổ chức xã hội - nghề nghiệp, các tổ chức đại diện của DN, doanh nghiệp, người dân và cộng đồng trong xây dựng văn bản QPPL", "Báo cáo điều tra khảo sát"]),  # tq22:13p
    ("Dữ liệu điện tử", ["Dữ liệu điện tử"]),  # tq22:14p
    ("Số lượng cung cấp dịch vụ công mức độ 3,\n4 tăng hơn 20% so với năm 2021", ["Số lượng cung cấp dịch vụ công mức độ 3, 4 tăng hơn 20% so với năm 2021"]),  # tq22:15p
    ("- Phương án đơn giản hóa TTHC;\n- Nâng cao mức độ hài lòng của người dân,\ndoanh nghiệp đối với việc giải quyết TTHC của các cơ quan nhà nước", ["Phương án đơn giản hóa TTHC", "Nâng cao mức độ hài lòng của người dân, doanh nghiệp đối với việc giải quyết TTHC của các cơ quan nhà nước"]),  # tq22:16p
    ("Thực hiện thanh toán trực tuyến nhanh\nchóng, an toàn, tiện lợi", ["Thực hiện thanh toán trực tuyến nhanh chóng, an toàn, tiện lợi"]),  # tq22:17p
    ("Quyết định", ["Quyết định"]),  # tq22:18p tq22:19p tq22:20p tq22:27p +6
    ("Quyết định giao dự toán", ["Quyết định giao dự toán"]),  # tq22:30p
    ("Báo cáo", ["Báo cáo"]),  # tq22:35p tq22:36p tq22:37p tq22:39p +6
    ("Kế hoạch,\nBáo cáo", ["Kế hoạch, Báo cáo"]),  # tq22:41p
    ("Kế hoạch, báo cáo", ["Kế hoạch, báo cáo"]),  # tq22:43p tq22:44p
    ("Báo cáo, văn bản", ["Báo cáo, văn bản"]),  # tq22:49p
    ("", []),  # qn131:0p qn131:1p qn131:2p qn131:3p +20
]

GOLD_DEADLINE_CELLS: list[tuple[str, list[str]]] = [
    ("Tháng 12/2021", ["Tháng 12/2021"]),  # qn22:0d tq22:0d
    ("Tháng 02/2022", ["Tháng 02/2022"]),  # qn22:1d
    ("Tháng 3/2022", ["Tháng 3/2022"]),  # qn22:2d tq22:45d tq22:46d
    ("Tháng 01/2022", ["Tháng 01/2022"]),  # qn22:3d
    ("Tháng 04/2022 Tháng 9/2022", ["Tháng 04/2022", "Tháng 9/2022"]),  # qn22:4d
    ("Tháng 7/ 2022 Tháng 12/2022", ["Tháng 7/ 2022", "Tháng 12/2022"]),  # qn22:5d
    ("Năm 2022", ["Năm 2022"]),  # qn22:6d qn22:19d qn22:21d qn22:23d +26
    ("Tháng 03/2022", ["Tháng 03/2022"]),  # qn22:7d
    ("Theo chỉ đạo của Bộ Tư pháp", ["Theo chỉ đạo của Bộ Tư pháp"]),  # qn22:8d
    ("- Tháng 1/2022 - Năm 2022", ["Tháng 1/2022", "Năm 2022"]),  # qn22:9d
    ("- Nhiệm vụ thường xuyên - Tháng 3/2022", ["Nhiệm vụ thường xuyên", "Tháng 3/2022"]),  # qn22:10d
    ("Nhiệm vụ thường xuyên", ["Nhiệm vụ thường xuyên"]),  # qn22:11d qn22:12d qn22:16d qn22:17d +1
    ("- Tháng 01/2022 - Nhiệm vụ thường xuyên", ["Tháng 01/2022", "Nhiệm vụ thường xuyên"]),  # qn22:13d
    ("Khi có dự thảo văn bản QPPL", ["Khi có dự thảo văn bản QPPL"]),  # qn22:14d
    ("Khi có sự thay đổi về TTHC của Bộ, ngành, Trung ương", ["Khi có sự thay đổi về TTHC của Bộ, ngành, Trung ương"]),  # qn22:15d
    ("Năm 2021-2022", ["Năm 2021-2022"]),  # qn22:20d
    ("Quý I/2022", ["Quý I/2022"]),  # qn22:22d
    ("Tháng 6/2022", ["Tháng 6/2022"]),  # qn22:30d
    ("Sau khi có thông báo của Bộ Tư pháp", ["Sau khi có thông báo của Bộ Tư pháp"]),  # tq22:1d
    ("Thường xuyên, khi nhận được yêu cầu", ["Thường xuyên, khi nhận được yêu cầu"]),  # tq22:2d
    ("Sau 15 ngày kể từ ngày nhận đủ hồ sơ hợp\nlệ gửi thẩm định", ["Sau 15 ngày kể từ ngày nhận đủ hồ sơ hợp lệ gửi thẩm định"]),  # tq22:3d
    ("Theo quy định", ["Theo quy định"]),  # tq22:5d
    ("Chủ tịch UBND tỉnh ban hành trước ngày\n31/01/2022", ["Chủ tịch UBND tỉnh ban hành trước ngày 31/01/2022"]),  # tq22:6d
    ("Thường xuyên", ["Thường xuyên"]),  # tq22:7d tq22:9d tq22:15d tq22:16d +1
    ("", []),  # tq22:8d tq22:31d
    ("Ngay sau khi văn bản được ban\nhành và thường xuyên", ["Ngay sau khi văn bản được ban hành và thường xuyên"]),  # tq22:10d
    ("Ban hành Kế hoạch trong tháng\n01/2022; Báo cáo trước ngày 10/12/2022", ["Ban hành Kế hoạch trong tháng 01/2022", "Báo cáo trước ngày 10/12/2022"]),  # tq22:11d
    ("Theo lộ trình quy định tại khoản 2 Điều 4\nNghị định số 107/2021/NĐ-CP ; Mục III Quyết định số 468/QĐ-TTg", ["Theo lộ trình quy định tại khoản 2 Điều 4 Nghị định số 107/2021/NĐ-CP ; Mục III Quyết định số 468/QĐ-TTg"]),  # tq22:14d
    ("Quý II năm 2022", ["Quý II năm 2022"]),  # tq22:32d
    ("Hằng năm", ["Hằng năm"]),  # tq22:33d tq22:35d tq22:36d tq22:37d +11
    ("Năm 2025", ["Năm 2025"]),  # tq22:34d qn131:7d qn131:9d qn131:10d +3
    ("Tháng 12/2022", ["Tháng 12/2022"]),  # tq22:43d
    ("Tháng 7/2022", ["Tháng 7/2022"]),  # tq22:47d
    ("Hằng tháng", ["Hằng tháng"]),  # tq22:48d
    ("Kiểm tra và báo cáo kết quả kiểm tra công\ntác CCHC Quý IV/2022", ["Kiểm tra và báo cáo kết quả kiểm tra công tác CCHC Quý IV/2022"]),  # tq22:49d
    ("Ngày 25 của tháng cuối kỳ báo cáo", ["Ngày 25 của tháng cuối kỳ báo cáo"]),  # tq22:50d
    ("25/12/2022", ["25/12/2022"]),  # tq22:51d
    ("Năm 2021 và 2022", ["Năm 2021 và 2022"]),  # qn131:5d
    ("Năm 2023", ["Năm 2023"]),  # qn131:6d
    ("2025-2030", ["2025-2030"]),  # qn131:16d qn131:17d qn131:18d qn131:19d +4
]

AGENCY_EDGE_CASES: list[tuple[str, list[str]]] = [
    ("", []),
    ("Ban Tổ chức Tỉnh ủy Sở Nội vụ", ["Ban Tổ chức Tỉnh ủy", "Sở Nội vụ"]),  # a lost line break
    ("Sở Tư pháp chủ trì, Sở Nội vụ", ["Sở Tư pháp chủ trì", "Sở Nội vụ"]),
    ("  \n\u00a0 ", []),
    ("Văn phòng UBND tỉnh và các Sở: Tư pháp, Tài chính", ["Văn phòng UBND tỉnh và các Sở: Tư pháp, Tài chính"]),
    ("Ban Tổ chức Tỉnh ủy\nSở Nội vụ", ["Ban Tổ chức Tỉnh ủy", "Sở Nội vụ"]),
    ("Sở Nội vụ\r\nSở Tư pháp\r\nSở Tài chính", ["Sở Nội vụ", "Sở Tư pháp", "Sở Tài chính"]),
    ("Sở Thông tin và\nTruyền thông", ["Sở Thông tin và Truyền thông"]),  # dangling 'và': a wrapped line
    ("Văn phòng\nUBND tỉnh", ["Văn phòng UBND tỉnh"]),  # a bare head noun: a wrapped line
    ("Ban Tổ chức\nTỉnh ủy; Sở Nội vụ", ["Ban Tổ chức Tỉnh ủy", "Sở Nội vụ"]),
    ("Sở Nội vụ, Ủy ban nhân\ndân tỉnh", ["Sở Nội vụ", "Ủy ban nhân dân tỉnh"]),
    ("Văn phòng Đăng ký đất đai, Sở Tài nguyên và Môi trường", ["Văn phòng Đăng ký đất đai, Sở Tài nguyên và Môi trường"]),
    ("Các sở, ban, ngành, UBND cấp huyện", ["Các sở, ban, ngành", "UBND cấp huyện"]),
    ("UBND cấp huyện, cấp xã", ["UBND cấp huyện, cấp xã"]),  # levels of one body
    ("UBND cấp huyện, UBND cấp xã", ["UBND cấp huyện", "UBND cấp xã"]),  # two bodies
    ("UBND cấp huyện; UBND cấp xã", ["UBND cấp huyện", "UBND cấp xã"]),
    ("Văn phòng UBND tỉnh, Sở Tư pháp", ["Văn phòng UBND tỉnh", "Sở Tư pháp"]),  # not a unit + parent
    ("Trung tâm Phục vụ hành chính công tỉnh, Sở Nội vụ", ["Trung tâm Phục vụ hành chính công tỉnh", "Sở Nội vụ"]),
    ("Phòng Tư pháp, UBND cấp huyện", ["Phòng Tư pháp", "UBND cấp huyện"]),  # parent must be one body
    ("các Ban Quản lý KKT (Quảng Ninh; Vân Đồn)", ["các Ban Quản lý KKT (Quảng Ninh; Vân Đồn)"]),
    ("Các Sở, Ban, ngành, UBND các huyện, TP", ["Các Sở, Ban, ngành", "UBND các huyện, TP"]),
    ("- Sở Nội vụ\n- Sở Tư pháp;", ["Sở Nội vụ", "Sở Tư pháp"]),
    ("Sở Nội vụ;;", ["Sở Nội vụ"]),
]

PRODUCT_EDGE_CASES: list[tuple[str, list[str]]] = [
    ("", []),
    ("\u00a0", []),
    ("- Kế hoạch kiểm tra - Báo cáo kết quả kiểm tra", ["Kế hoạch kiểm tra", "Báo cáo kết quả kiểm tra"]),
    ("Cuốn sách, các văn bản liên quan về cải cách hành chính", ["Cuốn sách, các văn bản liên quan về cải cách hành chính"]),
    ("Văn bản; tài liệu; tin, bài", ["Văn bản", "tài liệu", "tin, bài"]),
    ("Báo cáo;", ["Báo cáo"]),
    ("Báo cáo.", ["Báo cáo."]),
    ("-\nDuy trì kết nối", ["Duy trì kết nối"]),  # a bullet alone on its line
    ("Báo cáo phát triển kinh tế - xã hội", ["Báo cáo phát triển kinh tế - xã hội"]),  # not bulleted
    ("- Quy hoạch giai đoạn 2021 - 2025", ["Quy hoạch giai đoạn 2021 - 2025"]),  # dash before a digit
    ("+ Kế hoạch\n+ Báo cáo", ["Kế hoạch", "Báo cáo"]),
    ("Kế hoạch\nBáo cáo", ["Kế hoạch Báo cáo"]),  # no bullet or ';': a wrapped line
]

DEADLINE_EDGE_CASES: list[tuple[str, list[str]]] = [
    ("", []),
    (" \n\u00a0", []),
    ("Ban hành Kế hoạch trong tháng 01/2022\nBáo cáo trước ngày 10/12/2022", ["Ban hành Kế hoạch trong tháng 01/2022", "Báo cáo trước ngày 10/12/2022"]),
    ("Tháng 04/2022 Tháng 9/2022", ["Tháng 04/2022", "Tháng 9/2022"]),
    ("Quý I/2022 Quý III/2022", ["Quý I/2022", "Quý III/2022"]),
    ("Tháng 3/2022; Tháng 9/2022", ["Tháng 3/2022", "Tháng 9/2022"]),
    ("Năm 2021 và 2022", ["Năm 2021 và 2022"]),
    ("Năm 2021 - 2022", ["Năm 2021 - 2022"]),
    ("- Năm 2021 - 2022\n- Thường xuyên", ["Năm 2021 - 2022", "Thường xuyên"]),
    ("Thường xuyên, khi nhận được yêu cầu", ["Thường xuyên, khi nhận được yêu cầu"]),
    ("Sau 15 ngày kể từ ngày nhận đủ hồ sơ hợp\nlệ gửi thẩm định", ["Sau 15 ngày kể từ ngày nhận đủ hồ sơ hợp lệ gửi thẩm định"]),
    ("Chủ tịch UBND tỉnh ban hành trước ngày\n31/01/2022", ["Chủ tịch UBND tỉnh ban hành trước ngày 31/01/2022"]),
    ("Theo quy định; Tháng 3/2022", ["Theo quy định; Tháng 3/2022"]),  # one side is no deadline
    ("Tháng 3/2022;", ["Tháng 3/2022"]),
]


@pytest.mark.parametrize(("raw", "expected"), GOLD_AGENCY_CELLS + AGENCY_EDGE_CASES)
def test_split_agencies(raw: str, expected: list[str]) -> None:
    assert split_agencies(raw) == expected


@pytest.mark.parametrize(("raw", "expected"), GOLD_PRODUCT_CELLS + PRODUCT_EDGE_CASES)
def test_split_products(raw: str, expected: list[str]) -> None:
    assert split_products(raw) == expected


@pytest.mark.parametrize(("raw", "expected"), GOLD_DEADLINE_CELLS + DEADLINE_EDGE_CASES)
def test_split_deadlines(raw: str, expected: list[str]) -> None:
    assert split_deadlines(raw) == expected


def test_gold_tables_hold_every_multi_valued_cell() -> None:
    multi = [exp for _, exp in GOLD_AGENCY_CELLS + GOLD_PRODUCT_CELLS + GOLD_DEADLINE_CELLS if len(exp) > 1]
    assert len(multi) == 64  # 46 agency, 12 product, 6 deadline distinct multi-valued gold cells


def _content(text: str) -> str:
    """Letters, digits and marks in order: what a splitter must never drop or reorder."""
    return "".join(re.findall(r"[\p{L}\p{N}\p{M}]", unicodedata.normalize("NFC", text)))


_CELL_TOKENS = st.sampled_from(
    ["Sở Nội vụ", "Các sở, ban, ngành", "UBND cấp huyện", "cấp xã", "các cơ", "quan", "Tháng 3/2022",
     "Năm 2022", "Quý IV/2022", "Thường xuyên", "khi", "(Quảng Ninh, Vân Đồn)", "Trung tâm Thông tin",
     "Văn phòng UBND tỉnh", "Sở: Tư pháp", "- ", " - ", "-", "+ ", ";", ",", ":", "\n", "\n- ", " ", "\u00a0",
     "(", ")", "TP", "Ban", "và", "2021", "–", ".", "\r\n"]
)
_CELLS = st.one_of(st.text(max_size=60), st.lists(_CELL_TOKENS, max_size=14).map("".join))
_SPLITTERS = pytest.mark.parametrize("split", [split_agencies, split_products, split_deadlines])


@_SPLITTERS
@given(text=_CELLS)
def test_splitting_never_loses_content(split: Callable[[str], list[str]], text: str) -> None:
    parts = split(text)
    assert _content("".join(parts)) == _content(text)
    assert all(part == part.strip() and part and "\n" not in part for part in parts)
