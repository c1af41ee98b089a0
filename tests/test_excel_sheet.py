"""An Excel sheet is written in time linear in its rows (the report's annex at national scale
holds 75,000 compliance gaps), with its text kept as text."""

from __future__ import annotations

import io

import openpyxl
import pandas as pd
from openpyxl.worksheet.worksheet import Worksheet

from readside.excel import write_sheet


def _whole_sheet_scans(monkeypatch, rows: int) -> int:
    """How many times writing `rows` rows asked the sheet for its extent, which openpyxl finds
    by scanning every cell."""
    scans = {"count": 0}
    for name in ("max_row", "max_column"):
        original = getattr(Worksheet, name)

        def counted(sheet, original=original):
            scans["count"] += 1
            return original.fget(sheet)

        monkeypatch.setattr(Worksheet, name, property(counted))
    frame = pd.DataFrame({"code": [f"U{i}" for i in range(rows)], "level": range(rows)})
    write_sheet(openpyxl.Workbook(), "s", frame)
    monkeypatch.undo()
    return scans["count"]


def test_writing_a_sheet_scans_it_as_often_for_ten_times_the_rows(monkeypatch):
    """Finding: each appended row was looked up in the sheet (`sheet[sheet.max_row]`), a scan of
    every cell per row: the national report's annex (75,000 rows) had not been written after
    ten minutes."""
    assert _whole_sheet_scans(monkeypatch, 50) == _whole_sheet_scans(monkeypatch, 500)


def test_text_stays_text_and_numbers_stay_numbers():
    frame = pd.DataFrame({"name": ["=1+1", "Hà Nội", "+84"], "level": [1, 2, 3]})
    workbook = openpyxl.Workbook()
    write_sheet(workbook, "s", frame, {"name": "Tên", "level": "Cấp độ"})
    buffer = io.BytesIO()
    workbook.save(buffer)
    sheet = openpyxl.load_workbook(buffer)["s"]
    assert [c.value for c in sheet[1]] == ["Tên", "Cấp độ"]
    assert [sheet.cell(r, 1).value for r in (2, 3, 4)] == ["'=1+1", "Hà Nội", "'+84"]
    assert all(sheet.cell(r, 1).data_type == "s" for r in (2, 3, 4))
    assert [sheet.cell(r, 2).value for r in (2, 3, 4)] == [1, 2, 3]
    assert sheet.cell(2, 2).number_format == "#,##0"
