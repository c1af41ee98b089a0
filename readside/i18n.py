"""Words and number forms of the app and the report: Vietnamese first, English second.

Numbers are written the Vietnamese way (1.234,5), dates dd/mm/yyyy and months `tháng 10/2026`;
`t(key, lang)` gives a label in either language. Text is NFC, as everything the project stores.
"""

from __future__ import annotations

import datetime as dt
import math
import unicodedata
from zoneinfo import ZoneInfo

import pandas as pd

from core.methodology import indicators

LANGUAGES = {"vi": "Tiếng Việt", "en": "English"}
VIETNAM = "Asia/Ho_Chi_Minh"

# The indicators' ids, read from dbt_project/methodology.yml; their words are below, keyed by id.
INDICATORS = indicators()

PEER_GROUPS = ("ministry", "sector", "province")
# The peer groups in download names, which are Vietnamese words without their marks.
PEER_GROUP_FILE_WORDS = {"ministry": "bo-nganh", "sector": "tap-doan", "province": "tinh-thanh"}

STRINGS: dict[str, tuple[str, str]] = {
    # navigation
    "app_title": ("ATTT Scorecard: đánh giá, xếp hạng an toàn thông tin", "ATTT Scorecard"),
    "page_overview": ("Tổng quan", "Overview"),
    "page_rankings": ("Xếp hạng", "Rankings"),
    "page_unit": ("Đơn vị", "Unit"),
    "page_quality": ("Chất lượng dữ liệu", "Data quality"),
    "page_methodology": ("Phương pháp", "Methodology"),
    "page_reports": ("Báo cáo", "Reports"),
    "page_login": ("Đăng nhập", "Log in"),
    "month": ("Tháng", "Month"),
    "language": ("Ngôn ngữ / Language", "Ngôn ngữ / Language"),
    "logout": ("Đăng xuất", "Log out"),
    "signed_in_as": ("Đăng nhập với tên", "Signed in as"),
    "role_admin": ("quản trị", "admin"),
    "role_analyst": ("chuyên viên phân tích", "analyst"),
    "role_unit": ("đơn vị", "unit"),
    # login
    "username": ("Tên đăng nhập", "Tên đăng nhập"),
    "password": ("Mật khẩu", "Mật khẩu"),
    "login_button": ("Đăng nhập", "Đăng nhập"),
    "login_failed": (
        "Không đăng nhập được: tên đăng nhập hoặc mật khẩu không đúng, hoặc tài khoản không thể "
        "đăng nhập lúc này. Sau nhiều lần sai, hãy chờ vài phút rồi thử lại.",
        "Login failed: wrong user name or password, or the account cannot log in now. After "
        "several failures, wait a few minutes before trying again.",
    ),
    "session_ended": (
        "Phiên làm việc đã kết thúc vì tài khoản vừa được thay đổi. Vui lòng đăng nhập lại.",
        "Your session ended because the account was changed. Please log in again.",
    ),
    "session_expired": (
        "Phiên làm việc đã hết hạn sau 30 phút không hoạt động. Vui lòng đăng nhập lại.",
        "Your session expired after 30 idle minutes. Please log in again.",
    ),
    "no_serving": (
        "Chưa có dữ liệu được công bố. Hãy chạy `attt run` (hoặc `make demo`).",
        "Nothing has been published yet. Run `attt run` (or `make demo`).",
    ),
    "unit_unknown": (
        "Đơn vị của tài khoản không có trong dữ liệu đã công bố.",
        "This account's unit is not in the published data.",
    ),
    # peer groups, indicators, columns
    # the peer groups: the names that say what each holds (readside.vocabulary.PEER_GROUPS)
    "ministry": (
        "Bộ, cơ quan ngang bộ, cơ quan thuộc Chính phủ",
        "Ministries, ministerial and government agencies",
    ),
    "sector": ("Tập đoàn, tổng công ty, ngân hàng", "State groups, corporations and banks"),
    "province": ("Tỉnh, thành phố trực thuộc trung ương", "Provinces and centrally-run cities"),
    "approval_coverage": ("Phê duyệt cấp độ", "Level approval"),
    "plan_implementation": ("Triển khai phương án", "Plan implementation"),
    "requirement_compliance": ("Tuân thủ yêu cầu", "Requirement compliance"),
    "four_layer": ("Bảo vệ 4 lớp", "Four-layer protection"),
    "botnet_hygiene": ("Sạch mã độc botnet", "Botnet hygiene"),
    "warning_remediation": ("Xử lý cảnh báo", "Warning remediation"),
    # what each indicator measures, for the methodology page
    "about_approval_coverage": (
        "tỷ lệ hệ thống đang vận hành có hồ sơ cấp độ được phê duyệt.",
        "the share of operating systems whose level dossier is approved.",
    ),
    "about_plan_implementation": (
        "tỷ lệ hệ thống đã phê duyệt có phương án bảo đảm ATTT được triển khai.",
        "the share of approved systems whose security plan is implemented.",
    ),
    "about_requirement_compliance": (
        "tỷ lệ yêu cầu theo cấp độ (Thông tư 12/2022) được đánh giá là đáp ứng.",
        "the share of the level's requirements (Circular 12/2022) assessed as met.",
    ),
    "about_four_layer": (
        "số lớp trong mô hình 4 lớp mà hệ thống có (tại chỗ, giám sát chuyên nghiệp, kiểm tra "
        "độc lập định kỳ, kết nối Trung tâm giám sát quốc gia).",
        "the layers of the 4-layer model a system holds (on-site team, professional "
        "monitoring, independent periodic checks, connection to the national centre).",
    ),
    "about_botnet_hygiene": (
        "100 khi không có địa chỉ IP nhiễm, về 0 khi tỷ lệ nhiễm trên dải được cấp đạt "
        "{threshold}%.",
        "100 with no infected address, down to 0 when the infected share of the allocated "
        "addresses reaches {threshold}%.",
    ),
    "about_warning_remediation": (
        "tỷ lệ cảnh báo lỗ hổng đến hạn được xử lý đúng hạn.",
        "the share of vulnerability warnings due that were remediated on time.",
    ),
    "about_web_security": (
        "điểm trung bình của 4 kiểm tra HTTPS/HSTS/chứng thư trên tên miền.",
        "the mean of 4 HTTPS/HSTS/certificate checks over the unit's domains.",
    ),
    "web_security": ("An toàn website", "Web security"),
    "composite": ("Điểm tổng hợp", "Composite"),
    "coverage": ("Độ phủ dữ liệu", "Coverage"),
    "rank": ("Hạng", "Rank"),
    "grade": ("Xếp loại", "Grade"),
    "rank_change": ("Thay đổi hạng", "Rank change"),
    "rank_range": ("Khoảng hạng (P5–P95)", "Rank range (P5–P95)"),
    "unit": ("Đơn vị", "Unit"),
    "unit_code": ("Mã đơn vị", "Unit code"),
    "peer_median": ("Trung vị nhóm", "Peer median"),
    "value": ("Giá trị", "Value"),
    "indicator": ("Chỉ số", "Indicator"),
    "not_ranked": ("Chưa xếp hạng", "Not ranked"),
    "reason": ("Lý do", "Reason"),
    "not_ranked_reason": (
        "Độ phủ dữ liệu {coverage} dưới ngưỡng {threshold}; thiếu: {missing}",
        "Coverage {coverage} below {threshold}; missing: {missing}",
    ),
    "download_csv": ("Tải CSV", "Download CSV"),
    "choose_grades": ("Chọn xếp loại", "Choose grades"),
    "profile": ("Hồ sơ", "Profile"),
    "click_to_open": (
        "Bấm vào một dòng để mở trang của đơn vị đó.",
        "Click a row to open that unit's page.",
    ),
    "search_none": (
        "Không có đơn vị nào khớp “{query}” trong nhóm này.",
        "No unit of this group matches “{query}”.",
    ),
    "own_row": ("Dòng tô vàng là đơn vị của bạn.", "The highlighted row is your unit."),
    "in_progress": ("(đang diễn ra)", "(in progress)"),
    "month_in_progress": (
        "{month} chưa kết thúc: số liệu mới tính đến {day} và còn thay đổi đến hết tháng; "
        "đây chưa phải kết quả của tháng.",
        "{month} is not over: the figures run to {day} and will change until the month ends; "
        "they are not the month's result.",
    ),
    "rank_of": ("hạng {rank}/{of}", "rank {rank} of {of}"),
    "kpi_table": ("Bảng chỉ tiêu toàn quốc theo tháng", "National figures by month"),
    "month_files": (
        "Các tệp phục vụ {month}: danh mục đang áp dụng, kết xuất hồ sơ có hiệu lực cuối tháng "
        "và các tệp dữ liệu giám sát của tháng (đến 7 ngày sau).",
        "The files that serve {month}: the reference lists in force, the exports in force at the "
        "month's end and the month's feed files (up to 7 days after).",
    ),
    "open": ("Xem", "Open"),
    "reports_word": ("báo cáo", "reports"),
    "back_to_own": ("Về trang đơn vị của tôi", "Back to my unit"),
    "download_xlsx": ("Tải Excel", "Download Excel"),
    "search_unit": ("Lọc theo tên hoặc mã đơn vị", "Filter by unit name or code"),
    "grade_filter": ("Xếp loại", "Grades"),
    "sort_by": ("Sắp xếp theo", "Sort by"),
    "no_data": ("Không có dữ liệu.", "No data."),
    # overview
    "kpi_operating": ("Hệ thống đang vận hành", "Operating systems"),
    "kpi_approved": ("Hệ thống được phê duyệt cấp độ", "Systems approved by level"),
    "kpi_approval_rate": ("Tỷ lệ được phê duyệt cấp độ", "Approved by level"),
    "kpi_plan_rate": ("Tỷ lệ triển khai phương án", "Plans implemented"),
    "kpi_infected_state": ("Địa chỉ nhiễm botnet (khối nhà nước)", "Infected addresses (state)"),
    "kpi_on_time": ("Cảnh báo xử lý đúng hạn", "Warnings fixed on time"),
    "kpi_domains_passing": ("Tên miền đạt kiểm tra", "Domains passing"),
    "trend": ("Xu hướng", "Trend"),
    "grade_distribution": ("Phân bố xếp loại theo nhóm", "Grades per peer group"),
    "province_map": ("Bản đồ xếp loại 34 tỉnh, thành phố", "Grades of the 34 provinces"),
    "vs_previous": ("so với tháng trước", "vs previous month"),
    # unit page
    "choose_unit": ("Chọn đơn vị", "Choose a unit"),
    "indicators_vs_peers": ("Chỉ số so với trung vị nhóm", "Indicators vs peer median"),
    "trend_12": ("Diễn biến 12 tháng", "Last 12 months"),
    "systems_word": ("hệ thống", "systems"),
    "measured_word": ("đo được", "measured"),
    "indicators_table": ("Giá trị từng chỉ số", "Each indicator's value"),
    "counts": ("Số liệu đằng sau chỉ số", "The counts behind the indicators"),
    "systems": ("Hệ thống thông tin", "Information systems"),
    "gaps": ("Yêu cầu chưa đáp ứng", "Compliance gaps"),
    "overdue_warnings": ("Cảnh báo quá hạn", "Overdue warnings"),
    "all_warnings": ("Tất cả cảnh báo", "All warnings"),
    "infected": ("Địa chỉ IP nhiễm mã độc", "Infected addresses"),
    "domains": ("Tên miền và kết quả kiểm tra", "Domains and their checks"),
    "out_of_scope": (
        "Tài khoản này không được xem đơn vị đó.",
        "This account may not view that unit.",
    ),
    "sub_unit": ("Đơn vị trực thuộc", "Sub-unit"),
    "all_sub_units": ("Tất cả", "All"),
    # quality page
    "publishable": ("Có thể công bố", "Publishable"),
    "not_publishable": ("Chưa thể công bố", "Not publishable"),
    "blocking_failures": ("Lỗi chặn công bố", "Blocking failures"),
    "warnings": ("Cảnh báo", "Warnings"),
    "stale_sources": ("Nguồn dữ liệu cũ", "Stale sources"),
    "ledger": ("Sổ nhận tệp", "Ledger of landing files"),
    "set_aside": ("Dòng bị tách riêng", "Rows set aside"),
    "set_aside_detail": ("Dòng bị tách riêng (chi tiết)", "Rows set aside (each row)"),
    "none_of_them": ("Không có.", "Nothing to show."),
    "set_aside_units": (
        "Chi tiết dòng bị tách riêng chỉ hiển thị cho quản trị và chuyên viên.",
        "Set-aside rows are shown to admins and analysts only.",
    ),
    "freshness": ("Độ mới dữ liệu", "Freshness"),
    "unit_freshness": ("Đơn vị đang được đo", "Units currently measured"),
    "checks": ("Kết quả kiểm tra", "Check results"),
    "data_docs": ("Tải Data Docs (GX)", "Download the Data Docs (GX)"),
    "data_docs_missing": ("Chưa có Data Docs.", "No Data Docs yet."),
    "audit_log": ("Nhật ký truy cập", "Audit log"),
    # methodology page
    "whatif": ("Thử thay đổi trọng số", "What if the weights changed"),
    "whatif_help": (
        "Kéo các thanh trượt để tính lại điểm tổng hợp và hạng; bảng dưới liệt kê đơn vị đổi hạng.",
        "Move the sliders to recompute composites and ranks; the table lists units that move.",
    ),
    "weight": ("Trọng số", "Weight"),
    "reset_weights": ("Trọng số mặc định", "Default weights"),
    "new_composite": ("Điểm mới", "New composite"),
    "new_rank": ("Hạng mới", "New rank"),
    "moved": ("Thay đổi", "Moved"),
    "weights_all_zero": (
        "Mọi trọng số đều bằng 0: hãy đặt ít nhất một trọng số lớn hơn 0.",
        "Every weight is 0: set at least one weight above 0.",
    ),
    "units_moving": (
        "{month}: {count} đơn vị đổi hạng với các trọng số này",
        "{month}: {count} units change rank with these weights",
    ),
    "nobody_moves": ("Không đơn vị nào đổi hạng.", "No unit changes rank."),
    "methodology_version": ("Phiên bản phương pháp", "Methodology version"),
    # reports page
    "reports_none": (
        "Chưa có báo cáo tháng nào. Báo cáo được tạo bởi `attt report` hoặc lịch chạy ngày 5.",
        "No monthly report yet. Reports are made by `attt report` or the schedule on the 5th.",
    ),
    "draft": ("DỰ THẢO", "DRAFT"),
    "rank_p50": ("Hạng trung vị (P50)", "Median rank (P50)"),
    "no_value": ("không có số liệu", "no data"),
    # change explained (the unit page, the unit's card, the national report's movers)
    "changes_title": ("Thay đổi so với tháng trước", "Change from the month before"),
    "changes_none": (
        "Không có điểm tổng hợp của tháng trước hoặc tháng này để so sánh.",
        "No composite in this month or the month before to compare.",
    ),
    "changes_caption": (
        "Mỗi cột là phần đóng góp của một chỉ số vào thay đổi của điểm tổng hợp (điểm): "
        "trọng số × giá trị ÷ tổng trọng số các chỉ số có số liệu tháng này, trừ đi cùng đại "
        "lượng của tháng trước; chỉ số thiếu số liệu tính là 0. Tổng các cột đúng bằng thay "
        "đổi của điểm tổng hợp.",
        "Each bar is an indicator's contribution to the change of the composite, in points: "
        "weight × value ÷ the weights present this month, minus the same the month before; a "
        "missing indicator counts 0. The bars add up to the change of the composite.",
    ),
    "composite_before": ("Điểm {month}", "Composite {month}"),
    "changes_evidence": ("Bằng chứng thay đổi", "What changed"),
    "changes_of": ("{indicator}: {points} điểm", "{indicator}: {points} points"),
    "plan_title": ("Lộ trình lên hạng", "Path to the next grade"),
    "plan_summary": (
        "Để lên hạng {grade} (điểm làm tròn từ {floor}): {steps} việc, điểm tổng hợp từ "
        "{before} lên {after}; hạng trong nhóm {rank} (các đơn vị khác giữ nguyên).",
        "To reach grade {grade} (a rounded composite of {floor} or more): {steps} actions, "
        "the composite from {before} to {after}; rank {rank} in the peer group (the other units "
        "as they are).",
    ),
    "plan_step": (
        "{text}: {gain} điểm → {after} ({grade}), hạng {rank}",
        "{text}: {gain} points → {after} ({grade}), rank {rank}",
    ),
    "plan_none_top": ("Đơn vị đã ở hạng cao nhất.", "The unit is in the top grade."),
    "plan_none_unranked": (
        "Đơn vị chưa được xếp hạng trong tháng này.",
        "The unit is not ranked this month.",
    ),
    "plan_none": (
        "Không có lộ trình lên hạng từ các việc rút ra từ bằng chứng hiện có.",
        "No path to the next grade from the actions its evidence offers.",
    ),
    "plan_minimal": (
        "Số việc là ít nhất có thể (đã xét mọi tổ hợp hồ sơ cần phê duyệt).",
        "No fewer actions can do it (every combination of dossiers to approve was tried).",
    ),
    "plan_not_minimal": (
        "Số việc là ít nhất trong các tổ hợp hồ sơ đã xét (đơn vị có nhiều hồ sơ chưa phê "
        "duyệt: xem docs/methodology.md).",
        "The fewest among the combinations of dossiers tried (the unit has many unapproved "
        "dossiers: see docs/methodology.md).",
    ),
    "no_change_evidence": (
        "Không có thay đổi nào trong dữ liệu của chỉ số này.",
        "Nothing changed in this indicator's evidence.",
    ),
    "national_report": (
        "Báo cáo toàn quốc và phụ lục",
        "National report and its annex",
    ),
    "unit_card": ("Phiếu đánh giá", "Report card"),
    "unit_cards": ("Phiếu đánh giá từng đơn vị", "Each unit's report card"),
    "final": ("Chính thức", "Final"),
}


# Column headers of the tables the app shows (evidence, ledger, quality).
COLUMNS: dict[str, tuple[str, str]] = {
    "period": ("Tháng", "Month"),
    "system_id": ("Mã hệ thống", "System id"),
    "change": ("Thay đổi", "Change"),
    "finding": ("Nội dung", "What"),
    "item": ("Đối tượng", "Item"),
    "aspect": ("Hạng mục", "Aspect"),
    "previous_state": ("Tháng trước", "Month before"),
    "state": ("Tháng này", "This month"),
    "changed_on": ("Ngày thay đổi", "Changed on"),
    "contribution": ("Đóng góp (điểm)", "Contribution (points)"),
    "previous_value": ("Giá trị tháng trước", "Value, month before"),
    "system_name": ("Tên hệ thống", "System name"),
    "owner_code": ("Đơn vị chủ quản", "Owner"),
    "agency_code": ("Mã đơn vị", "Unit code"),
    "snapshot_date": ("Ngày kết xuất", "Export date"),
    "operation_status": ("Trạng thái vận hành", "Operation status"),
    "is_operating": ("Đang vận hành", "Operating"),
    "dossier_status": ("Trạng thái hồ sơ", "Dossier status"),
    "is_approved": ("Đã phê duyệt", "Approved"),
    "proposed_level": ("Cấp độ đề xuất", "Proposed level"),
    "approved_level": ("Cấp độ phê duyệt", "Approved level"),
    "submitted_on": ("Ngày nộp", "Submitted on"),
    "approved_on": ("Ngày phê duyệt", "Approved on"),
    "decision_no": ("Số quyết định", "Decision no."),
    "plan_implemented": ("Đã triển khai phương án", "Plan implemented"),
    "has_layer_onsite": ("Lớp 1: tại chỗ", "Layer 1: on-site"),
    "has_layer_monitoring": ("Lớp 2: giám sát", "Layer 2: monitoring"),
    "has_layer_independent_check": ("Lớp 3: kiểm tra độc lập", "Layer 3: independent check"),
    "ncsc_connected": ("Khai báo kết nối NCSC", "Declared NCSC link"),
    "has_recent_heartbeat": ("Có tín hiệu 7 ngày", "Heartbeat in 7 days"),
    "has_layer_ncsc": ("Lớp 4: kết nối quốc gia", "Layer 4: national centre"),
    "layers_held": ("Số lớp", "Layers"),
    "applicable_requirements": ("Yêu cầu áp dụng", "Applicable requirements"),
    "requirements_met": ("Đáp ứng", "Met"),
    "requirements_partial": ("Đáp ứng một phần", "Partly met"),
    "requirements_not_met": ("Không đáp ứng", "Not met"),
    "requirements_not_applicable": ("Không áp dụng", "Not applicable"),
    "requirements_without_result": ("Chưa đánh giá", "Not assessed"),
    "compliance": ("Mức tuân thủ", "Compliance"),
    "obligation": ("Nghĩa vụ", "Obligation"),
    "obligation_group": ("Nhóm nghĩa vụ", "Obligation group"),
    "title_vi": ("Nội dung", "Title (vi)"),
    "title_en": ("Nội dung (tiếng Anh)", "Title"),
    "requirement_code": ("Mã yêu cầu", "Requirement"),
    "warning_id": ("Mã cảnh báo", "Warning id"),
    "legal_ref": ("Căn cứ pháp lý", "Legal reference"),
    "detail": ("Chi tiết", "Detail"),
    "cve": ("CVE", "CVE"),
    "severity": ("Mức độ", "Severity"),
    "issued_at": ("Thời điểm cảnh báo", "Issued at"),
    "deadline": ("Hạn xử lý", "Deadline"),
    "remediated_at": ("Thời điểm xử lý", "Remediated at"),
    "status": ("Trạng thái", "Status"),
    "is_overdue": ("Quá hạn", "Overdue"),
    "ip": ("Địa chỉ IP", "Address"),
    "ip_version": ("IPv", "IP version"),
    "cidr": ("Dải được cấp", "Allocation"),
    "days_seen": ("Số ngày phát hiện", "Days seen"),
    "first_seen_on": ("Lần đầu", "First seen"),
    "last_seen_on": ("Lần cuối", "Last seen"),
    "domain": ("Tên miền", "Domain"),
    "scanned_at": ("Thời điểm quét", "Scanned at"),
    "is_measured": ("Đo được", "Measured"),
    "supports_https": ("Hỗ trợ HTTPS", "Supports HTTPS"),
    "enforces_https": ("Bắt buộc HTTPS", "Enforces HTTPS"),
    "uses_strong_hsts": ("HSTS mạnh", "Strong HSTS"),
    "has_sound_certificate": ("Chứng thư hợp lệ", "Sound certificate"),
    "path": ("Tệp", "File"),
    "source": ("Nguồn", "Source"),
    "is_current": ("Bản hiện hành", "Current"),
    "file_date": ("Ngày dữ liệu", "File date"),
    "rows_read": ("Dòng đọc", "Rows read"),
    "rows_loaded": ("Dòng nạp", "Rows loaded"),
    "rows_set_aside": ("Dòng tách riêng", "Rows set aside"),
    "reason": ("Lý do", "Reason"),
    "ingested_at": ("Thời điểm nhận", "Taken in at"),
    "superseded_by": ("Thay bởi", "Superseded by"),
    "content_hash": ("Mã băm nội dung", "Content hash"),
    "column_name": ("Cột", "Column"),
    "rule": ("Quy tắc", "Rule"),
    "first_reason": ("Lý do (dòng đầu)", "First reason"),
    "example_value": ("Giá trị ví dụ", "Example value"),
    "source_row": ("Dòng", "Row"),
    "value": ("Giá trị", "Value"),
    "record": ("Nội dung dòng", "Row cells"),
    "suite": ("Bộ kiểm tra", "Suite"),
    "check_name": ("Kiểm tra", "Check"),
    "success": ("Đạt", "Passed"),
    "batch": ("Phạm vi", "Batch"),
    "observed": ("Kết quả quan sát", "Observed"),
    "checked_at": ("Thời điểm kiểm tra", "Checked at"),
    "newest_file_date": ("Tệp mới nhất", "Newest file"),
    "age_days": ("Số ngày", "Age (days)"),
    "stale_after_days": ("Quá hạn sau (ngày)", "Stale after (days)"),
    "stale": ("Chậm cập nhật", "Stale"),
    "as_of": ("Tính đến", "As of"),
    "unit_code": ("Mã đơn vị", "Unit code"),
    "feed": ("Nguồn đo", "Feed"),
    "last_seen": ("Lần cuối có dữ liệu", "Last seen"),
    "currently_measured": ("Đang được đo", "Currently measured"),
    "judged_on": ("Xét đến ngày", "Judged on"),
    # the score rows
    "unit_name": ("Tên đơn vị", "Unit"),
    "unit_kind": ("Loại đơn vị", "Kind of unit"),
    "peer_group": ("Nhóm", "Peer group"),
    "composite": ("Điểm tổng hợp", "Composite"),
    "composite_rounded": ("Điểm làm tròn", "Composite (rounded)"),
    "coverage": ("Độ phủ dữ liệu", "Coverage"),
    "ranked": ("Được xếp hạng", "Ranked"),
    "rank": ("Hạng", "Rank"),
    "grade": ("Xếp loại", "Grade"),
    "rank_change": ("Thay đổi hạng", "Rank change"),
    "rank_p05": ("Hạng P5", "Rank P5"),
    "rank_p50": ("Hạng P50", "Rank P50"),
    "rank_p95": ("Hạng P95", "Rank P95"),
    "methodology_version": ("Phiên bản phương pháp", "Methodology version"),
    "systems": ("Số hệ thống vận hành", "Operating systems"),
    "approved_systems": ("Số hệ thống được phê duyệt", "Approved systems"),
    "plan_implemented_systems": ("Số hệ thống triển khai phương án", "Plan implemented"),
    "assessed_systems": ("Số hệ thống được đánh giá", "Assessed systems"),
    "assessed_requirements": ("Số yêu cầu đáp ứng", "Requirements met"),
    "due_warnings": ("Số cảnh báo đến hạn", "Warnings due"),
    "on_time_warnings": ("Số cảnh báo xử lý đúng hạn", "Remediated on time"),
    "botnet_reports": ("Số báo cáo botnet", "Botnet reports"),
    "infected_addresses": ("Số địa chỉ nhiễm", "Infected addresses"),
    "allocated_addresses": ("Số địa chỉ được cấp", "Allocated addresses"),
    "domains": ("Số tên miền", "Domains"),
    "measured_domains": ("Số tên miền đo được", "Measured domains"),
    "top_level_code": ("Mã đơn vị cấp cao nhất", "Top-level unit"),
    "username": ("Tài khoản", "User"),
    # the national figures
    "operating_systems": ("Hệ thống đang vận hành", "Operating systems"),
    **{
        f"operating_level_{n}": (f"Vận hành cấp độ {n}", f"Operating, level {n}")
        for n in range(1, 6)
    },
    **{
        f"approved_level_{n}": (f"Được phê duyệt cấp độ {n}", f"Approved, level {n}")
        for n in range(1, 6)
    },
    "dossier_draft": ("Hồ sơ nháp", "Dossiers in draft"),
    "dossier_submitted": ("Hồ sơ đã nộp", "Dossiers submitted"),
    "dossier_appraising": ("Hồ sơ đang thẩm định", "Dossiers being appraised"),
    "dossier_approved": ("Hồ sơ đã phê duyệt", "Dossiers approved"),
    "dossier_returned": ("Hồ sơ trả lại", "Dossiers returned"),
    "dossier_rejected": ("Hồ sơ bị từ chối", "Dossiers rejected"),
    "approval_rate": ("Tỷ lệ phê duyệt", "Approval rate"),
    "plan_rate": ("Tỷ lệ triển khai phương án", "Plan rate"),
    "infected_ipv4_national": ("IPv4 nhiễm (toàn quốc)", "Infected IPv4 (national)"),
    "infected_ipv6_national": ("IPv6 nhiễm (toàn quốc)", "Infected IPv6 (national)"),
    "infected_ipv4_state_blocks": ("IPv4 nhiễm (khối nhà nước)", "Infected IPv4 (state blocks)"),
    "infected_ipv6_state_blocks": ("IPv6 nhiễm (khối nhà nước)", "Infected IPv6 (state blocks)"),
    "passing_domains": ("Tên miền đạt", "Domains passing"),
    "event": ("Sự kiện", "Event"),
    "at": ("Thời điểm", "At"),
}


# The contract's enumerated values, as the app shows them.
VALUES: dict[str, dict[str, str]] = {
    "operation_status": {
        "operating": "đang vận hành",
        "building": "đang xây dựng",
        "retired": "đã dừng",
    },
    "dossier_status": {
        "draft": "nháp",
        "submitted": "đã nộp",
        "appraising": "đang thẩm định",
        "approved": "đã phê duyệt",
        "returned": "trả lại",
        "rejected": "bị từ chối",
    },
    "obligation_group": {
        "requirement": "yêu cầu an toàn",
        "dossier": "hồ sơ cấp độ",
        "four_layer": "bảo vệ 4 lớp",
        "warning": "cảnh báo",
    },
    "status": {"open": "đang mở", "remediated": "đã xử lý", "withdrawn": "đã thu hồi"},
    "severity": {"critical": "nghiêm trọng", "high": "cao", "medium": "trung bình", "low": "thấp"},
}


def value_label(name: str, value, lang: str = "vi"):
    """An enumerated value in Vietnamese (English keeps the contract's word, in words)."""
    if not isinstance(value, str):
        return value
    if lang == "en":
        return value.replace("_", " ")
    return VALUES.get(name, {}).get(value, value)


def column(name: str, lang: str = "vi") -> str:
    """A column's header: its own words, or the label of the indicator or measure it holds."""
    vi, en = COLUMNS.get(name) or STRINGS.get(name) or (name, name)
    return en if lang == "en" else vi


def t(key: str, lang: str = "vi", **values) -> str:
    vi, en = STRINGS[key]
    text = en if lang == "en" else vi
    return text.format(**values) if values else text


def nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def folded(text: str) -> str:
    """Text as a Vietnamese search matches it: without diacritics (đ as d) and case, so that
    "ha noi" finds "Hà Nội"."""
    stripped = "".join(
        c for c in unicodedata.normalize("NFD", str(text)) if not unicodedata.combining(c)
    )
    return stripped.replace("đ", "d").replace("Đ", "D").casefold()


def _is_missing(value) -> bool:
    """None, NaN, pandas' NA and NaT."""
    if value is None or value is pd.NA or value is pd.NaT:
        return True
    return isinstance(value, float) and math.isnan(value)


def number(value, decimals: int = 0, lang: str = "vi") -> str:
    """1234.5 -> '1.234,5' (vi) or '1,234.5' (en); missing -> '–'."""
    if _is_missing(value):
        return "–"
    text = f"{float(value):,.{decimals}f}"
    if lang == "vi":
        text = text.replace(",", "\0").replace(".", ",").replace("\0", ".")
    return text


def percent(share, decimals: int = 1, lang: str = "vi") -> str:
    return "–" if _is_missing(share) else number(100 * float(share), decimals, lang) + "%"


def points(share_change, lang: str = "vi", decimals: int = 1) -> str:
    """A change of a rate in percentage points: 0.017 -> '1,7 điểm %' ('1.7 pp')."""
    if _is_missing(share_change):
        return "–"
    unit = "pp" if lang == "en" else "điểm %"
    return f"{number(100 * float(share_change), decimals, lang)} {unit}"


def signed(value, lang: str = "vi") -> str:
    """A rank change: ▲2, ▼1, 0, or – when there is none."""
    if _is_missing(value):
        return "–"
    value = int(value)
    return f"▲{value}" if value > 0 else f"▼{-value}" if value < 0 else "0"


def date(value, lang: str = "vi") -> str:
    if _is_missing(value):
        return "–"
    if hasattr(value, "to_pydatetime"):
        value = value.to_pydatetime()
    if isinstance(value, dt.datetime):
        if value.tzinfo is not None:
            value = value.astimezone(ZoneInfo(VIETNAM))
        return value.strftime("%d/%m/%Y %H:%M")
    return value.strftime("%d/%m/%Y")


def month(period: str, lang: str = "vi") -> str:
    """'2026-10' -> 'tháng 10/2026' (vi) or 'October 2026' (en)."""
    year, mon = period.split("-")
    if lang == "en":
        return dt.date(int(year), int(mon), 1).strftime("%B %Y")
    return f"tháng {int(mon)}/{year}"


class SaidError(Exception):
    """An error a reader is told about, said in both languages: `str()` is the English (for
    logs and tracebacks), `words(lang)` the reader's language."""

    def __init__(self, vi: str, en: str) -> None:
        super().__init__(en)
        self.vi, self.en = vi, en

    def words(self, lang: str = "vi") -> str:
        return self.en if lang == "en" else self.vi
