"""The report's PDF: the content laid out by a Jinja template and printed by WeasyPrint."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import jinja2
import pandas as pd
import weasyprint
import yaml

from readside import charts, kpis
from readside.i18n import INDICATORS, month, number, percent, points, signed, t
from readside.kpis import HEADLINES
from readside.vocabulary import status_batch_words, word
from reports import narrative
from reports.charts import png_data_uri
from reports.content import ReportContent
from reports.labels import CHECK_NAMES, PEER_GROUP_NAMES, SOURCE_NAMES

TEMPLATES = Path(__file__).resolve().parent / "templates"
ISSUER_FILE = Path(__file__).resolve().parent / "issuer.yml"


def issuer() -> dict:
    """Who issues the report (reports/issuer.yml): heading, number symbol, place, signer."""
    return yaml.safe_load(ISSUER_FILE.read_text(encoding="utf-8"))


def place_date(day: dt.date) -> str:
    """Decree 30/2020's form of a date: 'ngày 05 tháng 12 năm 2026' (a day under 10, and the
    months January and February, are written with a leading 0)."""
    day_text = f"{day.day:02d}"
    month_text = f"{day.month:02d}" if day.month < 3 else str(day.month)
    return f"ngày {day_text} tháng {month_text} năm {day.year}"


ENVIRONMENT = jinja2.Environment(
    loader=jinja2.FileSystemLoader(TEMPLATES), autoescape=jinja2.select_autoescape(["html"])
)


def _kpi_rows(report: ReportContent) -> list[dict]:
    now, before = report.kpi, report.previous_kpi
    rows = []
    for key, label, kind, rise_is_good in HEADLINES:

        def form(v, kind=kind):
            return percent(v) if kind == "share" else number(v)

        current, previous = kpis.value(now, key), kpis.value(before, key)
        delta = kpis.change(now, before, key)
        css = "" if not delta else "up" if (delta > 0) == rise_is_good else "down"
        moved = points(delta) if kind == "share" else form(delta)
        rows.append(
            {
                "label": t(label),
                "now": "–" if current is None else form(current),
                "before": "–" if previous is None else form(previous),
                "change": "–" if delta is None else ("+" if delta > 0 else "") + moved,
                "css": css,
            }
        )
    return rows


def _target_rows(report: ReportContent) -> list[dict]:
    kpi = report.kpi
    rows = []
    for level in range(1, 6):
        operating = int(kpi[f"operating_level_{level}"])
        approved = int(kpi[f"approved_level_{level}"])
        rows.append(
            {
                "level": f"Cấp độ {level}",
                "operating": number(operating),
                "approved": number(approved),
                "rate": percent(approved / operating) if operating else "–",
                "missing": number(operating - approved),
                "total": False,
            }
        )
    operating, approved = int(kpi["operating_systems"]), int(kpi["approved_systems"])
    rows.append(
        {
            "total": True,
            "level": "Tổng",
            "operating": number(operating),
            "approved": number(approved),
            "rate": percent(approved / operating) if operating else "–",
            "missing": number(operating - approved),
        }
    )
    return rows


def _why_moved(rows: pd.DataFrame, report: ReportContent, count: int = 5) -> list[dict]:
    """The group's biggest risers and fallers (those of the movers chart), each with the
    indicators that moved its composite most (methodology: change explained)."""
    moved = rows.dropna(subset=["rank_change"])
    moved = moved[moved["rank_change"] != 0]
    top = pd.concat([moved.nlargest(count, "rank_change"), moved.nsmallest(count, "rank_change")])
    out = []
    for r in (
        top.drop_duplicates("unit_code").sort_values("rank_change", ascending=False).itertuples()
    ):
        mine = report.contributions[report.contributions["unit_code"] == r.unit_code]
        change = float(mine["composite_change"].iloc[0]) if not mine.empty else None
        out.append({
            "unit": r.unit_name,
            "change": signed(r.rank_change),
            "points": "–" if change is None else ("+" if change >= 0 else "−")
            + number(abs(change), 2),
            "why": report.moved_by(r.unit_code, 3) or "–",
        })  # fmt: skip
    return out


def _groups(scores: pd.DataFrame, report: ReportContent) -> list[dict]:
    groups = []
    for group, title in PEER_GROUP_NAMES.items():
        ranked = scores[(scores["peer_group"] == group) & scores["ranked"]].sort_values(
            ["rank", "unit_code"]
        )
        rows = []
        for r in ranked.itertuples():
            change = signed(r.rank_change)
            rows.append(
                {
                    "rank": number(r.rank),
                    "unit": r.unit_name,
                    "grade": r.grade,
                    "composite": number(r.composite, 2),
                    "change": change,
                    "css": "up"
                    if change.startswith("▲")
                    else "down"
                    if change.startswith("▼")
                    else "",
                    "range": f"{number(r.rank_p05)}–{number(r.rank_p95)}",
                }
            )
        mover_rows = scores[scores["peer_group"] == group]
        moving = (mover_rows["rank_change"].fillna(0) != 0).any()
        groups.append(
            {
                "title": title,
                "rows": rows,
                # ranks compare only within a group: its own risers and fallers
                "movers": png_data_uri(charts.movers(mover_rows, "vi")) if moving else None,
                "why": _why_moved(mover_rows, report),
            }
        )
    return groups


def _unranked(report: ReportContent) -> list[dict]:
    rows = []
    for _, r in report.scores[~report.scores["ranked"]].iterrows():
        missing = [t(name) for name in INDICATORS if pd.isna(r[name])]
        rows.append(
            {
                "unit": r["unit_name"],
                "group": PEER_GROUP_NAMES[r["peer_group"]],
                "coverage": number(r["coverage"], 2),
                "missing": ", ".join(missing) or "–",
            }
        )
    return rows


def _unmeasured(report: ReportContent) -> list[dict]:
    frame = report.unmeasured
    rows = []
    for feed, part in frame.groupby("feed", sort=True):
        names = sorted(part["unit_name"].fillna(part["unit_code"]))
        shown = ", ".join(names[:25]) + (
            f" và {len(names) - 25} đơn vị khác" if len(names) > 25 else ""
        )
        rows.append(
            {"feed": SOURCE_NAMES.get(feed, feed), "count": number(len(names)), "units": shown}
        )
    return rows


def _named(item: dict) -> dict:
    """A failed check in words, and what it failed on."""
    where = status_batch_words(item["batch"], "vi")
    return {**item, "check": CHECK_NAMES.get(item["check"], item["check"]), "batch": where}


def _as_of(report: ReportContent) -> str:
    """The day "currently measured" counts back from: the month's last day (or the day of
    publication, for a month not over when it was published)."""
    last_day = (pd.Timestamp(f"{report.period}-01") + pd.offsets.MonthEnd(0)).date()
    as_of = report.status.get("as_of") if report.status else None
    if as_of is not None and not pd.isna(as_of):
        published = pd.Timestamp(as_of).tz_convert("Asia/Ho_Chi_Minh").date()
        last_day = min(last_day, published)
    return last_day.strftime("%d/%m/%Y")


def _unmet(report: ReportContent) -> list[dict]:
    """The requirements most often unmet, with their legal reference and reach."""
    return [
        {
            "title": r.title_vi,
            "code": r.requirement_code or "–",
            "legal": r.legal_ref or "–",
            "systems": number(r.systems),
            "units": number(r.units),
        }
        for r in report.unmet.itertuples()
    ]


def _set_aside(report: ReportContent) -> list[dict]:
    """The rows set aside this month, by source, column and rule."""
    totals = report.set_aside.groupby(["source", "column_name", "rule"], as_index=False)[
        "rows_set_aside"
    ].sum()
    return [
        {
            "source": SOURCE_NAMES.get(r.source, r.source),
            "column": r.column_name or "(cả dòng)",
            "rule": word("rule", r.rule),
            "rows": number(r.rows_set_aside),
        }
        for r in totals.itertuples()
    ]


def _stale(status: dict) -> list[dict]:
    """The sources whose newest file is older than their cadence allows."""
    return [
        {
            "source": SOURCE_NAMES.get(s["source"], s["source"]),
            "newest": dt.date.fromisoformat(s["newest_file_date"]).strftime("%d/%m/%Y")
            if s.get("newest_file_date")
            else "–",
            "after": s["stale_after_days"],
        }
        for s in status.get("stale_sources", [])
    ]


def _published_on(status: dict) -> str:
    published = status.get("as_of")
    if published is None or pd.isna(published):
        return "–"
    return pd.Timestamp(published).tz_convert("Asia/Ho_Chi_Minh").strftime("%d/%m/%Y")


def render_html(report: ReportContent, draft: bool, made_on: dt.date, blocking: list[dict]) -> str:
    m = report.methodology
    kpi = report.kpi
    scores = report.scores
    status = report.status or {}
    chart_uris = {
        "grades": png_data_uri(charts.grade_distribution(scores, "vi")),
        "trend": png_data_uri(
            charts.kpi_trend(report.kpis[report.kpis["period"] <= report.period], "vi")
        ),
    }
    context = {
        "issuer": issuer(),
        "number_blank": "\u00a0" * 8,
        "place_date": place_date(made_on),
        "findings": narrative.findings(report),
        "recommendations": narrative.recommendations(report),
        "published_on": _published_on(status),
        "period": report.period,
        "month_long": month(report.period),
        "month_long_cap": month(report.period).capitalize(),
        "month_short": f"{report.period[5:]}/{report.period[:4]}",
        "draft": draft,
        "mark": "DỰ THẢO" if draft else "CHÍNH THỨC",
        "mark_colour": "#d1342f" if draft else "#1a7f37",
        "made_on": made_on.strftime("%d/%m/%Y"),
        "m": m,
        "fingerprint": report.fingerprint,
        "files": number(report.files_fingerprinted),
        "publishable": not blocking,
        "blocking": [_named(item) for item in blocking],
        "warnings": [_named(item) for item in status.get("warnings", [])],
        "ranked_count": number(int(scores["ranked"].sum())),
        "unit_count": number(len(scores)),
        "kpi": {
            "operating": number(kpi["operating_systems"]),
            "approved": number(kpi["approved_systems"]),
            "approval_rate": percent(kpi["approval_rate"]),
        },
        "kpi_rows": _kpi_rows(report),
        "target_rows": _target_rows(report),
        "groups": _groups(scores, report),
        "draws": number(m["uncertainty"]["draws"]),
        "charts": chart_uris,
        "unranked": _unranked(report),
        "ranked_coverage": number(m["ranked_coverage"], 1),
        "botnet_threshold": percent(m["botnet_threshold"], 0),
        "grades": ", ".join(f"{g['grade']} ≥ {g['min']}" for g in m["grades"]),
        "unmet": _unmet(report),
        "set_aside": _set_aside(report),
        "stale": _stale(status),
        "unmeasured": _unmeasured(report),
        "as_of": _as_of(report),
        "unmeasured_count": number(report.unmeasured["unit_code"].nunique()),
        "weights": [{"name": t(n), "weight": m["weights"][n]} for n in INDICATORS],
    }
    css = ENVIRONMENT.get_template("report.css").render(context)
    return ENVIRONMENT.get_template("report.html").render(context, css=css)


def write_pdf(
    report: ReportContent, path: Path, draft: bool, made_on: dt.date, blocking: list[dict]
) -> None:
    html = render_html(report, draft, made_on, blocking)
    weasyprint.HTML(string=html, base_url=str(TEMPLATES)).write_pdf(path)
