"""Every query the read side makes of the serving copy (the app's pages, the report, the unit
cards), and the one place where a unit account's scope is enforced.

Each function takes the serving version and the viewer's `Scope` as its first arguments, so the
cache key of every query the app caches (`app.data_access`) holds both: a unit account never
receives a result computed for someone else, and a new publication is never answered from the
old copy. Functions that return one unit's evidence refuse a unit outside the scope
(`OutOfScope`), whatever the page or URL asked for. Every statement is parameterised.

What a unit account sees: the published ranking table (composites, ranks and grades of every
unit, with the indicators behind them), national aggregates, and, for its own top-level unit
and its sub-units only, systems, compliance gaps, warnings, infected addresses, domains, feed
freshness. Set-aside rows and the details of quality checks can name any unit, so they are shown
to admins and analysts only.

Files obey the same rule (`report_files`, `read_report_file`): the national report and its
annex list every unit's evidence, so only admins and analysts get them; a unit account gets its
own unit's cards and nothing made for the nation or another unit.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from core.methodology import indicators
from readside import serving_copy as serving
from readside.serving_copy import ServingVersion
from sources import REFERENCE_LISTS_SQL, SNAPSHOTS_SQL


class OutOfScope(PermissionError):
    """The viewer may not see this unit."""


@dataclass(frozen=True)
class Scope:
    """Who is asking: admins and analysts see everything; a unit account its own top-level
    unit and that unit's sub-units."""

    role: str
    top_level_code: str | None = None

    @property
    def sees_everything(self) -> bool:
        return self.role in ("admin", "analyst")

    def allows(self, top_level_code: str | None) -> bool:
        return self.sees_everything or (
            top_level_code is not None and top_level_code == self.top_level_code
        )

    def check(self, top_level_code: str) -> None:
        if not self.allows(top_level_code):
            raise OutOfScope(f"unit {top_level_code!r} is outside this account's scope")

    @property
    def filter_code(self) -> str | None:
        """The top-level code rows must carry, or None for everything (a query parameter)."""
        return None if self.sees_everything else self.top_level_code


CACHEABLE: list[str] = []


def cached(function):
    """Marks a query the app may cache (its arguments, scope and serving version among them,
    are the key): `app.data_access` wraps every marked query in st.cache_data. The read side
    itself never imports Streamlit."""
    CACHEABLE.append(function.__name__)
    return function


def _frame(version: ServingVersion, sql: str, params: list | None = None) -> pd.DataFrame:
    with serving.reading(version) as cur:
        return cur.execute(sql, params or []).df()


def _in_scope(column: str = "top_level_code") -> str:
    """The SQL condition that keeps the rows in scope: `column` names the row's top-level unit.
    It takes the two parameters of `_scope_params`."""
    return f"(CAST(? AS VARCHAR) IS NULL OR {column} = ?)"


def _scope_params(scope: Scope) -> list:
    return [scope.filter_code, scope.filter_code]


# -- resolving accounts ---------------------------------------------------------------------


def top_level_of(version: ServingVersion, unit_code: str) -> str | None:
    """The top-level unit of a unit code (for a unit account at login); None if unknown."""
    rows = _frame(
        version,
        "SELECT top_level_code FROM marts.dim_units WHERE unit_code = ? LIMIT 1",
        [unit_code],
    )
    return None if rows.empty else rows.iloc[0, 0]


# -- months, status, national figures -------------------------------------------------------


@cached
def periods(version: ServingVersion, scope: Scope) -> list[str]:
    frame = _frame(
        version, "SELECT DISTINCT period FROM marts.fct_unit_month_scores ORDER BY period DESC"
    )
    return frame["period"].tolist()


@cached
def month_status(version: ServingVersion, scope: Scope, period: str) -> dict | None:
    frame = _frame(
        version,
        "SELECT period, publishable, blocking_failures, warnings, stale_sources, as_of "
        "FROM quality.month_status WHERE period = ?",
        [period],
    )
    if frame.empty:
        return None
    row = frame.iloc[0].to_dict()
    for key in ("blocking_failures", "warnings", "stale_sources"):
        row[key] = json.loads(row[key]) if row[key] else []
    if not scope.sees_everything:
        # Check details can list other units' system ids; a unit sees which checks failed.
        for key in ("blocking_failures", "warnings"):
            row[key] = [{k: v for k, v in item.items() if k != "detail"} for item in row[key]]
    return row


@cached
def national_kpis(version: ServingVersion, scope: Scope) -> pd.DataFrame:
    return _frame(version, "SELECT * FROM marts.fct_national_kpis ORDER BY period")


# -- the ranking table (published to every account) ------------------------------------------

# column names from the methodology file, never from a reader
RANKING_COLUMNS = ", ".join((
    "period", "unit_code", "unit_name", "unit_kind", "peer_group", *indicators(), "composite",
    "composite_rounded", "coverage", "ranked", "rank", "grade", "rank_change", "rank_p05",
    "rank_p50", "rank_p95", "methodology_version",
))  # fmt: skip


@cached
def rankings(version: ServingVersion, scope: Scope, period: str) -> pd.DataFrame:
    return _frame(
        version,
        f"SELECT {RANKING_COLUMNS} FROM marts.fct_unit_month_scores WHERE period = ? "
        "ORDER BY peer_group, ranked DESC, rank, unit_code",
        [period],
    )


@cached
def provinces(version: ServingVersion, scope: Scope, period: str) -> pd.DataFrame:
    """Top-level provinces with their official code and the month's grade (tile map)."""
    return _frame(
        version,
        "SELECT units.unit_code, units.unit_name, units.province_code, scores.grade, "
        "scores.composite_rounded, scores.ranked "
        "FROM marts.dim_units AS units "
        "LEFT JOIN marts.fct_unit_month_scores AS scores "
        "ON scores.unit_code = units.unit_code AND scores.period = ? "
        "WHERE units.is_top_level AND units.peer_group = 'province' "
        "AND units.province_code IS NOT NULL ORDER BY units.province_code",
        [period],
    )


# -- one unit: the evidence ------------------------------------------------------------------


@cached
def selectable_units(version: ServingVersion, scope: Scope) -> pd.DataFrame:
    """The top-level units this viewer may open."""
    return _frame(
        version,
        "SELECT unit_code, unit_name, peer_group, unit_kind FROM marts.dim_units "
        f"WHERE is_top_level AND {_in_scope('unit_code')} "
        "ORDER BY peer_group, unit_name",
        _scope_params(scope),
    )


@cached
def unit_tree(version: ServingVersion, scope: Scope, top_level_code: str) -> pd.DataFrame:
    scope.check(top_level_code)
    return _frame(
        version,
        "SELECT unit_code, unit_name, unit_kind, parent_code, levels_below_top, valid_from, "
        "valid_to, successor_code FROM marts.dim_units WHERE top_level_code = ? "
        "ORDER BY levels_below_top, unit_code",
        [top_level_code],
    )


@cached
def unit_scores(version: ServingVersion, scope: Scope, top_level_code: str) -> pd.DataFrame:
    """Every month's full score row of one unit, counts included."""
    scope.check(top_level_code)
    return _frame(
        version,
        "SELECT * FROM marts.fct_unit_month_scores WHERE unit_code = ? ORDER BY period",
        [top_level_code],
    )


@cached
def peer_medians(version: ServingVersion, scope: Scope, period: str) -> pd.DataFrame:
    """The median of every indicator per peer group in a month (an aggregate)."""
    return _frame(
        version,
        "SELECT peer_group, "
        + ", ".join(f"median({name}) AS {name}" for name in (*indicators(), "composite"))
        + " FROM marts.fct_unit_month_scores WHERE period = ? GROUP BY peer_group",
        [period],
    )


def _evidence(name: str, table: str, order: str):
    def query(
        version: ServingVersion, scope: Scope, period: str, top_level_code: str
    ) -> pd.DataFrame:
        scope.check(top_level_code)
        return _frame(
            version,
            f"SELECT * EXCLUDE (top_level_code) FROM marts.{table} "
            f"WHERE period = ? AND top_level_code = ? ORDER BY {order}",
            [period, top_level_code],
        )

    query.__name__ = query.__qualname__ = name
    query.__doc__ = f"One unit's rows of marts.{table} in a month (scope checked)."
    return cached(query)


unit_systems = _evidence("unit_systems", "dim_systems", "owner_code, system_id")
unit_gaps = _evidence("unit_gaps", "fct_compliance_gaps", "obligation, agency_code, system_id")
unit_warnings = _evidence("unit_warnings", "fct_warnings", "is_overdue DESC, deadline, warning_id")
unit_addresses = _evidence("unit_addresses", "fct_infected_addresses", "days_seen DESC, ip")
unit_domains = _evidence("unit_domains", "fct_domain_checks", "domain")
unit_changes = _evidence(
    "unit_changes", "fct_unit_changes", "indicator, change, finding, item, aspect, changed_on"
)


@cached
def unit_plan(
    version: ServingVersion, scope: Scope, period: str, top_level_code: str
) -> pd.DataFrame:
    """One unit's path to the next grade in a month, steps in the order taken (scope checked)."""
    scope.check(top_level_code)
    return _frame(
        version,
        "SELECT * FROM marts.fct_grade_plans WHERE period = ? AND unit_code = ? ORDER BY step",
        [period, top_level_code],
    )


@cached
def unit_contributions(
    version: ServingVersion, scope: Scope, period: str, top_level_code: str
) -> pd.DataFrame:
    """Each indicator's contribution to the change of one unit's composite from the month
    before (none when it had no composite in either month), in the methodology's order."""
    scope.check(top_level_code)
    return _frame(
        version,
        "SELECT * FROM marts.fct_score_contributions WHERE period = ? AND unit_code = ? "
        "ORDER BY indicator_order",
        [period, top_level_code],
    )


# -- data quality ----------------------------------------------------------------------------


# The landing files that serve a month (as quality.status decides it for the publishable
# status): the reference lists in force, the systems and assessments exports in force on its
# last day, and the feed files dated from its first day to a week after its last. Files
# rejected with such a date are listed too: a reviewer wants to see them.
MONTH_FILES = f"""
    WITH month AS (
        SELECT CAST(? || '-01' AS DATE) AS first_day, last_day(CAST(? || '-01' AS DATE)) AS last_day
    ),
    exports AS (
        SELECT f.path FROM marts.fct_landing_files f, month
        WHERE f.is_current AND f.status = 'loaded' AND f.source IN ({SNAPSHOTS_SQL})
          AND f.file_date <= month.last_day
        QUALIFY f.file_date = max(f.file_date) OVER (PARTITION BY f.source)
    )
    SELECT path FROM exports
    UNION SELECT f.path FROM marts.fct_landing_files f
    WHERE f.source IN ({REFERENCE_LISTS_SQL})
    UNION SELECT f.path FROM marts.fct_landing_files f, month
    WHERE f.file_date BETWEEN month.first_day AND month.last_day + 7
      AND (f.source IS NULL OR f.source NOT IN ({SNAPSHOTS_SQL})
           OR f.status = 'rejected')
"""


def _month_params(period: str | None) -> list:
    return [period, period]


@cached
def landing_files(version: ServingVersion, scope: Scope, period: str | None = None) -> pd.DataFrame:
    """The ledger (every file, or with `period` the files that serve that month)."""
    month = f"WHERE path IN ({MONTH_FILES})" if period else ""
    return _frame(
        version,
        "SELECT path, source, status, is_current, file_date, rows_read, rows_loaded, "
        "rows_set_aside, reason, ingested_at, superseded_by, content_hash "
        f"FROM marts.fct_landing_files {month} ORDER BY ingested_at DESC, path",
        _month_params(period) if period else [],
    )


@cached
def set_aside_summary(
    version: ServingVersion, scope: Scope, period: str | None = None
) -> pd.DataFrame:
    month = f"WHERE path IN ({MONTH_FILES})" if period else ""
    params = _month_params(period) if period else []
    if scope.sees_everything:
        return _frame(
            version,
            "SELECT path, source, column_name, rule, rows_set_aside, first_reason, "
            f"example_value FROM marts.fct_set_aside_summary {month} ORDER BY path, column_name",
            params,
        )
    # Example values can be another unit's identifiers: a unit sees counts only.
    return _frame(
        version,
        "SELECT source, column_name, rule, sum(rows_set_aside) AS rows_set_aside "
        f"FROM marts.fct_set_aside_summary {month} GROUP BY ALL ORDER BY ALL",
        params,
    )


@cached
def set_aside_rows(
    version: ServingVersion, scope: Scope, period: str | None = None
) -> pd.DataFrame | None:
    """Every set-aside row with its reason, or None for a unit account."""
    if not scope.sees_everything:
        return None
    month = f"WHERE path IN ({MONTH_FILES})" if period else ""
    return _frame(
        version,
        "SELECT path, source_row, column_name, rule, reason, value, record "
        f"FROM marts.fct_set_aside_rows {month} ORDER BY path, source_row, column_name",
        _month_params(period) if period else [],
    )


@cached
def check_results(version: ServingVersion, scope: Scope, period: str | None = None) -> pd.DataFrame:
    """The latest result of every quality check (details for admins and analysts only); with
    `period`, of the batches that serve that month."""
    detail = "observed" if scope.sees_everything else "NULL AS observed"
    month = (
        f"WHERE batch = 'month:' || ? OR batch IN (SELECT 'file:' || path FROM ({MONTH_FILES}))"
        if period else ""
    )  # fmt: skip
    return _frame(
        version,
        f"SELECT * FROM (SELECT suite, check_name, severity, success, batch, {detail}, "
        "checked_at FROM quality.check_results "
        "QUALIFY checked_at = max(checked_at) OVER (PARTITION BY suite, check_name)) "
        f"{month} ORDER BY success, severity, suite, check_name, batch",
        [period, *_month_params(period)] if period else [],
    )


@cached
def source_freshness(version: ServingVersion, scope: Scope) -> pd.DataFrame:
    return _frame(version, "SELECT * FROM quality.source_freshness ORDER BY source")


@cached
def unit_feed_freshness(
    version: ServingVersion, scope: Scope, period: str | None = None
) -> pd.DataFrame:
    """Per top-level unit in scope and feed, in a month (default: the latest): the last day the
    feed had data about it up to the month's end, and whether it is currently measured (data
    in the 14 days before the month's end, or before the publication for a month not over)."""
    return _frame(
        version,
        "SELECT freshness.unit_code, units.unit_name, freshness.* EXCLUDE (unit_code, period), "
        "freshness.period FROM "
        "quality.unit_feed_freshness AS freshness "
        "JOIN marts.dim_units AS units USING (unit_code) "
        f"WHERE {_in_scope('units.top_level_code')} AND freshness.period = "
        "coalesce(CAST(? AS VARCHAR), (SELECT max(period) FROM quality.unit_feed_freshness)) "
        "ORDER BY unit_code, feed",
        [*_scope_params(scope), period],
    )


# -- the monthly report ----------------------------------------------------------------------


@cached
def month_scores(version: ServingVersion, scope: Scope, period: str) -> pd.DataFrame:
    """A month's full score rows, counts included, of the units in scope."""
    return _frame(
        version,
        "SELECT * FROM marts.fct_unit_month_scores WHERE period = ? "
        f"AND {_in_scope('unit_code')} "
        "ORDER BY peer_group, ranked DESC, rank, unit_code",
        [period, *_scope_params(scope)],
    )


@cached
def month_contributions(version: ServingVersion, scope: Scope, period: str) -> pd.DataFrame:
    """Each indicator's contribution to the change of every unit's composite in scope from the
    month before (the indicators behind it are the published ranking's)."""
    return _frame(
        version,
        "SELECT * FROM marts.fct_score_contributions WHERE period = ? "
        f"AND {_in_scope('unit_code')} ORDER BY unit_code, indicator_order",
        [period, *_scope_params(scope)],
    )


@cached
def month_gaps(version: ServingVersion, scope: Scope, period: str) -> pd.DataFrame:
    """A month's compliance gaps of the units in scope."""
    return _frame(
        version,
        f"SELECT * FROM marts.fct_compliance_gaps WHERE period = ? AND {_in_scope()} "
        "ORDER BY top_level_code, agency_code, system_id, obligation, requirement_code",
        [period, *_scope_params(scope)],
    )


@cached
def unmet_requirements(
    version: ServingVersion, scope: Scope, period: str, limit: int = 10
) -> pd.DataFrame:
    """The obligations most often unmet in a month, by the number of systems concerned."""
    return _frame(
        version,
        "SELECT obligation, coalesce(requirement_code, '') AS requirement_code, "
        "any_value(title_vi) AS title_vi, any_value(title_en) AS title_en, "
        "any_value(legal_ref) AS legal_ref, count(DISTINCT system_id) AS systems, "
        "count(DISTINCT top_level_code) AS units "
        f"FROM marts.fct_compliance_gaps WHERE period = ? AND {_in_scope()} "
        "GROUP BY obligation, coalesce(requirement_code, '') "
        "ORDER BY systems DESC, obligation, requirement_code LIMIT ?",
        [period, *_scope_params(scope), limit],
    )


# -- report files ----------------------------------------------------------------------------

NATIONAL_REPORT = re.compile(r"bao-cao-attt-(?P<period>\d{4}-\d{2})\.(?P<kind>pdf|xlsx)")
UNIT_CARD = re.compile(
    r"phieu-danh-gia-(?P<code>[A-Za-z0-9._-]{1,32})-(?P<period>\d{4}-\d{2})\.(?P<kind>pdf|xlsx)"
)


@dataclass(frozen=True)
class ReportFile:
    """A report file a viewer may download: the national report (unit_code None) or a card."""

    period: str
    unit_code: str | None
    path: Path

    @property
    def name(self) -> str:
        return self.path.name

    @property
    def manifest(self) -> Path:
        return self.path.with_suffix(".json")


def _regular_files(folder: Path) -> list[Path]:
    if not folder.is_dir() or folder.is_symlink():
        return []
    return sorted(p for p in folder.iterdir() if p.is_file() and not p.is_symlink())


def report_files(scope: Scope, root: Path) -> list[ReportFile]:
    """The report files under the reports folder that this viewer may download, newest month
    first: the national report and annex for admins and analysts, a unit's cards for an
    account of that unit (admins and analysts see every card). Links are never followed."""
    found: list[ReportFile] = []
    months = sorted((p for p in Path(root).glob("????-??") if not p.is_symlink()), reverse=True)
    for folder in months:
        if scope.sees_everything:
            for path in _regular_files(folder):
                match = NATIONAL_REPORT.fullmatch(path.name)
                if match and match["period"] == folder.name:
                    found.append(ReportFile(folder.name, None, path))
        units = folder / "units"
        for unit in _regular_subfolders(units):
            if not scope.allows(unit.name):
                continue
            for path in _regular_files(unit):
                match = UNIT_CARD.fullmatch(path.name)
                if match and match["code"] == unit.name and match["period"] == folder.name:
                    found.append(ReportFile(folder.name, unit.name, path))
    return found


def _regular_subfolders(folder: Path) -> list[Path]:
    if not folder.is_dir() or folder.is_symlink():
        return []
    return sorted(p for p in folder.iterdir() if p.is_dir() and not p.is_symlink())


def read_report_file(scope: Scope, root: Path, file: ReportFile) -> bytes:
    """The bytes of a report file, refused (`OutOfScope`) unless it is one this viewer may
    download now, whatever was asked."""
    if file not in report_files(scope, root):
        raise OutOfScope(f"{file.name} is not a file this account may download")
    return file.path.read_bytes()


@cached
def data_docs_zip(version: ServingVersion, scope: Scope, folder: str, stamp: int) -> bytes:
    """The GX Data Docs published beside this serving copy, as one zip (admins and analysts:
    the docs can name any unit's rows). `stamp` is the docs' modification time, so a rebuilt
    set is zipped again."""
    import io
    import zipfile

    if not scope.sees_everything:
        raise OutOfScope("the Data Docs can name any unit's rows")
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for path in sorted(Path(folder).rglob("*")):
            if path.is_file() and not path.is_symlink():
                archive.write(path, path.relative_to(folder))
    return buffer.getvalue()
