"""The reasons ingest gives for a rejected file or a set-aside row, in Vietnamese.

Ingest writes every reason in the contract's English words (`docs/landing-zone.md`), with the
value, column, file or date it is about. A reader of the app or the report reads them in
Vietnamese: `vietnamese(reason)` matches the reason against the templates ingest uses and
writes it again in Vietnamese with the same particulars (dates as dd/mm/yyyy). A reason no
template matches is returned as it is (`translated` says which): the tests hold every reason
the pipeline can write to a template.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable

from readside.vocabulary import RULES

Template = tuple[re.Pattern[str], str | Callable[[re.Match[str]], str]]


def _counted(text: str) -> str:
    """'3 × infection (cell_too_long), 1 × row (json)' in Vietnamese."""

    def one(match: re.Match[str]) -> str:
        column = "cả dòng" if match["c"] == "row" else f"cột {match['c']}"
        rule = RULES.get(match["r"], (match["r"],))[0]
        return f"{match['n']} × {column} ({rule})"

    return re.sub(r"(?P<n>\d+) × (?P<c>\S+) \((?P<r>\w+)\)", one, text)


def _day(text: str) -> str:
    try:
        return dt.date.fromisoformat(text).strftime("%d/%m/%Y")
    except ValueError:
        return text


HINTS = {
    "1–32 characters of A-Z a-z 0-9 . _ -": "1–32 ký tự A-Z a-z 0-9 . _ -",
    "a host name": "một tên máy (host name)",
    "a CVE id (CVE-YYYY-NNNN)": "một mã CVE (CVE-YYYY-NNNN)",
}
CIDR_ERRORS = {
    "host bits are set: the address is not the start of its network": (
        "các bit phần máy khác 0: địa chỉ không phải địa chỉ đầu của mạng"
    ),
    "not an IPv4 or IPv6 network in CIDR form": "không phải mạng IPv4 hoặc IPv6 dạng CIDR",
    "no prefix length: write the network as address/prefix": (
        "thiếu độ dài tiền tố: hãy viết mạng dạng địa chỉ/tiền tố"
    ),
}
WHAT = {
    "an agency code of reference/agencies.csv": "mã đơn vị trong reference/agencies.csv",
    "a requirement code of reference/requirements.csv": (
        "mã yêu cầu trong reference/requirements.csv"
    ),
}
ROW_SHAPES = {
    "the row has fewer cells than the header": "dòng có ít ô hơn dòng tiêu đề",
    "the row has more cells than the header": "dòng có nhiều ô hơn dòng tiêu đề",
    "a quote is not closed or stands inside an unquoted cell": (
        "dấu ngoặc kép không được đóng hoặc nằm giữa một ô không có ngoặc"
    ),
    "the row cannot be split into cells": "không tách được dòng thành các ô",
    "a cell cannot be read": "không đọc được một ô",
    "the row cannot be read": "không đọc được dòng",
}

V = r"'(?P<v>.*)'"  # a cell's value as ingest quotes it
TEMPLATES: list[Template] = [
    # -- files ------------------------------------------------------------------------------
    (r"the name does not say what the file is: it matches none of the landing-zone names of "
     r"contract v1 \(.*\)",
     "tên tệp không cho biết đây là tệp gì: không khớp tên nào của quy ước vùng tiếp nhận "
     "(reference/agencies.csv, dossiers/systems_YYYYMMDD.csv, "
     "feeds/botnet/YYYY-MM-DD-<loại báo cáo>-<tùy ý>.csv[.gz], …)"),
    (r"the name does not say what the file is: '(?P<v>.*)' is not a real date",
     "tên tệp không cho biết đây là tệp gì: '{v}' không phải một ngày có thật"),
    (r"report type (?P<v>\S+) is not an infected-system report: .*",
     "loại báo cáo {v} không phải báo cáo hệ thống bị nhiễm mã độc: thư mục feeds/botnet/ chỉ "
     "nhận báo cáo sinkhole và drone (event4_sinkhole, event6_sinkhole, botnet_drone, "
     "sinkhole_http_drone, …)"),
    (r"the header is none of the three sinkhole layouts: .*",
     "dòng tiêu đề không thuộc bố cục nào trong ba bố cục báo cáo sinkhole: event4/event6 "
     "(src_ip), drone (ip và infection) hay HTTP drone cũ (ip và type); thiếu cột địa chỉ bị "
     "nhiễm"),
    (r"header cell longer than 1 MiB \(column (?P<v>\d+)\)",
     "ô tiêu đề dài quá 1 MiB (cột thứ {v})"),
    (r"header cell longer than 1 MiB: the header row never ends",
     "ô tiêu đề dài quá 1 MiB: dòng tiêu đề không kết thúc"),
    (r"empty file: there is no header row", "tệp rỗng: không có dòng tiêu đề"),
    (r"not UTF-8: the header row has bytes that are not UTF-8 \((?P<v>.*)\)",
     "không phải UTF-8: dòng tiêu đề có byte không hợp lệ trong UTF-8 ({v})"),
    (r"not UTF-8: row (?P<v>\d+) has bytes that are not UTF-8",
     "không phải UTF-8: dòng {v} có byte không hợp lệ trong UTF-8"),
    (r"not UTF-8: the file has bytes that are not UTF-8(?P<v>.*)",
     "không phải UTF-8: tệp có byte không hợp lệ trong UTF-8{v}"),
    (r"the header row cannot be split into column names: (?P<v>.*)",
     "không tách được dòng tiêu đề thành tên các cột: {v}"),
    (r"the header names column '(?P<v>.*)' twice", "dòng tiêu đề có cột '{v}' hai lần"),
    (r"required column\(s\) missing from the header: (?P<v>.*)",
     "dòng tiêu đề thiếu cột bắt buộc: {v}"),
    (r"unreadable or truncated file: (?P<v>.*)", "tệp không đọc được hoặc bị cắt cụt: {v}"),
    (r"the file cannot be split into rows and cells: a quote is never closed",
     "không tách được tệp thành các dòng và ô: có dấu ngoặc kép không bao giờ được đóng"),
    (r"truncated file: the last row \((?P<v>\d+)\) stops part-way and has no line end",
     "tệp bị cắt cụt: dòng cuối (dòng {v}) dừng giữa chừng, không có ký tự xuống dòng"),
    (r"the converted Excel sheet could not be re-read",
     "không đọc lại được bảng Excel đã chuyển đổi"),
    (r"unreadable Excel file: (?P<v>.*)", "không đọc được tệp Excel: {v}"),
    (r"no header row: none of the first rows names the export's columns .*",
     "không có dòng tiêu đề: không dòng nào trong 50 dòng đầu nêu tên các cột của tệp kết xuất "
     "(ví dụ 'Mã hệ thống', 'Tên hệ thống')"),
    (r"unreadable file: the gzip stream is damaged or cut off",
     "không đọc được tệp: luồng nén gzip bị hỏng hoặc bị cắt cụt"),
    (r"unreadable file: (?P<v>.*)", "không đọc được tệp: {v}"),
    (r"symbolic link: not read", "liên kết tượng trưng (symbolic link): không đọc"),
    (r"not a regular file \(a folder, device or pipe\): not read",
     "không phải tệp thông thường (thư mục, thiết bị hay pipe): không đọc"),
    (r"the file cannot be read: (?P<v>.*)", "không đọc được tệp: {v}"),
    (r"the file is too large to check within the memory the pipeline may use; .*",
     "tệp quá lớn để kiểm tra trong bộ nhớ hệ thống được dùng; hãy gửi thành nhiều tệp nhỏ hơn"),
    (r"a fault of the pipeline, not of the file \((?P<l>\d+) rows loaded and (?P<b>\d+) set aside "
     r"of the (?P<r>\d+) rows read\): nothing of the file loaded\. .*",
     "lỗi của hệ thống xử lý, không phải của tệp ({l} dòng được nạp và {b} dòng bị tách riêng "
     "trên {r} dòng đã đọc): chưa nạp dòng nào của tệp. Tệp không có gì phải sửa và không cần "
     "gửi lại: lần chạy đầu tiên sau khi nhóm dữ liệu của Cục sửa bước kiểm tra sẽ tiếp nhận tệp "
     "như đã gửi"),
    (r"the file could not be taken in \((?P<v>.*)\); the other files went on\. .*",
     "không tiếp nhận được tệp ({v}); các tệp khác vẫn được xử lý. Hãy đối chiếu tệp với quy "
     "ước vùng tiếp nhận rồi gửi lại"),
    # -- rows -------------------------------------------------------------------------------
    (r"cell longer than 1 MiB", "ô dài quá 1 MiB"),
    (r"the line is not valid JSON", "dòng không phải JSON hợp lệ"),
    (r"the line is JSON but not a JSON object", "dòng là JSON nhưng không phải một đối tượng"),
    (r"formula without a value in column (?P<v>\S+) \((?P<h>.*)\): .*",
     "công thức không có giá trị ở cột {v} ({h}): hãy mở tệp bằng Excel rồi lưu lại để mọi "
     "công thức có giá trị"),
    (r"is empty; a value is required", "đang trống; cột này bắt buộc phải có giá trị"),
    (r"is empty; a unit of kind unit must name its parent",
     "đang trống; đơn vị loại unit phải nêu đơn vị cấp trên"),
    (r"is empty; a province valid after 1 July 2025 must have its official two-digit code",
     "đang trống; tỉnh, thành phố còn hiệu lực sau 01/07/2025 phải có mã chính thức hai chữ "
     "số"),
    (r"is empty; an approved dossier must have its approval date",
     "đang trống; hồ sơ đã phê duyệt phải có ngày phê duyệt"),
    (r"is empty; an approved dossier must have its approved level",
     "đang trống; hồ sơ đã phê duyệt phải có cấp độ được phê duyệt"),
    (r"is empty; an issued event must have its (?P<v>\S+)",
     "đang trống; sự kiện phát cảnh báo (issued) phải có {v}"),
    (r"only units of kind unit have a parent; a (?P<v>\S+) is top-level: leave parent_code "
     r"empty",
     "chỉ đơn vị loại unit mới có đơn vị cấp trên; loại {v} là đơn vị cấp cao nhất: hãy để "
     "trống parent_code"),
    (r"only provinces have a province code; leave it empty for a (?P<v>\S+)",
     "chỉ tỉnh, thành phố mới có mã tỉnh; hãy để trống với đơn vị loại {v}"),
    (V + r" is not the official code of one of the 34 provinces and centrally-run cities "
     r"\(Decision 19/2025/QĐ-TTg\)",
     "'{v}' không phải mã chính thức của một trong 34 tỉnh, thành phố trực thuộc trung ương "
     "(Quyết định 19/2025/QĐ-TTg)"),
    (V + r" is not a two-digit province code", "'{v}' không phải mã tỉnh hai chữ số"),
    (r"the parent chain loops back on itself: a loop of (?P<n>[\d,]+) units \((?P<v>.*)\)",
     lambda m: f"chuỗi đơn vị cấp trên quay vòng: một vòng {m['n'].replace(',', '.')} đơn vị "
     f"({m['v']})"),
    (r"the parent chain loops back on itself: (?P<v>.*)",
     "chuỗi đơn vị cấp trên quay vòng: {v}"),
    (V + r" names a unit whose own row is set aside",
     "'{v}' là đơn vị mà chính dòng của nó bị tách riêng"),
    (V + r" is not a code in this file", "'{v}' không phải mã có trong tệp này"),
    (r"the same network is allocated to (?P<v>.*) \(row (?P<r>\d+)\) for an overlapping period",
     "cùng dải mạng này được cấp cho {v} (dòng {r}) trong khoảng thời gian chồng lấn"),
    (r"timestamp (?P<t>.*) is outside the window of the report dated (?P<d>\S+) \(events from "
     r"(?P<a>\S+) 00:00 to (?P<b>\S+) 23:59:59 UTC\)",
     lambda m: f"thời điểm {m['t']} nằm ngoài khoảng thời gian của báo cáo ngày {_day(m['d'])} "
     f"(chỉ nhận sự kiện từ 00:00 ngày {_day(m['a'])} đến 23:59:59 ngày {_day(m['b'])}, giờ "
     "UTC)"),
    (V + r" is after the export date (?P<d>\S+)",
     lambda m: f"'{m['v']}' sau ngày kết xuất {_day(m['d'])}"),
    (V + r" is not an IPv4 or IPv6 address", "'{v}' không phải địa chỉ IPv4 hay IPv6"),
    (V + r" is not one of: (?P<x>.*)", "'{v}' không thuộc các giá trị được phép: {x}"),
    (V + r" is not a whole number", "'{v}' không phải số nguyên"),
    (V + r" is outside (?P<x>\S+)", "'{v}' nằm ngoài khoảng {x}"),
    (V + r" is not a date in the form YYYY-MM-DD", "'{v}' không phải ngày dạng YYYY-MM-DD"),
    (V + r" is not an ISO 8601 timestamp .*",
     "'{v}' không phải thời điểm ISO 8601 (YYYY-MM-DD HH:MM:SS, có thể kèm múi giờ)"),
    (V + r" is not a boolean \(true/false or 1/0\)",
     "'{v}' không phải giá trị đúng/sai (true/false hoặc 1/0)"),
    (r"(?P<k>[\w, ]+?) (?P<v>'.*') appears in (?P<n>\d+) rows of this file; all of them are "
     r"set aside",
     "{k} {v} lặp lại ở {n} dòng của tệp; tất cả các dòng đó đều bị tách riêng"),
    (V + r" is not (?P<x>.*)",
     lambda m: f"'{m['v']}' không phải "
     + (WHAT.get(m["x"]) or HINTS.get(m["x"]) or m["x"])),
    (V + r": (?P<x>.*)", lambda m: f"'{m['v']}': {CIDR_ERRORS.get(m['x'], m['x'])}"),
    # -- ledger summaries -------------------------------------------------------------------
    (r"(?P<n>\d+) rows? set aside: (?P<x>.*)",
     lambda m: f"{m['n']} dòng bị tách riêng: {_counted(m['x'])}"),
    (r"re-checked against the new version of (?P<x>.*): (?P<a>\d+) rows? that loaded before "
     r"now set aside, (?P<b>\d+) rows? set aside before now loaded",
     "kiểm tra lại theo phiên bản mới của {x}: {a} dòng trước đã nạp nay bị tách riêng, {b} dòng "
     "trước bị tách riêng nay được nạp"),
    (r"taken in again under contract v(?P<a>\S+) \(it was checked under v(?P<b>[^)]+)\): "
     r"(?P<n>\d+) rows? that loaded before now set aside, (?P<c>\d+) rows? set aside before now "
     r"loaded",
     "tiếp nhận lại theo quy ước v{a} (trước đây kiểm tra theo v{b}): {n} dòng trước đã nạp nay "
     "bị tách riêng, {c} dòng trước bị tách riêng nay được nạp"),
    (r"taken in again under contract v(?P<a>\S+) \(it was checked under v(?P<b>[^)]+)\)",
     "tiếp nhận lại theo quy ước v{a} (trước đây kiểm tra theo v{b})"),
    (r"taken in again after a fault of the pipeline",
     "tiếp nhận lại sau lỗi của hệ thống xử lý"),
]  # fmt: skip
COMPILED = [(re.compile(pattern, re.DOTALL), words) for pattern, words in TEMPLATES]
ROW_SHAPE = re.compile(r"(?P<shape>[^(]+?) \((?P<detail>.*)\)", re.DOTALL)


def _one(reason: str) -> str | None:
    for pattern, words in COMPILED:
        match = pattern.fullmatch(reason)
        if match:
            return words(match) if callable(words) else words.format(**match.groupdict())
    shape = ROW_SHAPE.fullmatch(reason)
    if shape and shape["shape"] in ROW_SHAPES:
        return ROW_SHAPES[shape["shape"]]  # the reader's own message stays in English mode
    return ROW_SHAPES.get(reason)


def translated(reason: str) -> str | None:
    """The reason in Vietnamese, or None when no template matches it. A reason made of parts
    joined by '; ' (a re-check's note and its summary) is translated part by part."""
    whole = _one(reason)
    if whole is not None:
        return whole
    parts = reason.split("; ")
    if len(parts) > 1:
        words = [_one(part) for part in parts]
        if all(w is not None for w in words):
            return "; ".join(words)
    return None


def vietnamese(reason: str | None) -> str | None:
    """The reason in Vietnamese (as it is, should no template match)."""
    if reason is None:
        return None
    return translated(reason) or reason


COUNTED_RULE = re.compile(r"(?P<n>\d+) × (?P<c>\S+) \((?P<r>\w+)\)")


def english(reason: str | None) -> str | None:
    """The reason in English: as ingest wrote it, with the rules it counts in words."""
    if reason is None:
        return None
    return COUNTED_RULE.sub(
        lambda m: f"{m['n']} × {m['c']} ({RULES.get(m['r'], (None, m['r']))[1]})", reason
    )


def in_language(reason: str | None, lang: str) -> str | None:
    return english(reason) if lang == "en" else vietnamese(reason)
