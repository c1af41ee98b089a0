"""The report's XLSX annex: the month's full score table, its compliance gaps and the national
KPIs, with Vietnamese headers, frozen header rows and number formats."""

from __future__ import annotations

from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Font

from readside.excel import write_sheet
from readside.i18n import value_label
from readside.readable import gap_details
from readside.vocabulary import word
from reports.content import ReportContent
from reports.labels import GAP_HEADERS, KPI_HEADERS, SCORE_HEADERS


def write_xlsx(report: ReportContent, path: Path, draft: bool) -> None:
    workbook = Workbook()
    info = workbook.active
    info.title = "Thông tin"
    for row in (
        (
            "Báo cáo đánh giá, xếp hạng an toàn thông tin",
            f"tháng {int(report.period[5:])}/{report.period[:4]}",
        ),
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
    scores = report.scores.assign(
        peer_group=report.scores["peer_group"].map(lambda g: word("peer_group", g)),
        unit_kind=report.scores["unit_kind"].map(lambda k: word("unit_kind", k)),
        ranked=report.scores["ranked"].map(lambda r: word("ranked", bool(r))),
    )
    write_sheet(workbook, "Bảng điểm", scores, SCORE_HEADERS)
    gaps = report.gaps.assign(
        obligation=report.gaps["title_vi"],
        obligation_group=report.gaps["obligation_group"].map(
            lambda g: value_label("obligation_group", g)
        ),
        detail=gap_details(report.gaps, "vi"),
    )
    headers = {k: v for k, v in GAP_HEADERS.items() if k not in ("title_vi", "title_en")}
    write_sheet(workbook, "Yêu cầu chưa đáp ứng", gaps, headers)
    write_sheet(workbook, "Chỉ tiêu quốc gia", report.kpis, KPI_HEADERS)
    workbook.save(path)
