"""The dossier platform's exports: systems (CSV or Excel) and requirement assessments.

Leaves two tables of the rows that load, each row with its export's date:
- `systems(snapshot_date, system_id, top_code, operating, approved, approved_on, approved_level,
  plan_implemented, layer_onsite, layer_monitoring, last_check, ncsc_connected)`
- `assessments(snapshot_date, system_id, requirement_code, result)`
"""

from __future__ import annotations

import re
import unicodedata
from datetime import date, datetime

import pandas as pd

from .db import Db
from .landing import Landing, LandingFile
from .readers import FileRejected, excel_text, read_csv, read_xlsx
from .rules import (
    all_of,
    as_bool,
    as_date,
    as_int,
    clean,
    is_bool,
    is_date,
    is_enum,
    is_int,
    present,
)

SYSTEM_COLUMNS = {
    "system_id": "Mã hệ thống",
    "system_name": "Tên hệ thống",
    "owner_code": "Mã đơn vị chủ quản",
    "operation_status": "Trạng thái vận hành",
    "proposed_level": "Cấp độ đề xuất",
    "dossier_status": "Trạng thái hồ sơ",
    "submitted_on": "Ngày nộp",
    "approved_on": "Ngày phê duyệt",
    "approved_level": "Cấp độ được phê duyệt",
    "decision_no": "Số quyết định",
    "plan_implemented": "Đã triển khai đầy đủ phương án",
    "layer_onsite": "Lớp 1 - Lực lượng tại chỗ",
    "layer_monitoring": "Lớp 2 - Giám sát, bảo vệ chuyên nghiệp",
    "last_independent_check_on": "Lớp 3 - Ngày kiểm tra, đánh giá độc lập gần nhất",
    "ncsc_connected": "Lớp 4 - Kết nối NCSC",
}
OPERATION = {"Đang vận hành": "operating", "Đang xây dựng": "building", "Ngừng vận hành": "retired"}
DOSSIER = {
    "Nháp": "draft",
    "Đã nộp": "submitted",
    "Đang thẩm định": "appraising",
    "Đã phê duyệt": "approved",
    "Trả lại": "returned",
    "Từ chối": "rejected",
}
BOOLS = ("plan_implemented", "layer_onsite", "layer_monitoring", "ncsc_connected")
DATES = ("submitted_on", "approved_on", "last_independent_check_on")
INTS = ("proposed_level", "approved_level")
RESULTS = ("met", "partial", "not_met", "not_applicable")
_BAD = "\x00not a value of this type"  # survives cleaning and breaks every type rule
_DMY = re.compile(r"(\d{1,2})/(\d{1,2})/(\d{4})")


def _fold(text: str) -> str:
    return unicodedata.normalize("NFC", text).strip().casefold()


_LABELS = {
    "operation_status": {_fold(k): v for k, v in OPERATION.items()},
    "dossier_status": {_fold(k): v for k, v in DOSSIER.items()},
}
_YES_NO = {_fold("Có"): "true", _fold("Không"): "false"}


def _excel_value(column: str, value):
    """An Excel cell as the CSV export would have written it (so one set of rules checks both)."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if column in _LABELS:
        return _LABELS[column].get(_fold(str(value)), _BAD) if isinstance(value, str) else _BAD
    if column in BOOLS:
        if isinstance(value, bool):
            return "true" if value else "false"
        return _YES_NO.get(_fold(value), _BAD) if isinstance(value, str) else _BAD
    if column in DATES:
        if isinstance(value, datetime | date):
            return excel_text(value)
        m = _DMY.fullmatch(value.strip()) if isinstance(value, str) else None
        if not m:
            return _BAD
        try:
            return date(int(m[3]), int(m[2]), int(m[1])).isoformat()
        except ValueError:
            return _BAD
    if column in INTS:
        if isinstance(value, bool | datetime | date):
            return _BAD
        if isinstance(value, float) and not value.is_integer():
            return _BAD
        return excel_text(value)
    return excel_text(value)


def _read_systems_file(db: Db, lf: LandingFile) -> str:
    """The export's rows as a table of CSV-like text columns."""
    if not lf.excel:
        table, _ = read_csv(db, lf, {c: c for c in SYSTEM_COLUMNS})
        return table
    rows = read_xlsx(lf.path, SYSTEM_COLUMNS)
    frame = pd.DataFrame(
        [{c: _excel_value(c, r[c]) for c in SYSTEM_COLUMNS} for r in rows],
        columns=list(SYSTEM_COLUMNS),
        dtype="object",
    )
    table = db.fresh("xlsx")
    cleaned = ", ".join(f"{clean(f'CAST({c} AS VARCHAR)')} AS {c}" for c in SYSTEM_COLUMNS)
    view = db.fresh("frame")
    db.register(view, frame)
    try:
        db.execute(f"CREATE TEMP TABLE {table} AS SELECT {cleaned} FROM {view}")
    finally:
        db.unregister(view)
    return table


def _systems_rule(export: date) -> str:
    day = f"DATE '{export.isoformat()}'"
    return all_of(
        present("system_id"),
        present("system_name"),
        present("owner_code"),
        "owner_code IN (SELECT code FROM agencies)",
        present("operation_status"),
        is_enum("operation_status", OPERATION.values()),
        present("proposed_level"),
        is_int("proposed_level", 1, 5),
        present("dossier_status"),
        is_enum("dossier_status", DOSSIER.values()),
        is_date("submitted_on"),
        is_date("approved_on"),
        f"approved_on IS NULL OR {as_date('approved_on')} <= {day}",
        is_int("approved_level", 1, 5),
        "dossier_status <> 'approved' OR (approved_on IS NOT NULL AND approved_level IS NOT NULL)",
        *(present(b) for b in BOOLS),
        *(is_bool(b) for b in BOOLS),
        is_date("last_independent_check_on"),
    )


def load_systems(db: Db, landing: Landing) -> None:
    db.execute(
        "CREATE TEMP TABLE systems_all (snapshot_date DATE, prio INTEGER, system_id VARCHAR, "
        "top_code VARCHAR, operating BOOLEAN, approved BOOLEAN, approved_on DATE, "
        "approved_level INTEGER, plan_implemented BOOLEAN, layer_onsite BOOLEAN, "
        "layer_monitoring BOOLEAN, last_check DATE, ncsc_connected BOOLEAN)"
    )
    for lf in landing.of("systems"):
        try:
            raw = _read_systems_file(db, lf)
        except FileRejected:
            continue
        db.execute(
            f"""INSERT INTO systems_all
                SELECT DATE '{lf.file_date.isoformat()}', {1 if lf.excel else 0}, s.system_id,
                       a.top_code, s.operation_status = 'operating',
                       s.dossier_status = 'approved', {as_date("s.approved_on")},
                       {as_int("s.approved_level")}, {as_bool("s.plan_implemented")},
                       {as_bool("s.layer_onsite")}, {as_bool("s.layer_monitoring")},
                       {as_date("s.last_independent_check_on")}, {as_bool("s.ncsc_connected")}
                FROM (SELECT * FROM {raw} WHERE {_systems_rule(lf.file_date)}
                      QUALIFY count(*) OVER (PARTITION BY system_id) = 1) s
                JOIN agencies a ON a.code = s.owner_code"""
        )
        db.drop(raw)
    # A CSV and an Excel export of the same date: the CSV is the snapshot.
    db.execute(
        """CREATE TEMP TABLE systems AS
           SELECT * EXCLUDE (prio) FROM systems_all
           QUALIFY prio = min(prio) OVER (PARTITION BY snapshot_date)"""
    )
    db.drop("systems_all")


def load_assessments(db: Db, landing: Landing) -> None:
    db.execute(
        "CREATE TEMP TABLE assessments (snapshot_date DATE, system_id VARCHAR, "
        "requirement_code VARCHAR, result VARCHAR)"
    )
    cols = {c: c for c in ("system_id", "requirement_code", "result", "assessed_on")}
    for lf in landing.of("assessments"):
        try:
            raw, _ = read_csv(db, lf, cols)
        except FileRejected:
            continue
        day = f"DATE '{lf.file_date.isoformat()}'"
        ok = all_of(
            present("system_id"),
            present("requirement_code"),
            "requirement_code IN (SELECT code FROM requirements)",
            present("result"),
            is_enum("result", RESULTS),
            present("assessed_on"),
            is_date("assessed_on"),
            f"{as_date('assessed_on')} <= {day}",
        )
        db.execute(
            f"""INSERT INTO assessments
                SELECT {day}, system_id, requirement_code, result
                FROM (SELECT * FROM {raw} WHERE {ok})
                QUALIFY count(*) OVER (PARTITION BY system_id, requirement_code) = 1"""
        )
        db.drop(raw)
