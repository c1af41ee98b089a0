"""The systems export as the dossier platform's Excel file (dossiers/systems_YYYYMMDD.xlsx).

Two title rows, then the Vietnamese header row, then one row per system with Vietnamese enum
labels, ``Có``/``Không`` booleans and dates either as Excel date cells or as ``dd/mm/yyyy`` text.
The workbook is written with openpyxl and then re-packed with fixed timestamps so that the bytes
are the same on every run.
"""

from __future__ import annotations

import io
import random
import zipfile
from datetime import date, datetime

from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.writer.excel import ExcelWriter

from sources.systems import SOURCE as SYSTEMS

from .systems import COLUMNS

SHEET_TITLE = "Danh sách HTTT"
TITLE = "DANH SÁCH HỆ THỐNG THÔNG TIN THEO CẤP ĐỘ"
SUBTITLE = "(Trích xuất từ nền tảng hỗ trợ quản lý bảo đảm an toàn HTTT theo cấp độ)"

# the platform's Vietnamese headers, as the landing-zone contract states them
HEADERS = {c.name: c.excel_header for c in SYSTEMS.columns if c.excel_header}
LABELS = {
    "operation_status": {
        "operating": "Đang vận hành",
        "building": "Đang xây dựng",
        "retired": "Ngừng vận hành",
    },
    "dossier_status": {
        "draft": "Nháp",
        "submitted": "Đã nộp",
        "appraising": "Đang thẩm định",
        "approved": "Đã phê duyệt",
        "returned": "Trả lại",
        "rejected": "Từ chối",
    },
}
HEADER_ROW = 3  # the row of the Vietnamese header (1-based)
FIXED_TIME = (2020, 1, 1, 0, 0, 0)


def _cell(column: str, value: object, rng: random.Random) -> object:
    if value is None:
        return None
    if isinstance(value, bool):
        return "Có" if value else "Không"
    if isinstance(value, date):
        # the platform writes some dates as date cells and some as text
        return value if rng.random() < 0.4 else value.strftime("%d/%m/%Y")
    if column in LABELS:
        return LABELS[column][str(value)]
    return value


def systems_workbook_bytes(
    rows: list[dict[str, object]], export_date: date, rng: random.Random
) -> bytes:
    wb = Workbook()
    ws = wb.active
    ws.title = SHEET_TITLE
    ws.append([TITLE])
    ws.append([SUBTITLE])
    ws.append([HEADERS[c] for c in COLUMNS])
    ws["A1"].font = Font(bold=True, size=13)
    for cell in ws[HEADER_ROW]:
        cell.font = Font(bold=True)
    for row in rows:
        ws.append([_cell(c, row[c], rng) for c in COLUMNS])
    for cells in ws.iter_rows(min_row=HEADER_ROW + 1):
        for cell in cells:
            if isinstance(cell.value, datetime | date):
                cell.number_format = "dd/mm/yyyy"
    widths = {"B": 60, "C": 16, "D": 16, "F": 16, "J": 16, "M": 20, "N": 20}
    for letter, width in widths.items():
        ws.column_dimensions[letter].width = width
    stamp = datetime(export_date.year, export_date.month, export_date.day, 23, 0, 0)
    wb.properties.creator = "Nền tảng hỗ trợ quản lý bảo đảm an toàn HTTT theo cấp độ"
    wb.properties.created = stamp
    wb.properties.modified = stamp

    raw = io.BytesIO()
    with zipfile.ZipFile(raw, "w", zipfile.ZIP_DEFLATED) as archive:
        ExcelWriter(wb, archive).save()  # unlike save_workbook, keeps our fixed 'modified'
    return _repack(raw.getvalue())


def _repack(data: bytes) -> bytes:
    """The same archive with every member's timestamp fixed (zip members carry the wall clock)."""
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(data)) as src,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst,
    ):
        for info in src.infolist():
            fixed = zipfile.ZipInfo(info.filename, date_time=FIXED_TIME)
            fixed.compress_type = zipfile.ZIP_DEFLATED
            fixed.external_attr = info.external_attr
            dst.writestr(fixed, src.read(info.filename))
    return out.getvalue()
