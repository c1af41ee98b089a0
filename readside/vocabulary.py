"""The words for the codes the warehouse stores, as readers see them: Vietnamese first, English
second. Peer groups, kinds of unit, sources, ledger statuses, set-aside rules, quality checks
and their severities, booleans. The app and the report both read them from here, so a code
never reaches a reader as it is (`word(kind, code, lang)`)."""

from __future__ import annotations

import json

from readside.i18n import VALUES, month, number, value_label

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

# The data-quality checks of quality/suites.py (suite.check), in words.
CHECKS = {
    "systems.snapshot_keeps_previous_systems": (
        "Kết xuất hồ sơ hệ thống mất quá 20% số hệ thống của kỳ trước",
        "A systems export lost more than 20% of the previous one's systems"),
    "systems.no_unit_loses_every_system": (
        "Có đơn vị mất toàn bộ hệ thống trong kết xuất",
        "A unit lost every system from one export to the next"),
    "assessments.assessments_cover_half_the_approved_systems": (
        "Kết quả đánh giá chưa phủ một nửa số hệ thống đã phê duyệt",
        "Assessments cover fewer than half the approved systems"),
    "webscan.scan_lists_most_registered_domains": (
        "Lượt quét website liệt kê dưới 80% tên miền đã đăng ký",
        "A web scan lists fewer than 80% of the registered domains"),
    "botnet.report_volume_is_usual": (
        "Số lượng báo cáo botnet bất thường", "A botnet report of unusual size"),
    "warnings.warnings_name_known_systems": (
        "Cảnh báo nêu hệ thống không có trong hồ sơ", "Warnings name unknown systems"),
    "heartbeats.heartbeats_name_known_systems": (
        "Tín hiệu giám sát nêu hệ thống không có trong hồ sơ", "Heartbeats of unknown systems"),
    "domains.domains_name_known_systems": (
        "Tên miền gắn với hệ thống không có trong hồ sơ", "Domains name unknown systems"),
    "agencies.province_codes_are_distinct": (
        "Mã tỉnh bị trùng trong danh mục đơn vị", "Two provinces share an official code"),
    "requirements.every_level_has_requirements": (
        "Có cấp độ chưa có yêu cầu trong danh mục", "A level has no requirement"),
    "ip_allocations.no_block_listed_twice": (
        "Dải địa chỉ được khai báo hai lần", "An address block listed twice"),
    "agencies.new_version_keeps_previous_rows": (
        "Danh mục đơn vị mới mất quá 20% số dòng của bản trước",
        "A new list of units lost more than 20% of the previous rows"),
    "requirements.new_version_keeps_previous_rows": (
        "Danh mục yêu cầu mới mất quá 20% số dòng của bản trước",
        "A new requirement catalogue lost more than 20% of the previous rows"),
    "ip_allocations.new_version_keeps_previous_rows": (
        "Danh mục dải địa chỉ mới mất quá 20% số dòng của bản trước",
        "A new list of allocations lost more than 20% of the previous rows"),
    "domains.new_version_keeps_previous_rows": (
        "Danh mục tên miền mới mất quá 20% số dòng của bản trước",
        "A new list of domains lost more than 20% of the previous rows"),
    "marts.one_row_per_month_and_valid_unit": (
        "Bảng điểm thiếu hoặc thừa dòng đơn vị", "Score rows missing or extra"),
    "marts.scores_in_range_and_consistent": (
        "Điểm ngoài phạm vi hoặc không khớp trọng số",
        "Scores out of range or not matching the weights"),
    "marts.month_is_built": ("Chưa tính điểm cho tháng này", "No scores built for the month"),
}


def check_words(check: str, lang: str = "vi") -> str:
    """A quality check ('suite.check') in words."""
    pair = CHECKS.get(check)
    return check if pair is None else pair[1] if lang == "en" else pair[0]

KINDS = {
    "peer_group": PEER_GROUPS,
    "unit_kind": UNIT_KINDS,
    "source": SOURCES,
    "feed": SOURCES,
    "suite": {**SOURCES, "marts": ("Bảng điểm", "Score tables")},
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
        # a name two sources share (a check's severity, a warning's severity): a code that is
        # not the warehouse's own is one of the contract's values
        return value_label(kind, code, lang) if kind in VALUES else code
    return pair[1] if lang == "en" else pair[0]


def batch_words(batch: str, lang: str) -> str:
    """'file:reference/agencies.csv' -> 'tệp reference/agencies.csv'; 'month:2026-10' -> the
    month in words."""
    if not isinstance(batch, str) or ":" not in batch:
        return batch
    kind, what = batch.split(":", 1)
    if kind == "month":
        return month(what, lang)
    return ("file " if lang == "en" else "tệp ") + what


def observed_words(observed, lang: str) -> str:
    """What a failed expectation observed (GX's result JSON) in a sentence."""
    if observed is None or observed != observed:
        return ""
    try:
        result = json.loads(observed) if isinstance(observed, str) else observed
    except json.JSONDecodeError:
        return str(observed)
    if not isinstance(result, dict):
        return str(result)
    count, bad = result.get("element_count"), result.get("unexpected_count")
    values = result.get("partial_unexpected_list") or []
    shown = ", ".join(number(v, 4, lang) if isinstance(v, int | float) else str(v)
                      for v in values[:5])  # fmt: skip
    if count is None:
        return ", ".join(f"{k}: {v}" for k, v in result.items())
    if lang == "en":
        return f"{bad or 0} of {count} values outside the expectation" + (
            f" ({shown})" if shown else "")  # fmt: skip
    return f"{number(bad or 0, 0)}/{number(count, 0)} giá trị không đạt" + (
        f" ({shown})" if shown else "")  # fmt: skip
