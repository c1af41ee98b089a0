"""The report's words: the month's findings and the recommendations, written from its numbers.

Each sentence is built from the published figures of the month (and the month before), so the
summary says what the tables show: how many systems are approved and how that moved, how the
units rank and who leads each group, who rose and fell, the state of infections, warnings and
web domains, and whether the month's data may be published. The recommendations name the units
they concern, by the rules below; a rule that concerns nobody says nothing.
"""

from __future__ import annotations

import pandas as pd

from readside import kpis
from readside.i18n import month, number, percent, points
from reports.content import ReportContent
from reports.labels import PEER_GROUP_NAMES

NAMES_LISTED = 8
LOW_APPROVAL = 50.0  # approval coverage below which a unit is asked to finish its dossiers
LOW_LAYERS = 50.0  # four-layer indicator below which a unit is asked to deploy the model


def _names(frame: pd.DataFrame) -> str:
    names = list(frame["unit_name"])
    if len(names) > NAMES_LISTED:
        more = number(len(names) - NAMES_LISTED)
        return ", ".join(names[:NAMES_LISTED]) + f" và {more} đơn vị khác"
    return ", ".join(names)


def _moved(now: float | None, delta: float | None, share: bool) -> str:
    if delta is None:
        return "chưa có số liệu tháng trước để so sánh"
    if delta == 0:
        return "không đổi so với tháng trước"
    size = points(abs(delta)) if share else number(abs(delta))
    return f"{'tăng' if delta > 0 else 'giảm'} {size} so với tháng trước"


def findings(report: ReportContent) -> list[str]:
    now, before = report.kpi, report.previous_kpi
    scores = report.scores
    when = month(report.period)
    paragraphs = []

    operating, approved = int(now["operating_systems"]), int(now["approved_systems"])
    missing = operating - approved
    levels = [(n, int(now[f"operating_level_{n}"]) - int(now[f"approved_level_{n}"]))
              for n in range(1, 6)]  # fmt: skip
    worst = max(levels, key=lambda item: item[1])
    rate = kpis.value(now, "approval_rate")
    text = (
        f"Tính đến hết {when}, cả nước có {number(operating)} hệ thống thông tin đang vận hành, "
        f"trong đó {number(approved)} hệ thống ({percent(rate)}) đã được phê duyệt hồ sơ đề xuất "
        f"cấp độ, {_moved(rate, kpis.change(now, before, 'approval_rate'), True)}."
    )
    if missing > 0:
        text += (
            f" Còn {number(missing)} hệ thống chưa được phê duyệt, nhiều nhất ở cấp độ "
            f"{worst[0]} ({number(worst[1])} hệ thống)."
        )
    plan = kpis.value(now, "plan_rate")
    if plan is not None and not pd.isna(plan):
        text += (
            f" {percent(plan)} hệ thống đã phê duyệt đã triển khai đầy đủ phương án bảo đảm an "
            f"toàn thông tin, {_moved(plan, kpis.change(now, before, 'plan_rate'), True)}."
        )
    paragraphs.append(text)

    ranked = scores[scores["ranked"]]
    grades = ranked["grade"].value_counts()
    spread = ", ".join(f"{g}: {number(grades.get(g, 0))}" for g in "ABCDE")
    text = (
        f"{number(len(ranked))}/{number(len(scores))} bộ, ngành, địa phương đủ dữ liệu để xếp "
        f"hạng (xếp loại {spread} đơn vị)."
    )
    for group, title in PEER_GROUP_NAMES.items():
        rows = ranked[ranked["peer_group"] == group].sort_values(["rank", "unit_code"])
        if len(rows) >= 2:
            first, last = rows.iloc[0], rows.iloc[-1]
            text += (
                f" Nhóm {title.lower()}: dẫn đầu là {first['unit_name']} "
                f"({number(first['composite'], 2)} điểm, xếp loại {first['grade']}), thấp nhất "
                f"là {last['unit_name']} ({number(last['composite'], 2)} điểm)."
            )
    paragraphs.append(text)

    moved = scores.dropna(subset=["rank_change"])
    moved = moved[moved["rank_change"] != 0]
    if not moved.empty:
        up = moved.sort_values("rank_change", ascending=False).iloc[0]
        down = moved.sort_values("rank_change").iloc[0]
        text = f"So với tháng trước, {number(len(moved))} đơn vị thay đổi hạng trong nhóm."
        if up["rank_change"] > 0:
            why = report.moved_by(up["unit_code"])
            text += (
                f" Tăng nhiều nhất: {up['unit_name']} (tăng {int(up['rank_change'])} bậc"
                + (f"; do {why}" if why else "")
                + ")."
            )
        if down["rank_change"] < 0:
            why = report.moved_by(down["unit_code"])
            text += (
                f" Giảm nhiều nhất: {down['unit_name']} (giảm {-int(down['rank_change'])} bậc"
                + (f"; do {why}" if why else "")
                + ")."
            )
        paragraphs.append(text)

    infected = kpis.value(now, "infected_state")
    national = int(now["infected_ipv4_national"]) + int(now["infected_ipv6_national"])
    text = (
        f"Trong tháng ghi nhận {number(infected)} địa chỉ IP nhiễm mã độc botnet thuộc dải địa "
        f"chỉ của các cơ quan, đơn vị nhà nước, "
        f"{_moved(infected, kpis.change(now, before, 'infected_state'), False)}, trên tổng số "
        f"{number(national)} địa chỉ nhiễm được phát hiện trên cả nước."
    )
    due, on_time = int(now["due_warnings"]), int(now["on_time_warnings"])
    overdue = report.gaps[report.gaps["obligation"] == "warning_overdue"]
    if due:
        text += (
            f" Có {number(due)} cảnh báo lỗ hổng đến hạn xử lý trong tháng, {number(on_time)} "
            f"cảnh báo ({percent(on_time / due)}) được xử lý đúng hạn"
        )
        text += f"; {number(overdue['warning_id'].nunique())} cảnh báo đang quá hạn." if len(
            overdue) else "."  # fmt: skip
    measured = int(now["measured_domains"])
    if measured:
        passing = int(now["passing_domains"])
        share = percent(passing / measured)
        text += (
            f" {number(passing)}/{number(measured)} tên miền được đo ({share}) đạt cả bốn kiểm "
            "tra an toàn website."
        )
    paragraphs.append(text)

    status = report.status or {}
    if status.get("publishable", False):
        text = f"Mọi kiểm tra chặn công bố đối với dữ liệu {when} đều đạt."
    else:
        blocking = status.get("blocking_failures", [])
        text = (
            f"Dữ liệu {when} chưa đủ điều kiện công bố: {number(len(blocking))} kiểm tra chặn công "
            "bố không đạt (mục V); các số liệu trên là dự thảo."
        )
    unmeasured = report.unmeasured["unit_code"].nunique()
    if unmeasured:
        text += (
            f" {number(unmeasured)} đơn vị không có dữ liệu của ít nhất một nguồn giám sát trong "
            "14 ngày cuối tháng."
        )
    paragraphs.append(text)
    return paragraphs


def recommendations(report: ReportContent) -> list[str]:
    scores = report.scores
    ranked = scores[scores["ranked"]]
    items = []
    weak = ranked[ranked["grade"] == "E"].sort_values("composite")
    if not weak.empty:
        items.append(
            f"Đề nghị {_names(weak)} (xếp loại E) khẩn trương rà soát, khắc phục các tồn tại về "
            "bảo đảm an toàn hệ thống thông tin theo cấp độ và báo cáo kết quả trong tháng tới."
        )
    low = scores[scores["approval_coverage"] < LOW_APPROVAL].sort_values("approval_coverage")
    if not low.empty:
        waiting = int((low["systems"] - low["approved_systems"]).sum())
        items.append(
            f"Đề nghị {_names(low)} hoàn thành phê duyệt hồ sơ đề xuất cấp độ cho {number(waiting)}"
            " hệ thống đang vận hành chưa được phê duyệt (Nghị định 85/2016/NĐ-CP, Chỉ thị "
            "09/CT-TTg)."
        )
    overdue = report.gaps[report.gaps["obligation"] == "warning_overdue"]
    if not overdue.empty:
        by_unit = (
            overdue.groupby("top_level_code")["warning_id"].nunique().sort_values(ascending=False)
        )
        units = scores.set_index("unit_code").reindex(by_unit.index).dropna(subset=["unit_name"])
        items.append(
            f"Đề nghị {_names(units.reset_index())} xử lý dứt điểm "
            f"{number(overdue['warning_id'].nunique())} cảnh báo lỗ hổng đã quá hạn."
        )
    layers = scores[scores["four_layer"] < LOW_LAYERS].sort_values("four_layer")
    if not layers.empty:
        items.append(
            f"Đề nghị {_names(layers)} triển khai đầy đủ mô hình bảo vệ 4 lớp (lực lượng tại chỗ, "
            "giám sát chuyên nghiệp, kiểm tra đánh giá độc lập định kỳ, kết nối Trung tâm giám "
            "sát an toàn không gian mạng quốc gia)."
        )
    if not report.unmet.empty:
        top = report.unmet.iloc[0]
        items.append(
            f"Yêu cầu chưa được đáp ứng nhiều nhất trên cả nước là “{top['title_vi']}” "
            f"({number(top['systems'])} hệ thống tại {number(top['units'])} đơn vị"
            + (f"; {top['legal_ref']}" if top["legal_ref"] else "")
            + "): đề nghị các đơn vị tập trung khắc phục."
        )
    unranked = scores[~scores["ranked"]]
    if not unranked.empty:
        items.append(
            f"Đề nghị {_names(unranked)} cập nhật đầy đủ dữ liệu hồ sơ và kết nối giám sát để đủ "
            "điều kiện đánh giá, xếp hạng."
        )
    if not (report.status or {}).get("publishable", False):
        items.append(
            "Đề nghị các đơn vị cung cấp dữ liệu gửi lại các tệp không đạt kiểm tra (mục V) để "
            "số liệu của tháng đủ điều kiện công bố chính thức."
        )
    return items
