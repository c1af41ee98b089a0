"""The words for the codes the warehouse stores, as readers see them: Vietnamese first, English
second. Peer groups, kinds of unit, sources, ledger statuses, set-aside rules, quality checks
and their severities, the change feed's changes, findings and states, booleans. The app and the
report both read them from here, so a code never reaches a reader as it is
(`word(kind, code, lang)`)."""

from __future__ import annotations

import json

from readside.i18n import INDICATORS, VALUES, month, number, t, value_label
from sources import CHECKS as SOURCE_CHECKS
from sources import SOURCES as REGISTERED_SOURCES

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

# Each landing source's name, from its module of the registry.
SOURCES = {source.name: source.words for source in REGISTERED_SOURCES}

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
    "after_export_date": ("sau ngày kết xuất", "after the export date"),
    "row_shape": ("dòng sai số ô", "row of the wrong shape"),
    "cell_too_long": ("ô dài quá 1 MiB", "cell over 1 MiB"),
    "json": ("dòng không phải JSON", "line not JSON"),
    "formula": ("công thức Excel không có giá trị", "Excel formula without a value"),
}  # fmt: skip
# ... and the rules only one source has, from its module of the registry.
RULES.update({rule: words for source in REGISTERED_SOURCES
              for rule, words in source.rule_words.items()})  # fmt: skip

SEVERITIES = {
    "blocking": ("chặn công bố", "blocking"),
    "warning": ("cảnh báo", "warning"),
}

BOOLEANS = {True: ("Có", "Yes"), False: ("Không", "No")}

# The data-quality checks ('suite.check') in words: each source's from its module of the
# registry, and the checks of the score tables, which belong to no source (quality/suites.py).
CHECKS = {
    **{check.key: check.words for check in SOURCE_CHECKS},
    "marts.one_row_per_month_and_valid_unit": (
        "Bảng điểm thiếu hoặc thừa dòng đơn vị",
        "Score rows missing or extra",
    ),
    "marts.scores_in_range_and_consistent": (
        "Điểm ngoài phạm vi hoặc không khớp trọng số",
        "Scores out of range or not matching the weights",
    ),
    "marts.month_is_built": ("Chưa tính điểm cho tháng này", "No scores built for the month"),
}


def check_words(check: str, lang: str = "vi") -> str:
    """A quality check ('suite.check') in words."""
    pair = CHECKS.get(check)
    return check if pair is None else pair[1] if lang == "en" else pair[0]


# The change feed (marts.fct_unit_changes): what happened to an item, what it is, its state.
CHANGES = {
    "new": ("mới phát sinh", "new"),
    "fixed": ("đã khắc phục", "fixed"),
    "redetected": ("tái phát hiện", "re-detected"),
    "added": ("được tính thêm", "added"),
    "removed": ("không còn được tính", "no longer counted"),
}
FINDINGS = {
    "approval": ("phê duyệt hồ sơ cấp độ", "dossier approval"),
    "plan": ("triển khai phương án bảo đảm ATTT", "security plan implemented"),
    "approved_system": ("hệ thống được phê duyệt", "approved system"),
    "requirement": ("yêu cầu an toàn", "security requirement"),
    "layer": ("lớp bảo vệ", "protection layer"),
    "layers_held": ("số lớp bảo vệ", "layers held"),
    "infected_address": ("địa chỉ IP nhiễm mã độc", "infected address"),
    "allocated_addresses": ("số địa chỉ IPv4 được cấp", "allocated IPv4 addresses"),
    "warning_due": ("cảnh báo đến hạn xử lý", "warning due"),
    "domain_check": ("kiểm tra tên miền", "domain check"),
    "measured_domain": ("tên miền đo được", "measured domain"),
}
STATES = {
    "approved": ("đã phê duyệt", "approved"),
    "not_approved": ("chưa phê duyệt", "not approved"),
    "implemented": ("đã triển khai", "implemented"),
    "not_implemented": ("chưa triển khai", "not implemented"),
    "met": ("đáp ứng", "met"),
    "partial": ("đáp ứng một phần", "partly met"),
    "not_met": ("chưa đáp ứng", "not met"),
    "not_applicable": ("không áp dụng", "not applicable"),
    "held": ("có", "held"),
    "missing": ("thiếu", "missing"),
    "infected": ("nhiễm", "infected"),
    "clean": ("không phát hiện", "not seen"),
    "on_time": ("đúng hạn", "on time"),
    "late": ("trễ hạn", "late"),
    "pass": ("đạt", "pass"),
    "fail": ("không đạt", "fail"),
    "measured": ("đo được", "measured"),
}
ASPECTS = {  # the layer or check a row is about (requirement codes and CVEs stay codes)
    "onsite": ("Lớp 1: tại chỗ", "Layer 1: on-site"),
    "monitoring": ("Lớp 2: giám sát", "Layer 2: monitoring"),
    "independent_check": ("Lớp 3: kiểm tra độc lập", "Layer 3: independent check"),
    "ncsc": ("Lớp 4: kết nối quốc gia", "Layer 4: national centre"),
    "supports_https": ("Hỗ trợ HTTPS", "Supports HTTPS"),
    "enforces_https": ("Bắt buộc HTTPS", "Enforces HTTPS"),
    "uses_strong_hsts": ("HSTS mạnh", "Strong HSTS"),
    "has_sound_certificate": ("Chứng thư hợp lệ", "Sound certificate"),
}

KINDS = {
    "indicator": {name: (t(name, "vi"), t(name, "en")) for name in INDICATORS},
    "change": CHANGES,
    "finding": FINDINGS,
    "state": STATES,
    "previous_state": STATES,
    "aspect": ASPECTS,
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


def status_batch_words(batch: str, lang: str) -> str:
    """A month status's batch in words: it names a month ('2026-10') or a landing file by its
    path ('dossiers/systems_20261120.csv'), without batch_words' 'month:'/'file:' prefix."""
    return batch_words(("month:" if batch[:1].isdigit() else "file:") + batch, lang)


def _compact(value, lang: str) -> str:
    """A measured value with up to four decimals and no trailing zeros: 4.0 -> '4', 0.13125 ->
    '0,1312'."""
    text = number(value, 4, lang)
    decimal_mark = "." if lang == "en" else ","
    return text.rstrip("0").rstrip(decimal_mark) if decimal_mark in text else text


def _allowed_range(bounds, lang: str) -> str:
    """'; cần từ 0,25 đến 4' for the range an expectation allowed ('' without one)."""
    low, high = bounds or (None, None)

    def short(value) -> str:
        return _compact(value, lang)

    if low is not None and high is not None:
        vi, en = f"từ {short(low)} đến {short(high)}", f"from {short(low)} to {short(high)}"
    elif low is not None:
        vi, en = f"từ {short(low)} trở lên", f"{short(low)} or more"
    elif high is not None:
        vi, en = f"không quá {short(high)}", f"at most {short(high)}"
    else:
        return ""
    return f"; expected {en}" if lang == "en" else f"; cần {vi}"


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
    shown = ", ".join(_compact(v, lang) if isinstance(v, int | float) else str(v)
                      for v in values[:5])  # fmt: skip
    if count is None:
        return ", ".join(f"{k}: {v}" for k, v in result.items())
    expected = _allowed_range(result.get("expected_range"), lang)
    if lang == "en":
        return f"{bad or 0} of {count} values outside the expectation" + (
            f" ({shown}{expected})" if shown or expected else "")  # fmt: skip
    return f"{number(bad or 0, 0)}/{number(count, 0)} giá trị không đạt" + (
        f" ({shown}{expected})" if shown or expected else "")  # fmt: skip


# The path to the next grade (marts.fct_grade_plans): each action in words.
PLAN_ACTIONS = {
    "approve_dossier": ("Phê duyệt hồ sơ đề xuất cấp độ {item} của hệ thống {system}",
                        "Approve the level-{item} dossier of system {system}"),
    "implement_plan": ("Triển khai đầy đủ phương án bảo đảm ATTT của hệ thống {system}",
                       "Fully implement the security plan of system {system}"),
    "meet_requirement": ("Đáp ứng yêu cầu {item}{legal} của hệ thống {system}",
                         "Meet requirement {item}{legal} of system {system}"),
    "add_layer": ("Bổ sung {layer} cho hệ thống {system}", "Give system {system} {layer}"),
    "clean_block": ("Xử lý các địa chỉ nhiễm mã độc trong dải {item}",
                    "Clean the infected addresses of block {item}"),
    "fix_domain_check": ("Khắc phục tiêu chí “{check}” của tên miền {item}",
                         "Fix the check “{check}” of domain {item}"),
    "remediate_warnings": ("Xử lý đúng hạn các cảnh báo đến hạn (tháng này {item} cảnh báo "
                           "trễ hạn)",
                           "Remediate on time the warnings falling due ({item} late this "
                           "month)"),
}  # fmt: skip


def plan_step(step: dict, lang: str = "vi") -> str:
    """One step of a unit's path to the next grade in words (a row of marts.fct_grade_plans)."""

    def text(value) -> str:
        return "" if value is None or value != value else str(value)  # NaN is missing

    vi, en = PLAN_ACTIONS[step["action"]]
    legal = text(step.get("legal_ref"))
    return (en if lang == "en" else vi).format(
        item=text(step.get("item")),
        system=text(step.get("system_id")),
        legal=f" ({legal})" if legal else "",
        layer=word("aspect", text(step.get("item")), lang).split(": ")[-1].lower()
        if step["action"] == "add_layer" else "",
        check=word("aspect", text(step.get("detail")), lang),
    )  # fmt: skip
