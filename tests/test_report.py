"""The monthly report: its PDF text and XLSX annex against the marts, the draft mark, the
refusal of --final on an unpublishable month, reproducibility, and the monthly schedule."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re
import shutil
from pathlib import Path
from zoneinfo import ZoneInfo

import dagster as dg
import duckdb
import pandas as pd
import pytest
from click.testing import CliRunner
from openpyxl import load_workbook
from pypdf import PdfReader

from cli.main import main
from orchestration.definitions import build_definitions
from orchestration.monthly_report import write_report
from orchestration.runner import run_pipeline
from readside.vocabulary import PEER_GROUPS, UNIT_KINDS
from reports.build import FinalRefused
from reports.labels import GAP_HEADERS, KPI_HEADERS, SCORE_HEADERS

PERIOD = "2026-10"


@pytest.fixture(scope="module")
def draft_and_final(published_sample, tmp_path_factory):
    warehouse, serving = published_sample
    root = tmp_path_factory.mktemp("reports")
    draft = write_report(serving, PERIOD, root / "draft", warehouse=warehouse)
    final = write_report(serving, PERIOD, root / "final", final=True, warehouse=warehouse)
    return draft, final, serving


def pages_text(path: Path) -> list[str]:
    return [page.extract_text() for page in PdfReader(path).pages]


def marts(serving: Path, sql: str, params=None) -> pd.DataFrame:
    with duckdb.connect(str(serving), read_only=True) as con:
        return con.execute(sql, params or []).df()


def vi(value: float, decimals: int = 2) -> str:
    return f"{value:,.{decimals}f}".replace(",", "\0").replace(".", ",").replace("\0", ".")


def test_the_pdf_holds_every_ranked_unit_with_its_composite_and_rank(draft_and_final):
    draft, _, serving = draft_and_final
    scores = marts(
        serving,
        "SELECT unit_name, rank, composite, grade FROM marts.fct_unit_month_scores "
        "WHERE period = ? AND ranked",
        [PERIOD],
    )
    assert len(scores) >= 10
    lines = "\n".join(pages_text(draft.pdf)).splitlines()
    for row in scores.itertuples():
        matching = [line for line in lines if row.unit_name in line]
        expected = f"{int(row.rank)} {row.unit_name} {row.grade} {vi(row.composite)}"
        assert any(line.strip().startswith(expected) for line in matching), (expected, matching)


def test_the_pdf_is_vietnamese_with_its_sections(draft_and_final):
    draft, _, _ = draft_and_final
    text = "\n".join(pages_text(draft.pdf))
    for heading in (
        # the parts of an administrative report (Decree 30/2020/NĐ-CP)
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
        "Số:",
        "Hà Nội, ngày",
        "BÁO CÁO",
        "Kính gửi: Thủ tướng Chính phủ",
        "Nơi nhận:",
        "CỤC TRƯỞNG",
        # its sections
        "I. TÌNH HÌNH CHUNG",
        "II. KIẾN NGHỊ, ĐỀ XUẤT",
        "III. CÁC CHỈ TIÊU TOÀN QUỐC",
        "Khoảng cách đến mục tiêu của Chỉ thị 09/CT-TTg",
        "IV. KẾT QUẢ XẾP HẠNG",
        "Đơn vị chưa được xếp hạng",
        "Các yêu cầu chưa được đáp ứng nhiều nhất",
        "Chất lượng dữ liệu",
        "PHỤ LỤC: PHƯƠNG PHÁP",
        "tháng 10/2026",
    ):
        assert heading in text, heading
    assert draft.fingerprint in text.replace("\n", "")


def test_a_draft_is_marked_on_every_page_and_a_final_is_not(draft_and_final):
    draft, final, _ = draft_and_final
    assert draft.draft and not final.draft
    facts = json.loads(final.pdf.with_suffix(".json").read_text(encoding="utf-8"))
    assert facts["final"] and facts["input_fingerprint"] == final.fingerprint
    draft_pages, final_pages = pages_text(draft.pdf), pages_text(final.pdf)
    assert len(draft_pages) >= 6
    assert all("DỰ THẢO" in page for page in draft_pages)
    assert not any("DỰ THẢO" in page for page in final_pages)
    assert "Số:" in final_pages[0] and "(dự thảo, chưa ký)" not in "\n".join(final_pages)


def read_sheet(path: Path, sheet: str, headers: dict[str, str]) -> pd.DataFrame:
    book = load_workbook(path, read_only=True)
    rows = list(book[sheet].values)
    back = {v: k for k, v in headers.items()}
    return pd.DataFrame(rows[1:], columns=[back[h] for h in rows[0]])


def same_rows(left: pd.DataFrame, right: pd.DataFrame) -> None:
    left = left.reset_index(drop=True)
    right = right[list(left.columns)].reset_index(drop=True)
    assert len(left) == len(right)
    for column in left.columns:
        a = left[column].astype(object).where(left[column].notna(), None).tolist()
        b = right[column].astype(object).where(right[column].notna(), None).tolist()
        a = [x.date() if isinstance(x, dt.datetime) else x for x in a]
        b = [x.date() if isinstance(x, pd.Timestamp) else x for x in b]
        if any(isinstance(x, float) for x in b):
            # Excel keeps 15 significant digits
            assert [x is None for x in a] == [x is None for x in b], column
            pairs = [(x, y) for x, y in zip(a, b, strict=True) if y is not None]
            assert [x for x, _ in pairs] == pytest.approx([y for _, y in pairs], rel=1e-14), column
        else:
            assert a == b, column


def test_the_xlsx_reads_back_to_the_marts(draft_and_final):
    draft, _, serving = draft_and_final
    scores = marts(
        serving,
        "SELECT * FROM marts.fct_unit_month_scores WHERE period = ? "
        "ORDER BY peer_group, ranked DESC, rank, unit_code",
        [PERIOD],
    )
    # the annex's values are in words: peer groups, kinds of unit, yes and no
    scores = scores.assign(
        peer_group=scores["peer_group"].map(lambda g: PEER_GROUPS[g][0]),
        unit_kind=scores["unit_kind"].map(lambda k: UNIT_KINDS[k][0]),
        ranked=scores["ranked"].map({True: "Có", False: "Không"}),
    )
    same_rows(read_sheet(draft.xlsx, "Bảng điểm", SCORE_HEADERS), scores)
    gaps = marts(
        serving,
        "SELECT * FROM marts.fct_compliance_gaps WHERE period = ? ORDER BY top_level_code, "
        "agency_code, system_id, obligation, requirement_code",
        [PERIOD],
    )
    gap_headers = {k: v for k, v in GAP_HEADERS.items() if k not in ("title_vi", "title_en")}
    shown = read_sheet(draft.xlsx, "Yêu cầu chưa đáp ứng", gap_headers)
    assert shown["obligation"].tolist() == gaps["title_vi"].tolist()  # what it asks, not its code
    assert set(shown["obligation_group"]) <= {
        "yêu cầu an toàn", "hồ sơ cấp độ", "bảo vệ 4 lớp", "cảnh báo"}  # fmt: skip
    same_rows(shown.drop(columns=["obligation", "obligation_group", "detail"]),
              gaps.drop(columns=["obligation", "obligation_group", "detail", "title_vi",
                                 "title_en"]))  # fmt: skip
    # Finding: the KPI sheet held months after the report's (2026-12 in the report for 11/2026).
    kpis = marts(
        serving, "SELECT * FROM marts.fct_national_kpis WHERE period <= ? ORDER BY period",
        [PERIOD],
    )  # fmt: skip
    assert marts(serving, "SELECT max(period) AS p FROM marts.fct_national_kpis")["p"][0] > PERIOD
    same_rows(read_sheet(draft.xlsx, "Chỉ tiêu quốc gia", KPI_HEADERS), kpis)
    book = load_workbook(draft.xlsx)
    sheet = book["Bảng điểm"]
    assert sheet.freeze_panes == "C2"
    assert sheet.cell(1, 1).value == "Tháng" and sheet.cell(1, 1).font.bold
    composite = list(SCORE_HEADERS).index("composite") + 1
    assert sheet.cell(2, composite).number_format == "#,##0.00"
    info = {row[0].value: row[1].value for row in book["Thông tin"].iter_rows()}
    assert info["Trạng thái"] == "DỰ THẢO" and info["Phiên bản phương pháp"] == "1.0"
    assert info["Dấu vân tay dữ liệu đầu vào (SHA-256)"] == draft.fingerprint


def test_the_same_inputs_give_the_same_report(draft_and_final, tmp_path):
    draft, _, serving = draft_and_final
    again = write_report(serving, PERIOD, tmp_path)
    assert again.fingerprint == draft.fingerprint
    for sheet, headers in (("Bảng điểm", SCORE_HEADERS), ("Chỉ tiêu quốc gia", KPI_HEADERS)):
        pd.testing.assert_frame_equal(
            read_sheet(again.xlsx, sheet, headers), read_sheet(draft.xlsx, sheet, headers)
        )
    strip = [page.replace(again.pdf.name, "") for page in pages_text(again.pdf)]
    assert strip == [page.replace(draft.pdf.name, "") for page in pages_text(draft.pdf)]


def test_final_is_refused_on_an_unpublishable_month(published_sample, tmp_path):
    """An export that lost 60% of the systems makes 2026-11 unpublishable (issue 4); the run
    publishes nothing, so the refusal comes from the warehouse's latest checks."""
    warehouse, _ = published_sample
    landing = tmp_path / "landing"
    shutil.copytree(Path(__file__).parent / "data" / "sample_landing", landing)
    scratch = tmp_path / "warehouse" / "attt.duckdb"
    scratch.parent.mkdir()
    shutil.copy(warehouse, scratch)
    serving = scratch.parent / "serving" / "attt.duckdb"
    shutil.copytree(warehouse.parent / "serving", serving.parent)
    with open(landing / "dossiers" / "systems_20261105.csv", encoding="utf-8-sig") as handle:
        rows = list(csv.reader(handle))
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows(rows[: 1 + (len(rows) - 1) * 2 // 5])
    (landing / "dossiers" / "systems_20261120.csv").write_text(out.getvalue(), encoding="utf-8")
    report = run_pipeline(
        warehouse=scratch, landing=landing, serving=serving, instance=dg.DagsterInstance.ephemeral()
    )
    assert not report.published

    with pytest.raises(FinalRefused) as refused:
        write_report(serving, "2026-11", tmp_path / "out", final=True, warehouse=scratch)
    assert "systems.snapshot_keeps_previous_systems" in str(refused.value)
    assert "systems_20261120.csv" in str(refused.value)
    assert not (tmp_path / "out" / "bao-cao-attt-2026-11.pdf").exists()

    runner = CliRunner()
    result = runner.invoke(
        main,
        [
            "report",
            "--period",
            "2026-11",
            "--final",
            "--warehouse",
            str(scratch),
            "--out",
            str(tmp_path / "cli"),
        ],
    )
    assert result.exit_code != 0 and "chưa đủ điều kiện công bố" in result.output
    assert "tại tệp dossiers/systems_20261120.csv" in result.output  # the file, in words
    result = runner.invoke(
        main,
        [
            "report",
            "--period",
            "2026-11",
            "--warehouse",
            str(scratch),
            "--out",
            str(tmp_path / "cli"),
        ],
    )
    assert result.exit_code == 0, result.output
    assert "DỰ THẢO" in pages_text(tmp_path / "cli" / "bao-cao-attt-2026-11.pdf")[0]
    # October is still publishable: its final report is made
    write_report(serving, PERIOD, tmp_path / "oct", final=True, warehouse=scratch)


@pytest.mark.parametrize(
    ("tick", "month"),
    [
        (dt.datetime(2026, 11, 5, 7, 0), "2026-10"),
        (dt.datetime(2027, 1, 5, 7, 0), "2026-12"),
        (dt.datetime(2026, 3, 5, 7, 0), "2026-02"),
    ],
)
def test_the_schedule_asks_for_the_month_before(tick, month):
    defs = build_definitions()
    schedule = defs.get_schedule_def("monthly_report_schedule")
    assert schedule.cron_schedule == "0 7 5 * *"
    assert schedule.execution_timezone == "Asia/Ho_Chi_Minh"
    context = dg.build_schedule_context(
        scheduled_execution_time=tick.replace(tzinfo=ZoneInfo("Asia/Ho_Chi_Minh"))
    )
    requests = schedule.evaluate_tick(context).run_requests
    assert [r.partition_key for r in requests] == [month]


def test_the_report_asset_writes_the_final_report_of_a_publishable_month(
    published_sample, tmp_path
):
    warehouse, serving = published_sample
    defs = build_definitions(warehouse=warehouse, serving=serving, reports=tmp_path)
    job = defs.resolve_job_def("monthly_report")
    result = job.execute_in_process(partition_key=PERIOD, instance=dg.DagsterInstance.ephemeral())
    assert result.success
    pdf = tmp_path / PERIOD / f"bao-cao-attt-{PERIOD}.pdf"
    assert pdf.exists() and (tmp_path / PERIOD / f"bao-cao-attt-{PERIOD}.xlsx").exists()
    materialization = result.asset_materializations_for_node("reports__monthly_report")[0]
    assert materialization.metadata["final"].value is True
    assert not any("DỰ THẢO" in page for page in pages_text(pdf))


def test_every_quality_check_has_a_name_in_words():
    from quality.suites import CHECKS, marts_checks
    from reports.labels import CHECK_NAMES

    checks = [*CHECKS, *marts_checks({"approval_coverage": 1})]
    assert {f"{c.suite}.{c.name}" for c in checks} <= set(CHECK_NAMES)


MACHINE_CODES = (
    # stored codes a reader must never see: obligations, rules, statuses, enum values
    "no_approved_dossier", "plan_not_implemented", "requirement_not_met", "requirement_partial",
    "requirement_without_result", "layer_onsite_missing", "layer_monitoring_missing",
    "layer_independent_check_missing", "layer_ncsc_missing", "warning_overdue",
    "unknown_reference", "duplicate_key", "cell_too_long", "row_shape", "event_window",
    "required_when_approved", "after_export_date", "loaded", "rejected", "superseded",
    "ministry", "ministerial_agency", "government_agency", "province", "sector", "True", "False",
    "None", "nan", "approved", "submitted", "appraising", "critical", "blocking", "dossier",
    "four_layer", "requirement", "warning",
)  # fmt: skip


def _codes_in(text: str) -> list[str]:
    found = [code for code in MACHINE_CODES if re.search(rf"(?<![\w/.-]){code}(?![\w-])", text)]
    found += re.findall(r"\b[a-z]+\.[a-z_]+_[a-z_]+\b", text)  # suite.check_name
    return found


def _later_months(text: str) -> list[str]:
    """Months written mm/yyyy (not a dd/mm/yyyy date) after the report's."""
    return [
        f"{m}/{y}"
        for m, y in re.findall(r"(?<![\d/])(\d{2})/(\d{4})(?![\d/])", text)
        if f"{y}-{m}" > PERIOD
    ]


def test_the_report_and_its_annex_hold_no_machine_code_and_no_later_month(draft_and_final):
    """Findings: machine codes reached the report's readers, and the annex's KPI sheet held
    months after the report's."""
    draft, _, _ = draft_and_final
    text = "\n".join(pages_text(draft.pdf))
    assert _codes_in(text) == []
    assert _later_months(text) == []
    book = load_workbook(draft.xlsx, read_only=True)
    for sheet in book.worksheets:
        rows = list(sheet.iter_rows(values_only=True))
        header, body = rows[0], rows[1:]
        cells = "\n".join(",".join("" if v is None else str(v) for v in row) for row in body)
        if sheet.title != "Thông tin":
            assert _codes_in(cells) == [], sheet.title
        if "Tháng" in header:
            months = {row[header.index("Tháng")] for row in body}
            assert max(months) <= PERIOD, sheet.title


def test_the_checker_would_see_a_code_and_a_later_month():
    assert _codes_in("Nghĩa vụ: layer_ncsc_missing; nhóm ministry") == [
        "layer_ncsc_missing", "ministry"]  # fmt: skip
    assert _later_months("Số liệu 11/2026, lập ngày 02/12/2026") == ["11/2026"]


def test_the_unit_card_explains_the_change_and_shows_the_path_to_the_next_grade(draft_and_final):
    """Issue 15: a unit's card carries the change from the month before (each indicator's
    contribution, with what changed under it) and the path to the next grade (each step with
    its gain), headed in Vietnamese and English, in the PDF and the XLSX, with no code."""
    draft, _, serving = draft_and_final
    pdf = next(p for p in draft.cards if p.name == f"phieu-danh-gia-HN-{PERIOD}.pdf")
    text = "\n".join(pages_text(pdf))
    flat = re.sub(r"\s+", " ", text)
    for heading in ("Thay đổi so với tháng trước", "Change from the month before",
                    "Lộ trình lên hạng", "Path to the next grade"):  # fmt: skip
        assert heading in flat, heading
    steps = marts(serving, "SELECT * FROM marts.fct_grade_plans WHERE unit_code = 'HN' AND "
                           "period = ? ORDER BY step", [PERIOD])  # fmt: skip
    contributions = marts(serving, "SELECT * FROM marts.fct_score_contributions WHERE "
                                   "unit_code = 'HN' AND period = ?", [PERIOD])  # fmt: skip
    assert len(steps) >= 1 and len(contributions) == 7
    assert flat.count("☐") == len(steps)
    change = float(contributions["composite_change"].iloc[0])
    assert f"({'+' if change >= 0 else '−'}{vi(abs(change))})" in flat
    assert _codes_in(text) == []
    book = load_workbook(pdf.with_suffix(".xlsx"), read_only=True)
    plan = list(book["Lộ trình"].iter_rows(values_only=True))
    assert len(plan) == 1 + len(steps) and plan[0][:3] == ("Bước", "Việc cần làm", "Action")
    assert len(list(book["Đóng góp"].iter_rows(values_only=True))) == 8
    for title in [s.title for s in book.worksheets if s.title != "Thông tin"]:
        cells = "\n".join(",".join("" if v is None else str(v) for v in row)
                          for row in list(book[title].iter_rows(values_only=True))[1:])  # fmt: skip
        assert _codes_in(cells) == [], title


def test_the_movers_say_which_indicators_moved_each_riser_and_faller(draft_and_final):
    """Issue 15: the national report's movers name, for each riser and faller, the indicators
    that moved its composite most, with their points (from marts.fct_score_contributions)."""
    draft, _, serving = draft_and_final
    flat = re.sub(r"\s+", " ", "\n".join(pages_text(draft.pdf)))
    assert "Chỉ số làm thay đổi điểm nhiều nhất" in flat
    moved = marts(serving, "SELECT s.unit_code, s.unit_name, s.rank_change, c.indicator, "
                           "c.contribution FROM marts.fct_unit_month_scores s JOIN "
                           "marts.fct_score_contributions c USING (period, unit_code) "
                           "WHERE s.period = ? AND s.rank_change <> 0", [PERIOD])  # fmt: skip
    assert not moved.empty
    top = moved.loc[moved["rank_change"].abs().idxmax()]
    mine = moved[moved["unit_code"] == top["unit_code"]]
    biggest = mine.loc[mine["contribution"].abs().idxmax()]
    sign = "+" if biggest["contribution"] >= 0 else "−"
    from readside.i18n import t

    assert f"{t(biggest['indicator'])} {sign}{vi(abs(biggest['contribution']))} điểm" in flat


def test_a_month_without_scores_is_refused_in_the_readers_words(published_sample, tmp_path):
    _, serving = published_sample
    asked = ["report", "--period", "2025-01", "--serving", str(serving), "--out", str(tmp_path)]
    said = CliRunner().invoke(main, asked)
    assert said.exit_code != 0
    assert "chưa công bố điểm tháng 1/2025" in said.output and "2026-10" in said.output
    english = CliRunner().invoke(main, ["--lang", "en", *asked])
    assert "no scores published for 2025-01" in english.output
    assert not list(tmp_path.iterdir())  # nothing written


def test_the_cards_come_from_the_publication_the_report_was_made_from(
    published_sample, tmp_path, monkeypatch
):
    # Finding: the report was read from the serving copy as it was at the start, the units'
    # cards from the copy as it was when the cards began. A publish in between (the national
    # annex alone takes 18 s, and a day's run publishes) gave cards of another publication
    # than the report and its fingerprint.
    import reports.build as build

    serving = tmp_path / "serving" / "attt.duckdb"
    serving.parent.mkdir()
    shutil.copyfile(published_sample[1], serving)
    later = tmp_path / "later.duckdb"
    shutil.copyfile(serving, later)
    with duckdb.connect(str(later)) as con:
        con.execute("UPDATE marts.fct_unit_month_scores SET unit_name = 'Bản công bố sau'")
    write_xlsx = build.write_xlsx

    def publish_meanwhile(*args, **kwargs):
        write_xlsx(*args, **kwargs)
        shutil.move(later, serving)  # a run publishing, as it does: a new file renamed over

    monkeypatch.setattr(build, "write_xlsx", publish_meanwhile)
    files = build.write_report(serving, PERIOD, tmp_path / "out")
    assert not later.exists()  # the publication did happen while the report was written
    cards = [load_workbook(p)["Thông tin"]["B1"].value for p in files.cards if p.suffix == ".xlsx"]
    assert len(cards) >= 10
    assert not [name for name in cards if "Bản công bố sau" in name]


def test_a_report_that_fails_half_way_leaves_the_last_one_and_no_partial_files(
    published_sample, tmp_path, monkeypatch
):
    # Finding: the PDF and the XLSX were written beside their targets and renamed by hand; when
    # the XLSX failed, the PDF's `.tmp` stayed in the month's folder until the next run's sweep.
    import reports.build as build

    out = tmp_path / "out"
    first = build.write_report(published_sample[1], PERIOD, out)
    before = {p: p.read_bytes() for p in (first.pdf, first.xlsx)}

    def broken_workbook(*args, **kwargs):
        raise OSError("disk full")

    monkeypatch.setattr(build, "write_xlsx", broken_workbook)
    with pytest.raises(OSError, match="disk full"):
        build.write_report(published_sample[1], PERIOD, out)
    assert {p: p.read_bytes() for p in before} == before
    assert not [p.name for p in out.rglob(".*")]  # no hidden partial file anywhere


def test_cards_laid_out_by_worker_processes_are_those_of_one_process(draft_and_final, tmp_path):
    # The national report's 73 cards took 12.5 min one after the other (about 10 s of layout
    # each); they are now laid out by one process per core. Side by side or one at a time, a
    # unit's card must hold the same pages, and each card must be the unit's own.
    from readside import serving_copy
    from reports.unit_card import write_unit_cards

    _, _, serving = draft_and_final
    version = serving_copy.current_version(serving)
    made_on = dt.date(2026, 11, 3)
    alone = write_unit_cards(version, PERIOD, tmp_path / "one", True, made_on, "f", workers=1)
    side = write_unit_cards(version, PERIOD, tmp_path / "two", True, made_on, "f", workers=2)
    assert [p.relative_to(tmp_path / "one") for p in alone] == [
        p.relative_to(tmp_path / "two") for p in side
    ]
    pdfs = [(a, b) for a, b in zip(alone, side, strict=True) if a.suffix == ".pdf"]
    assert len(pdfs) >= 10
    for one, two in pdfs:
        assert pages_text(one) == pages_text(two), one.name
        code = one.parent.name
        sql = "SELECT unit_name FROM marts.fct_unit_month_scores WHERE unit_code = ? AND period = ?"
        name = marts(serving, sql, [code, PERIOD]).iloc[0, 0]
        assert name in re.sub(r"\s+", " ", pages_text(two)[0]), code


def test_a_card_that_cannot_be_laid_out_stops_the_cards_and_leaves_no_partial_file(
    published_sample, tmp_path, monkeypatch
):
    # A worker's error reaches the report: the cards written before it stay whole, the failing
    # card is not written, and no partial file is left.
    import reports.unit_card as unit_card
    from readside import serving_copy
    from reports.unit_card import CardNotLaidOut

    version = serving_copy.current_version(published_sample[1])
    render = unit_card.render_card_html

    def unlayable_for_hn(card, draft, made_on):
        html = render(card, draft, made_on)
        # a size WeasyPrint cannot lay out: it raises OverflowError in the worker
        return html.replace("</body>", '<p style="font-size: 1e308px">x</p></body>') \
            if card.code == "HN" else html

    monkeypatch.setattr(unit_card, "render_card_html", unlayable_for_hn)
    out = tmp_path / "out"
    made_on = dt.date(2026, 11, 3)
    with pytest.raises(CardNotLaidOut, match="OverflowError") as failed:
        unit_card.write_unit_cards(version, PERIOD, out, True, made_on, "f", workers=2)
    # said with the unit and the month, in both languages
    assert failed.value.code == "HN" and "card of unit HN for " in str(failed.value)
    assert failed.value.words("vi").startswith("Không dàn trang được phiếu đánh giá của đơn vị HN")
    written = {p.parent.name for p in out.rglob("*.pdf")}
    assert written and "HN" not in written
    assert all(code < "HN" for code in written)  # the cards are written in order of code
    assert not [p.name for p in out.rglob(".*")]
