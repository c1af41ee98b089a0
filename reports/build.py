"""Making a month's report: `write_report` writes bao-cao-attt-YYYY-MM.pdf and .xlsx, a draft
unless the final version is asked for and the month is publishable, and every top-level unit's
card (`reports.unit_card`) under units/<CODE>/."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass, field
from pathlib import Path

from core.clock import today_in_vietnam
from core.whole_file import written_whole
from readside.i18n import month
from readside.vocabulary import check_words, observed_words, status_batch_words
from reports.content import ReportContent, load
from reports.pdf import write_pdf
from reports.unit_card import write_unit_cards
from reports.xlsx import write_xlsx


class FinalRefused(RuntimeError):
    """--final on a month that is not publishable; the message gives the reasons (in English;
    `refusal(period, reasons, "vi")` says them in Vietnamese)."""

    def __init__(self, period: str, reasons: list[dict]) -> None:
        super().__init__(refusal(period, reasons, "en"))
        self.period, self.reasons = period, reasons


@dataclass
class ReportFiles:
    period: str
    pdf: Path
    xlsx: Path
    draft: bool
    reasons: list[dict]  # why the month is not publishable; empty when it is
    fingerprint: str
    methodology_version: str
    cards: list[Path] = field(default_factory=list)  # every unit's card, PDF and XLSX

    @property
    def publishable(self) -> bool:
        return not self.reasons


def blocking_reasons(report: ReportContent, latest: dict | None) -> list[dict]:
    if not report.status:
        return [
            {
                "check": "quality.month_status",
                "batch": report.period,
                "detail": "no quality status was published for this month",
            }
        ]
    reasons = list(report.status.get("blocking_failures", []))
    if latest is not None:
        reasons += [r for r in latest["blocking_failures"] if r not in reasons]
    return reasons


def refusal(period: str, reasons: list[dict], lang: str = "vi") -> str:
    """Why a month cannot be reported as final: each failed check in words, its code, the file
    (or month) it failed on and what it observed, so the sender knows what to correct."""
    if lang == "en":
        lines = [f"{period} is not publishable, so no final report is made:"]
    else:
        lines = [f"{month(period).capitalize()} chưa đủ điều kiện công bố nên không tạo báo "
                 "cáo chính thức:"]  # fmt: skip
    for item in reasons:
        words = check_words(item["check"], lang)
        detail = item.get("detail", "")
        if isinstance(detail, dict):
            detail = observed_words(detail, lang)
        elif not isinstance(detail, str):
            detail = json.dumps(detail, ensure_ascii=False)
        where = status_batch_words(item["batch"], lang)
        lines.append(f"  - {words} [{item['check']}] {'in' if lang == 'en' else 'tại'} {where}: "
                     f"{detail}")  # fmt: skip
    return "\n".join(lines)


def write_report(
    serving_copy: Path,
    period: str,
    out_dir: Path,
    final: bool = False,
    made_on: dt.date | None = None,
    warehouse_status: dict | None = None,
    draft_when_refused: bool = False,
) -> ReportFiles:
    """Write the month's PDF and XLSX into `out_dir`; with `final`, refuse unless the month is
    publishable, both as published and by `warehouse_status`, the month's status by the
    warehouse's latest checks when the caller (the write side) could read it (or, with
    `draft_when_refused`, write a draft and return the reasons)."""
    report = load(serving_copy, period)
    reasons = blocking_reasons(report, warehouse_status)
    if final and reasons and not draft_when_refused:
        raise FinalRefused(period, reasons)
    draft = not final or bool(reasons)
    made_on = made_on or today_in_vietnam()
    out_dir.mkdir(parents=True, exist_ok=True)
    stem = f"bao-cao-attt-{period}"
    pdf, xlsx = out_dir / f"{stem}.pdf", out_dir / f"{stem}.xlsx"
    with written_whole(pdf) as pdf_tmp, written_whole(xlsx) as xlsx_tmp:
        write_pdf(report, pdf_tmp, draft, made_on, reasons)
        write_xlsx(report, xlsx_tmp, draft)
    (out_dir / f"{stem}.json").write_text(
        json.dumps(
            {
                "period": period,
                "final": not draft,
                "made_on": made_on.isoformat(),
                "methodology_version": report.methodology["version"],
                "input_fingerprint": report.fingerprint,
                "input_files": report.files_fingerprinted,
            },
            ensure_ascii=False,
            indent=2,
        ),
        encoding="utf-8",
    )
    cards = write_unit_cards(report.version, period, out_dir, draft, made_on, report.fingerprint)
    return ReportFiles(
        period=period,
        pdf=pdf,
        xlsx=xlsx,
        draft=draft,
        reasons=reasons,
        fingerprint=report.fingerprint,
        methodology_version=report.methodology["version"],
        cards=cards,
    )
