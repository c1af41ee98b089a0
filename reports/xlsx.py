"""The report's XLSX annex: the month's full score table, its compliance gaps and the national
KPIs, with Vietnamese headers, frozen header rows and number formats."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from reports.content import ReportContent
from reports.labels import GAP_HEADERS, KPI_HEADERS, SCORE_HEADERS

HEADER_FONT = Font(bold=True, color="FFFFFF")
HEADER_FILL = PatternFill("solid", fgColor="0B3D91")
SHARES = {"coverage", "approval_rate", "plan_rate"}
COUNTS_WITH_DECIMALS = {"rank_p05", "rank_p50", "rank_p95"}


def _number_format(column: str, dtype) -> str | None:
    if column in SHARES:
        return "0.00%" if column != "coverage" else "0.00"
    if column in COUNTS_WITH_DECIMALS:
        return "0.0"
    if pd.api.types.is_float_dtype(dtype):
        return "#,##0.00"
    if pd.api.types.is_integer_dtype(dtype):
        return "#,##0"
    return None


def _cell(value):
    if value is None or value is pd.NA or value is pd.NaT:
        return None
    if isinstance(value, float) and value != value:
        return None
    if hasattr(value, "item"):
        return value.item()
    return value


def _sheet(workbook: Workbook, title: str, frame: pd.DataFrame, headers: dict[str, str]) -> None:
    sheet = workbook.create_sheet(title)
    columns = [c for c in headers if c in frame.columns]
    sheet.append([headers[c] for c in columns])
    for cell in sheet[1]:
        cell.font, cell.fill = HEADER_FONT, HEADER_FILL
        cell.alignment = Alignment(wrap_text=True, vertical="center")
    for row in frame[columns].itertuples(index=False):
        sheet.append([_cell(v) for v in row])
    for index, column in enumerate(columns, start=1):
        letter = get_column_letter(index)
        form = _number_format(column, frame[column].dtype)
        if form:
            for (cell,) in sheet.iter_rows(min_row=2, min_col=index, max_col=index):
                cell.number_format = form
        sheet.column_dimensions[letter].width = max(10, min(45, len(headers[column]) + 2))
    sheet.freeze_panes = "C2" if "unit_name" in columns else "A2"
    sheet.auto_filter.ref = sheet.dimensions
    sheet.row_dimensions[1].height = 32


def write_xlsx(report: ReportContent, path: Path, draft: bool) -> None:
    workbook = Workbook()
    info = workbook.active
    info.title = "Thông tin"
    for row in (
        ("Báo cáo đánh giá, xếp hạng an toàn thông tin", f"tháng {int(report.period[5:])}/"
         f"{report.period[:4]}"),
        ("Trạng thái", "DỰ THẢO" if draft else "CHÍNH THỨC"),
        ("Phiên bản phương pháp", report.methodology["version"]),
        ("Dấu vân tay dữ liệu đầu vào (SHA-256)", report.fingerprint),
        ("Số tệp đầu vào", report.files_fingerprinted),
    ):
        info.append(row)
    info.column_dimensions["A"].width = 42
    info.column_dimensions["B"].width = 70
    for cell in info["A"]:
        cell.font = Font(bold=True)
    _sheet(workbook, "Bảng điểm", report.scores, SCORE_HEADERS)
    _sheet(workbook, "Yêu cầu chưa đáp ứng", report.gaps, GAP_HEADERS)
    _sheet(workbook, "Chỉ tiêu quốc gia", report.kpis, KPI_HEADERS)
    workbook.save(path)
