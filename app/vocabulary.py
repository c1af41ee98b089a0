"""The words for the codes the warehouse stores, as readers see them: Vietnamese first, English
second. Peer groups, kinds of unit, sources, ledger statuses, set-aside rules, quality checks
and their severities, booleans. The app and the report both read them from here, so a code
never reaches a reader as it is (`word(kind, code, lang)`)."""

from __future__ import annotations

PEER_GROUPS = {
    "ministry": ("Bộ, cơ quan ngang bộ, cơ quan thuộc Chính phủ",
                 "Ministries, ministerial and government agencies"),
    "sector": ("Tập đoàn, tổng công ty, ngân hàng", "State groups, corporations and banks"),
    "province": ("Tỉnh, thành phố trực thuộc trung ương", "Provinces and centrally-run cities"),
}  # fmt: skip

UNIT_KINDS = {
    "ministry": ("bộ", "ministry"),
    "ministerial_agency": ("cơ quan ngang bộ", "ministerial agency"),
    "government_agency": ("cơ quan thuộc Chính phủ", "government agency"),
    "province": ("tỉnh, thành phố", "province"),
    "sector": ("tập đoàn, tổng công ty, ngân hàng", "sector"),
    "unit": ("đơn vị trực thuộc", "sub-unit"),
}

SOURCES = {
    "agencies": ("Danh mục đơn vị", "Units"),
    "requirements": ("Danh mục yêu cầu", "Requirement catalogue"),
    "ip_allocations": ("Dải địa chỉ IP được cấp", "Address allocations"),
    "domains": ("Danh mục tên miền", "Domains"),
    "systems": ("Hồ sơ hệ thống thông tin", "Systems export"),
    "assessments": ("Kết quả đánh giá yêu cầu", "Requirement assessments"),
    "botnet": ("Địa chỉ nhiễm botnet (sinkhole)", "Botnet sinkhole reports"),
    "webscan": ("Quét an toàn website (pshtt)", "Web scans (pshtt)"),
    "warnings": ("Cảnh báo lỗ hổng", "Vulnerability warnings"),
    "heartbeats": ("Tín hiệu kết nối giám sát", "Monitoring heartbeats"),
}

FILE_STATUSES = {
    "loaded": ("đã nạp", "loaded"),
    "rejected": ("bị từ chối", "rejected"),
    "superseded": ("đã được thay thế", "superseded"),
}

RULES = {
    "file": ("cả tệp bị từ chối", "whole file rejected"),
    "required": ("thiếu giá trị bắt buộc", "required value missing"),
    "enum": ("giá trị không được phép", "value not allowed"),
    "integer": ("không phải số nguyên", "not a whole number"),
    "range": ("ngoài khoảng cho phép", "out of range"),
    "date": ("không phải ngày", "not a date"),
    "timestamp": ("không phải thời điểm", "not a timestamp"),
    "boolean": ("không phải đúng/sai", "not a boolean"),
    "pattern": ("sai định dạng", "wrong form"),
    "unknown_reference": ("mã không có trong danh mục", "unknown code"),
    "duplicate_key": ("khoá bị lặp trong tệp", "key repeated in the file"),
    "cycle": ("chuỗi cấp trên quay vòng", "parent loop"),
    "parent_not_allowed": ("đơn vị cấp cao nhất có cấp trên", "top-level unit with a parent"),
    "province_code": ("mã tỉnh không hợp lệ", "invalid province code"),
    "province_code_not_allowed": ("mã tỉnh ở đơn vị không phải tỉnh",
                                  "province code on another kind"),
    "required_when_approved": ("thiếu thông tin của hồ sơ đã phê duyệt",
                               "missing on an approved dossier"),
    "after_export_date": ("sau ngày kết xuất", "after the export date"),
    "ip_address": ("không phải địa chỉ IP", "not an IP address"),
    "event_window": ("ngoài khoảng thời gian của báo cáo", "outside the report's window"),
    "cidr": ("dải mạng không hợp lệ", "invalid network"),
    "conflict": ("dải mạng cấp trùng cho hai đơn vị", "network allocated twice"),
    "required_when_issued": ("thiếu thông tin của cảnh báo", "missing on an issued warning"),
    "row_shape": ("dòng sai số ô", "row of the wrong shape"),
    "cell_too_long": ("ô dài quá 1 MiB", "cell over 1 MiB"),
    "json": ("dòng không phải JSON", "line not JSON"),
    "formula": ("công thức Excel không có giá trị", "Excel formula without a value"),
}  # fmt: skip

SEVERITIES = {
    "blocking": ("chặn công bố", "blocking"),
    "warning": ("cảnh báo", "warning"),
}

BOOLEANS = {True: ("Có", "Yes"), False: ("Không", "No")}

KINDS = {
    "peer_group": PEER_GROUPS,
    "unit_kind": UNIT_KINDS,
    "source": SOURCES,
    "status": FILE_STATUSES,
    "rule": RULES,
    "severity": SEVERITIES,
}


def word(kind: str, code, lang: str = "vi"):
    """The reader's word for a stored code (the code itself when there is none)."""
    if isinstance(code, bool):
        vi, en = BOOLEANS[code]
        return en if lang == "en" else vi
    pair = KINDS.get(kind, {}).get(code)
    if pair is None:
        return code
    return pair[1] if lang == "en" else pair[0]
