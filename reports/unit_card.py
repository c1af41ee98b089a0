"""A report card for one top-level unit and month: a Vietnamese PDF and an XLSX of the same
evidence, written under `<reports>/<YYYY-MM>/units/<CODE>/`.

The card is read through the app's data-access layer *with the unit's own scope*
(`Scope("unit", code)`), the scope its account has: by construction it can hold nothing of
another unit but the published ranking aggregates (ranks, peer medians). It says where the unit
stands (composite, grade, rank among its peers and the rank range), each indicator beside the
peer-group median and last month, and the evidence: its systems with their dossier status and
layers, its compliance gaps with legal references, overdue warnings, infected addresses, and
domains with their checks; why its composite moved from the month before (each indicator's
contribution, with what changed in its evidence) and its path to the next grade (the fewest
actions, with their gains), these two in Vietnamese and English.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from pathlib import Path

import jinja2
import pandas as pd
from openpyxl import Workbook
from openpyxl.styles import Font

from core.whole_file import written_whole
from readside import charts
from readside import queries as data_access
from readside import serving_copy as serving
from readside.excel import write_sheet
from readside.i18n import COLUMNS, INDICATORS, VALUES, SaidError, month, number, t
from readside.queries import Scope
from readside.readable import gap_details, readable
from readside.vocabulary import plan_step, word
from reports.charts import png_data_uri
from reports.labels import PEER_GROUP_NAMES
from reports.pdf_pages import LayoutFailed, layout_pool

TEMPLATES = Path(__file__).resolve().parent / "templates"
ENVIRONMENT = jinja2.Environment(
    loader=jinja2.FileSystemLoader(TEMPLATES), autoescape=jinja2.select_autoescape(["html"])
)
VIETNAM = "Asia/Ho_Chi_Minh"

# The evidence tables of a card: (title, columns shown).
SYSTEM_COLUMNS = [
    "system_id", "system_name", "owner_code", "operation_status", "dossier_status",
    "approved_level", "approved_on", "plan_implemented", "has_layer_onsite",
    "has_layer_monitoring", "has_layer_independent_check", "has_layer_ncsc", "compliance",
]  # fmt: skip
GAP_COLUMNS = ["system_id", "agency_code", "title_vi", "requirement_code", "legal_ref", "detail"]
WARNING_COLUMNS = ["warning_id", "system_id", "cve", "severity", "issued_at", "deadline", "status"]
ADDRESS_COLUMNS = ["ip", "agency_code", "cidr", "days_seen", "first_seen_on", "last_seen_on"]
DOMAIN_COLUMNS = [
    "domain", "agency_code", "is_measured", "supports_https", "enforces_https",
    "uses_strong_hsts", "has_sound_certificate", "scanned_at",
]  # fmt: skip
CHANGE_COLUMNS = ["indicator", "change", "finding", "system_id", "item", "aspect",
                  "previous_state", "state", "changed_on"]  # fmt: skip
SHOWN_ROWS = 200  # the PDF lists at most this many rows a table; the XLSX has them all


def card_stem(code: str, period: str) -> str:
    return f"phieu-danh-gia-{code}-{period}"


def card_folder(reports_month: Path, code: str) -> Path:
    return reports_month / "units" / code


@dataclass
class UnitCard:
    period: str
    code: str
    name: str
    peer_group: str
    row: pd.Series
    previous: pd.Series | None
    median: pd.Series
    peers_ranked: int
    systems: pd.DataFrame
    gaps: pd.DataFrame
    overdue: pd.DataFrame
    addresses: pd.DataFrame
    domains: pd.DataFrame
    contributions: pd.DataFrame
    changes: pd.DataFrame
    plan: pd.DataFrame


def load_card(version: serving.ServingVersion, code: str, period: str) -> UnitCard:
    scope = Scope("unit", code)
    history = data_access.unit_scores(version, scope, code)
    row = history[history["period"] == period].iloc[0]
    earlier = history[history["period"] < period]
    previous = earlier.iloc[-1] if not earlier.empty else None
    medians = data_access.peer_medians(version, scope, period)
    ranking = data_access.rankings(version, scope, period)
    group = ranking[ranking["peer_group"] == row["peer_group"]]
    warnings = data_access.unit_warnings(version, scope, period, code)
    return UnitCard(
        period=period,
        code=code,
        name=row["unit_name"],
        peer_group=row["peer_group"],
        row=row,
        previous=previous,
        median=medians[medians["peer_group"] == row["peer_group"]].iloc[0],
        peers_ranked=int(group["ranked"].sum()),
        systems=data_access.unit_systems(version, scope, period, code),
        gaps=data_access.unit_gaps(version, scope, period, code),
        overdue=warnings[warnings["is_overdue"]],
        addresses=data_access.unit_addresses(version, scope, period, code),
        domains=data_access.unit_domains(version, scope, period, code),
        contributions=data_access.unit_contributions(version, scope, period, code),
        changes=data_access.unit_changes(version, scope, period, code),
        plan=data_access.unit_plan(version, scope, period, code),
    )


# -- words and numbers ----------------------------------------------------------------------


def _cell(name: str, value) -> str:
    """A value as the card prints it: Vietnamese labels, dd/mm/yyyy, decimal comma."""
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return ""
    if isinstance(value, bool):
        return "Có" if value else "Không"
    if isinstance(value, pd.Timestamp | dt.datetime):
        stamp = pd.Timestamp(value)
        if stamp.tzinfo is not None:
            stamp = stamp.tz_convert(VIETNAM)
        return stamp.strftime("%d/%m/%Y %H:%M") if stamp.hour or stamp.minute else (
            stamp.strftime("%d/%m/%Y")
        )  # fmt: skip
    if isinstance(value, dt.date):
        return value.strftime("%d/%m/%Y")
    if name == "compliance":
        return number(100 * float(value), 1) + "%"
    if isinstance(value, float):
        return number(value, 2)
    if isinstance(value, str) and name in VALUES:
        return VALUES[name].get(value, value)
    return str(value)


def _table(frame: pd.DataFrame, columns: list[str]) -> dict:
    present = [c for c in columns if c in frame.columns]
    rows = [
        [_cell(c, v) for c, v in zip(present, values, strict=True)]
        for values in frame[present].head(SHOWN_ROWS).itertuples(index=False)
    ]
    return {
        "headers": [COLUMNS.get(c, (c,))[0] for c in present],
        "rows": rows,
        "total": len(frame),
        "cut": len(frame) > SHOWN_ROWS,
    }


def _indicator_rows(card: UnitCard) -> list[dict]:
    rows = []
    for name in INDICATORS:
        value = card.row[name]
        before = card.previous[name] if card.previous is not None else None
        rows.append(
            {
                "name": t(name),
                "value": "không có số liệu" if pd.isna(value) else number(value, 1),
                "median": "–" if pd.isna(card.median[name]) else number(card.median[name], 1),
                "previous": "–" if before is None or pd.isna(before) else number(before, 1),
            }
        )
    return rows


def _signed(value: float) -> str:
    return ("+" if value >= 0 else "−") + number(abs(value), 2)


def _change_rows(card: UnitCard) -> list[dict]:
    """Each indicator's contribution with what changed in its evidence, counted by change."""
    rows = []
    for part in card.contributions.itertuples():
        mine = card.changes[card.changes["indicator"] == part.indicator]
        counts = mine["change"].value_counts()
        rows.append({
            "vi": t(part.indicator, "vi"), "en": t(part.indicator, "en"),
            "previous": "–" if pd.isna(part.previous_value) else number(part.previous_value, 1),
            "value": "–" if pd.isna(part.value) else number(part.value, 1),
            "contribution": _signed(part.contribution),
            "evidence": "; ".join(
                f"{word('change', c, 'vi')} / {word('change', c, 'en')}: {number(n)}"
                for c, n in counts.items()
            ) or "–",
        })  # fmt: skip
    return rows


def _plan_rows(card: UnitCard) -> list[dict]:
    return [
        {
            "step": number(step.step), "vi": plan_step(step._asdict(), "vi"),
            "en": plan_step(step._asdict(), "en"), "gain": _signed(step.gain),
            "after": number(step.projected_composite, 2), "grade": step.projected_grade,
            "rank": number(step.projected_rank),
        }
        for step in card.plan.itertuples()
    ]  # fmt: skip


def _plan_note(card: UnitCard) -> tuple[str, str]:
    """Why there is no plan, or how far it is proven the fewest (Vietnamese, English)."""
    row = card.row
    if not row["ranked"]:
        return t("plan_none_unranked", "vi"), t("plan_none_unranked", "en")
    if row["grade"] == "A":
        return t("plan_none_top", "vi"), t("plan_none_top", "en")
    if card.plan.empty:
        return t("plan_none", "vi"), t("plan_none", "en")
    key = "plan_minimal" if card.plan["is_proven_minimal"].iloc[-1] else "plan_not_minimal"
    return t(key, "vi"), t(key, "en")


def render_card_html(card: UnitCard, draft: bool, made_on: dt.date) -> str:
    row = card.row
    ranked = bool(row["ranked"])
    context = {
        "card": card,
        "month_long": month(card.period),
        "month_short": f"{card.period[5:]}/{card.period[:4]}",
        "group": PEER_GROUP_NAMES.get(card.peer_group, card.peer_group),
        "composite": "–" if pd.isna(row["composite"]) else number(row["composite"], 2),
        "grade": row["grade"] if ranked else "chưa xếp hạng",
        "rank": f"{number(row['rank'])}/{number(card.peers_ranked)}" if ranked else "–",
        "rank_range": f"{number(row['rank_p05'])}–{number(row['rank_p95'])}" if ranked else "–",
        "coverage": number(row["coverage"], 2),
        "change": "–"
        if pd.isna(row["rank_change"])
        else (f"{int(row['rank_change']):+d}" if row["rank_change"] else "0"),
        "indicators": _indicator_rows(card),
        "changes": _change_rows(card),
        "change_total": "–"
        if card.contributions.empty
        else _signed(float(card.contributions["composite_change"].iloc[0])),
        "waterfall": png_data_uri(charts.contributions_waterfall(card.contributions, "vi"))
        if not card.contributions.empty
        else None,
        "change_feed": _table(readable(card.changes, "vi"), CHANGE_COLUMNS),
        "plan": _plan_rows(card),
        "plan_note": _plan_note(card),
        "plan_target": None if card.plan.empty else card.plan["target_grade"].iloc[-1],
        "systems": _table(card.systems, SYSTEM_COLUMNS),
        # a gap's detail in words (a warning's severity, a dossier's status), as the app says it
        "gaps": _table(card.gaps.assign(detail=gap_details(card.gaps, "vi")), GAP_COLUMNS),
        "overdue": _table(card.overdue, WARNING_COLUMNS),
        "addresses": _table(card.addresses, ADDRESS_COLUMNS),
        "domains": _table(card.domains, DOMAIN_COLUMNS),
        "draft": draft,
        "mark": "DỰ THẢO" if draft else "CHÍNH THỨC",
        "mark_colour": "#d1342f" if draft else "#1a7f37",
        "made_on": made_on.strftime("%d/%m/%Y"),
    }
    return ENVIRONMENT.get_template("unit_card.html").render(context)


def write_card_xlsx(card: UnitCard, path: Path, draft: bool) -> None:
    workbook = Workbook()
    info = workbook.active
    info.title = "Thông tin"
    for line in (
        ("Phiếu đánh giá an toàn thông tin", f"{card.name} ({card.code})"),
        ("Tháng", month(card.period)),
        ("Trạng thái", "DỰ THẢO" if draft else "CHÍNH THỨC"),
        ("Nhóm", PEER_GROUP_NAMES.get(card.peer_group, card.peer_group)),
    ):
        info.append(line)
    info.column_dimensions["A"].width, info.column_dimensions["B"].width = 34, 60
    for cell in info["A"]:
        cell.font = Font(bold=True)
    indicators = pd.DataFrame(_indicator_rows(card))
    write_sheet(workbook, "Chỉ số", indicators, {"name": "Chỉ số", "value": "Đơn vị",
                                                 "median": "Trung vị nhóm",
                                                 "previous": "Tháng trước"})  # fmt: skip
    for title, frame, columns in (
        ("Hệ thống", card.systems, SYSTEM_COLUMNS),
        (
            "Yêu cầu chưa đáp ứng",
            card.gaps.assign(detail=gap_details(card.gaps, "vi")),
            GAP_COLUMNS,
        ),
        ("Cảnh báo quá hạn", card.overdue, WARNING_COLUMNS),
        ("IP nhiễm mã độc", card.addresses, ADDRESS_COLUMNS),
        ("Tên miền", card.domains, DOMAIN_COLUMNS),
        ("Thay đổi", card.changes, CHANGE_COLUMNS),
    ):
        present = [c for c in columns if c in frame.columns]
        shown = frame[present].copy()
        for name in present:
            if name in VALUES:
                shown[name] = shown[name].map(lambda v, n=name: VALUES[n].get(v, v))
            elif name in ("indicator", "change", "finding", "aspect", "state", "previous_state"):
                shown[name] = shown[name].map(lambda v, n=name: v if v is None else word(n, v))
            else:  # booleans as Có / Không, as the PDF prints them
                shown[name] = shown[name].map(lambda v: word("", v) if isinstance(v, bool) else v)
        write_sheet(workbook, title, shown, {c: COLUMNS.get(c, (c,))[0] for c in present})
    write_sheet(workbook, "Đóng góp", pd.DataFrame(_change_rows(card)), {
        "vi": "Chỉ số", "en": "Indicator", "previous": "Tháng trước", "value": "Tháng này",
        "contribution": "Đóng góp (điểm)", "evidence": "Thay đổi trong bằng chứng",
    })  # fmt: skip
    write_sheet(workbook, "Lộ trình", pd.DataFrame(_plan_rows(card)), {
        "step": "Bước", "vi": "Việc cần làm", "en": "Action", "gain": "Tăng (điểm)",
        "after": "Điểm sau bước", "grade": "Xếp loại", "rank": "Hạng",
    })  # fmt: skip
    workbook.save(path)


class CardNotLaidOut(SaidError):
    """A unit's card that WeasyPrint could not lay out, said with the unit, the month and the
    layout's own error; the cards before it are written, it and those after are not."""

    def __init__(self, code: str, period: str, error: LayoutFailed) -> None:
        super().__init__(
            f"Không dàn trang được phiếu đánh giá của đơn vị {code}, {month(period)}: {error}. "
            "Các phiếu đứng trước đã được ghi; phiếu này và các phiếu sau chưa được ghi.",
            f"Could not lay out the card of unit {code} for {month(period, 'en')}: {error}. "
            "The cards before it are written; this one and those after it are not.",
        )
        self.code = code


def write_unit_cards(
    version: serving.ServingVersion, period: str, reports_month: Path, draft: bool,
    made_on: dt.date, fingerprint: str, workers: int | None = None,
) -> list[Path]:  # fmt: skip
    """Write every top-level unit's card of the month from the publication `version` (the
    report's own); returns the files written. The cards' pages are laid out by `workers`
    processes (one per core by default); each card's PDF and XLSX are written here, whole."""
    units = sorted(data_access.rankings(version, Scope("admin"), period)["unit_code"])
    written = []
    with layout_pool(len(units), workers) as pool:
        laid_out = []
        for code in units:
            card = load_card(version, code, period)
            html = render_card_html(card, draft, made_on)
            laid_out.append((card, pool.lay_out(html, str(TEMPLATES))))
        for card, pages in laid_out:
            folder = card_folder(reports_month, card.code)
            folder.mkdir(parents=True, exist_ok=True)
            stem = card_stem(card.code, period)
            pdf, xlsx = folder / f"{stem}.pdf", folder / f"{stem}.xlsx"
            try:
                pdf_pages = pages.result()
            except LayoutFailed as failed:
                raise CardNotLaidOut(card.code, period, failed) from failed
            with written_whole(pdf) as pdf_tmp, written_whole(xlsx) as xlsx_tmp:
                pdf_tmp.write_bytes(pdf_pages)
                write_card_xlsx(card, xlsx_tmp, draft)
            (folder / f"{stem}.json").write_text(
                json.dumps(
                    {"period": period, "unit_code": card.code, "final": not draft,
                     "made_on": made_on.isoformat(), "input_fingerprint": fingerprint},
                    ensure_ascii=False, indent=2,
                ),
                encoding="utf-8",
            )  # fmt: skip
            written += [pdf, xlsx]
    return written
