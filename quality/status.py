"""A month's publishable status: every blocking check on the inputs that serve it and on its
marts passed. `month_status` reads the latest results of every check from the warehouse's
`quality.check_results`; `published_month_status` reads the status the last successful run
published with the serving copy (`quality.month_status`)."""

from __future__ import annotations

import datetime as dt
import json

import duckdb

from core.clock import today_in_vietnam
from quality.freshness import judge_freshness, source_freshness
from sources import REFERENCE_LISTS_SQL, SNAPSHOTS_SQL

LATEST = """
    SELECT * FROM quality.check_results
    QUALIFY checked_at = max(checked_at) OVER (PARTITION BY suite, check_name)
"""

# The landing files that serve a month: the reference lists in force, the systems and
# assessments exports in force on its last day, and every feed file with data of the month.
SERVING_FILES = f"""
    WITH month AS (SELECT last_day(CAST(? || '-01' AS DATE)) AS month_end),
    exports AS (
        SELECT l.path, l.source, l.file_date FROM raw.current_files l, month
        WHERE l.source IN ({SNAPSHOTS_SQL}) AND l.file_date <= month.month_end
        QUALIFY l.file_date = max(l.file_date) OVER (PARTITION BY l.source)
    )
    SELECT path FROM exports
    UNION
    SELECT l.path FROM raw.current_files l, month
    WHERE l.source NOT IN ({SNAPSHOTS_SQL})
      AND l.file_date BETWEEN date_trunc('month', month.month_end) AND month.month_end + 7
    UNION
    SELECT l.path FROM raw.current_files l
    WHERE l.source IN ({REFERENCE_LISTS_SQL})
"""


def month_status(con: duckdb.DuckDBPyConnection, period: str, as_of: dt.date | None = None) -> dict:
    tables = {
        r[0]
        for r in con.execute(
            "SELECT schema_name || '.' || table_name FROM duckdb_tables()"
        ).fetchall()
    }
    if "quality.check_results" not in tables:
        raise LookupError(
            "kho dữ liệu chưa có kết quả kiểm tra chất lượng: hãy chạy `attt run` trước / no "
            "quality results in this warehouse: run `attt run` first"
        )
    serving = {f"file:{r[0]}" for r in con.execute(SERVING_FILES, [period]).fetchall()}
    serving.add(f"month:{period}")
    results = con.execute(
        f"SELECT suite, check_name, expectation, batch, observed, severity FROM ({LATEST}) "
        "WHERE NOT success ORDER BY severity, suite, check_name, batch"
    ).fetchall()
    blocking, warnings = [], []
    for suite, check, expectation, batch, observed, severity in results:
        if batch not in serving:
            continue
        item = {
            "check": f"{suite}.{check}",
            "expectation": expectation,
            "batch": batch.split(":", 1)[1],
            "detail": json.loads(observed or "{}"),
        }
        (blocking if severity == "blocking" else warnings).append(item)
    known = (
        {
            r[0]
            for r in con.execute(
                "SELECT DISTINCT period FROM marts.fct_unit_month_scores"
            ).fetchall()
        }
        if "marts.fct_unit_month_scores" in tables
        else set()
    )
    if period not in known:
        blocking.append(
            {
                "check": "marts.month_is_built",
                "expectation": "scores exist",
                "batch": period,
                "detail": "no scores were built for this month",
            }
        )
    stale = [s for s in source_freshness(con, as_of or today_in_vietnam()) if s["stale"]]
    return {
        "period": period,
        "publishable": not blocking,
        "blocking_failures": blocking,
        "warnings": warnings,
        "stale_sources": [
            {
                **s,
                "newest_file_date": s["newest_file_date"].isoformat()
                if s["newest_file_date"]
                else None,
            }
            for s in stale
        ],
    }


def published_month_status(
    con: duckdb.DuckDBPyConnection, period: str, as_of: dt.date | None = None
) -> dict:
    """The month's status as published with the serving copy; with `as_of`, its sources'
    freshness judged again as of that day from the published newest file dates."""
    try:
        row = con.execute(
            "SELECT publishable, blocking_failures, warnings, stale_sources "
            "FROM quality.month_status WHERE period = ?",
            [period],
        ).fetchone()
    except duckdb.CatalogException as exc:
        raise LookupError(
            "bản phục vụ chưa có tình trạng chất lượng: hãy chạy `attt run` trước / no quality "
            "status in this serving copy: run `attt run` first"
        ) from exc
    if row is None:
        listed = con.execute("SELECT period FROM quality.month_status ORDER BY 1").fetchall()
        months = [r[0] for r in listed]
        kept = ", ".join(months)
        raise LookupError(
            f"chưa công bố tình trạng tháng {period[5:]}/{period[:4]}; các tháng đã công bố: "
            f"{kept or 'không có'} / no published status for {period}; months published: "
            f"{kept or 'none'}"
        )
    publishable, blocking, warnings, stale = row
    stale = json.loads(stale or "[]")
    if as_of is not None:
        newest = dict(
            con.execute("SELECT source, newest_file_date FROM quality.source_freshness").fetchall()
        )
        stale = [
            {**s, "newest_file_date": s["newest_file_date"].isoformat()}
            if s["newest_file_date"]
            else s
            for s in judge_freshness(newest, as_of)
            if s["stale"]
        ]
    return {
        "period": period,
        "publishable": bool(publishable),
        "blocking_failures": json.loads(blocking or "[]"),
        "warnings": json.loads(warnings or "[]"),
        "stale_sources": stale,
    }


def render_text(
    status: dict, check_words=None, detail_words=None, source_words=None, batch_words=None
) -> str:
    """The status as text for a reviewer: Vietnamese first. `check_words` names a check
    ('suite.check') in words, `detail_words` says what a failed check observed, `batch_words`
    where (a month or a landing file) in the reader's language (the command line passes the
    read side's vocabulary; by default, Vietnamese)."""
    check_words = check_words or (lambda check: check)
    detail_words = detail_words or (lambda detail: json.dumps(detail, ensure_ascii=False))
    source_words = source_words or (lambda source: source)
    batch_words = batch_words or _batch_in_vietnamese
    period = status["period"]
    lines = [
        f"Tháng {int(period[5:7])}/{period[:4]}: "
        + ("CÓ THỂ CÔNG BỐ / publishable" if status["publishable"]
           else "CHƯA THỂ CÔNG BỐ / not publishable")
    ]  # fmt: skip
    for title, items in (
        ("Kiểm tra chặn công bố không đạt / blocking failures", status["blocking_failures"]),
        ("Cảnh báo / warnings", status["warnings"]),
    ):
        lines.append(f"{title}: {len(items)}")
        for item in items:
            where = batch_words(item["batch"])
            detail = detail_words(item["detail"]) if "detail" in item else ""
            lines.append(
                f"  - {check_words(item['check'])} [{item['check']}]: {where}"
                + (f" — {detail}" if detail else "")
            )
    lines.append(f"Nguồn chậm cập nhật / stale sources: {len(status['stale_sources'])}")
    lines += [
        f"  - {source_words(s['source'])}: tệp mới nhất / newest file "
        f"{_day(s['newest_file_date'])} (quá hạn sau / stale after {s['stale_after_days']} "
        "ngày / days)"
        for s in status["stale_sources"]
    ]
    return "\n".join(lines)


def _batch_in_vietnamese(batch: str) -> str:
    """'tháng 1/2026' for a month's batch, 'tệp <path>' for a landing file's."""
    return f"tháng {int(batch[5:7])}/{batch[:4]}" if batch[:1].isdigit() else f"tệp {batch}"


def _day(value) -> str:
    if not value:
        return "không có / none"
    return dt.date.fromisoformat(str(value)).strftime("%d/%m/%Y")
