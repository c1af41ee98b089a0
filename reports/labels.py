"""Vietnamese headers of the report's tables and of the XLSX annex's columns."""

from readside.i18n import INDICATORS, t
from readside.vocabulary import CHECKS, PEER_GROUPS, SOURCES

SCORE_HEADERS = {
    "period": "Tháng",
    "unit_code": "Mã đơn vị",
    "unit_name": "Tên đơn vị",
    "peer_group": "Nhóm",
    **{name: t(name) for name in INDICATORS},  # the indicators' words, in one place
    "composite": "Điểm tổng hợp",
    "coverage": "Độ phủ dữ liệu",
    "ranked": "Được xếp hạng",
    "rank": "Hạng",
    "grade": "Xếp loại",
    "rank_change": "Thay đổi hạng",
    "rank_p05": "Hạng P5",
    "rank_p50": "Hạng P50",
    "rank_p95": "Hạng P95",
    "composite_rounded": "Điểm làm tròn",
    "unit_kind": "Loại đơn vị",
    "systems": "Số hệ thống vận hành",
    "approved_systems": "Số hệ thống được phê duyệt",
    "plan_implemented_systems": "Số hệ thống triển khai phương án",
    "layers_held": "Số lớp bảo vệ có",
    "assessed_systems": "Số hệ thống được đánh giá",
    "applicable_requirements": "Số yêu cầu áp dụng",
    "assessed_requirements": "Số yêu cầu đáp ứng",
    "due_warnings": "Số cảnh báo đến hạn",
    "on_time_warnings": "Số cảnh báo xử lý đúng hạn",
    "botnet_reports": "Số báo cáo botnet",
    "infected_addresses": "Số địa chỉ nhiễm",
    "allocated_addresses": "Số địa chỉ được cấp",
    "domains": "Số tên miền",
    "measured_domains": "Số tên miền đo được",
    "methodology_version": "Phiên bản phương pháp",
}

GAP_HEADERS = {
    "period": "Tháng",
    "top_level_code": "Mã đơn vị cấp trên",
    "agency_code": "Mã đơn vị",
    "system_id": "Mã hệ thống",
    "obligation": "Nghĩa vụ",
    "obligation_group": "Nhóm nghĩa vụ",
    "title_vi": "Nội dung",
    "title_en": "Nội dung (tiếng Anh)",
    "requirement_code": "Mã yêu cầu",
    "warning_id": "Mã cảnh báo",
    "legal_ref": "Căn cứ pháp lý",
    "detail": "Chi tiết",
}

KPI_HEADERS = {
    "period": "Tháng",
    "operating_systems": "Hệ thống đang vận hành",
    **{f"operating_level_{n}": f"Vận hành cấp độ {n}" for n in range(1, 6)},
    **{f"approved_level_{n}": f"Được phê duyệt cấp độ {n}" for n in range(1, 6)},
    "dossier_draft": "Hồ sơ nháp",
    "dossier_submitted": "Hồ sơ đã nộp",
    "dossier_appraising": "Hồ sơ đang thẩm định",
    "dossier_approved": "Hồ sơ đã phê duyệt",
    "dossier_returned": "Hồ sơ trả lại",
    "dossier_rejected": "Hồ sơ bị từ chối",
    "approved_systems": "Hệ thống được phê duyệt",
    "approval_rate": "Tỷ lệ phê duyệt",
    "plan_implemented_systems": "Hệ thống triển khai phương án",
    "plan_rate": "Tỷ lệ triển khai phương án",
    "infected_ipv4_national": "IPv4 nhiễm (toàn quốc)",
    "infected_ipv6_national": "IPv6 nhiễm (toàn quốc)",
    "infected_ipv4_state_blocks": "IPv4 nhiễm (khối nhà nước)",
    "infected_ipv6_state_blocks": "IPv6 nhiễm (khối nhà nước)",
    "due_warnings": "Cảnh báo đến hạn",
    "on_time_warnings": "Cảnh báo xử lý đúng hạn",
    "measured_domains": "Tên miền đo được",
    "passing_domains": "Tên miền đạt",
    "methodology_version": "Phiên bản phương pháp",
}

PEER_GROUP_NAMES = {code: words[0] for code, words in PEER_GROUPS.items()}

SOURCE_NAMES = {code: words[0] for code, words in SOURCES.items()}


# The data-quality checks in words, for the report's caveats.
CHECK_NAMES = {check: words[0] for check, words in CHECKS.items()}
