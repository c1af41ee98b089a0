"""Helpers for the app's tests: an AppTest session logged in as someone, and everything a page
rendered as text (tables, charts' data, texts, widgets), for the tenant sweep."""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path

from streamlit.testing.v1 import AppTest

from sources import SOURCES

MAIN = Path(__file__).resolve().parent.parent / "app" / "main.py"
PAGES = (
    "views/overview.py",
    "views/rankings.py",
    "views/unit.py",
    "views/quality.py",
    "views/methodology.py",
    "views/reports.py",
)
PASSWORD = "mật-khẩu-thử-2026"

# Stored codes (snake_case words) a reader must not see. The landing files' own words may be
# shown (a set-aside row names the column of its file and the values that column allows), and
# so may the text the platform sent, as it sent it (the sample's requirement titles hold codes).
CODE = re.compile(r"\b[a-z0-9]+(?:[_.][a-z0-9]+)*_[a-z0-9_.]+\b")
FILE_WORDS = {w for s in SOURCES for c in s.columns for w in (c.name, *c.values)}
SAMPLE_TEXT = set(CODE.findall(
    (Path(__file__).parent / "data/sample_landing/reference/requirements.csv")
    .read_text(encoding="utf-8")))  # fmt: skip
FILE_NAME_ENDS = (".csv", ".jsonl", ".xlsx", ".pdf", ".json")


def stored_codes(text: str, allowed: set[str] = frozenset()) -> set[str]:
    """The stored codes in a text a reader sees (file names, the files' words and `allowed`
    excepted)."""
    return {c for c in CODE.findall(text) if c not in FILE_WORDS | SAMPLE_TEXT | allowed
            and not c.endswith(FILE_NAME_ENDS)}  # fmt: skip


def app_env(monkeypatch, serving: Path, state: Path, reports: Path) -> None:
    monkeypatch.setenv("ATTT_SERVING", str(serving))
    monkeypatch.setenv("ATTT_APP_STATE", str(state))
    monkeypatch.setenv("ATTT_REPORTS", str(reports))


def log_in(username: str, password: str = PASSWORD, query: dict | None = None) -> AppTest:
    at = AppTest.from_file(str(MAIN), default_timeout=120)
    for key, value in (query or {}).items():
        at.query_params[key] = value
    at.run()
    fields = {field.label: field for field in at.text_input}
    fields["Tên đăng nhập"].input(username)
    fields["Mật khẩu"].input(password)
    next(b for b in at.button if b.label == "Đăng nhập").click()
    at.run()
    return at


def open_page(at: AppTest, page: str, **query) -> AppTest:
    """Switch to a page, with query parameters (unit=, period=) as a link would give them."""
    at.switch_page(page)
    for key, value in query.items():
        at.query_params[key] = value
    return at.run()


def shown_period(at: AppTest) -> str:
    """The month a page shows, read from its title ('… tháng 10/2026' -> '2026-10')."""
    match = re.search(r"tháng (\d{1,2})/(\d{4})", at.title[0].value)
    assert match, at.title[0].value
    return f"{match.group(2)}-{int(match.group(1)):02d}"


def rendered_text(at: AppTest) -> str:
    """Every element the last run rendered, as text: dataframes as CSV, everything else as its
    message (chart specs and their data, texts, widget labels and options)."""
    parts: list[str] = []

    def walk(node) -> None:
        children = getattr(node, "children", None)
        if isinstance(children, dict) and children:
            for child in children.values():
                walk(child)
            return
        if getattr(node, "type", None) in ("arrow_data_frame", "dataframe", "table"):
            parts.append(node.value.to_csv())
        proto = getattr(node, "proto", None)
        if proto is not None:
            parts.append(str(proto))

    walk(at._tree)
    return "\n".join(parts)


def file_text(name: str, data: bytes) -> str:
    """What a downloaded file says, as text: CSV decoded, every XLSX cell, a PDF's text (with
    identifiers that a table cell wrapped at a hyphen joined again), a zip's members."""
    if name.endswith(".csv"):
        return data.decode("utf-8-sig")
    if name.endswith(".xlsx"):
        import openpyxl

        book = openpyxl.load_workbook(io.BytesIO(data), read_only=True)
        return "\n".join(
            ",".join("" if v is None else str(v) for v in row)
            for sheet in book.worksheets
            for row in sheet.iter_rows(values_only=True)
        )
    if name.endswith(".pdf"):
        from pypdf import PdfReader

        text = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)
        return text.replace("-\n", "-")
    if name.endswith(".zip"):
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            return "\n".join(
                archive.read(member).decode("utf-8", errors="replace")
                for member in archive.namelist()
            )
    raise AssertionError(f"a download of an unknown kind: {name}")


# A Vietnamese syllable written without its marks, as download names write it: an initial
# consonant, a vowel group, a final consonant. English words ("what", "data", "docs", "plan",
# "export") are not of this shape. Findings: the what-if table downloaded as
# "what-if-2026-11.csv"; a check of f, j, w and z alone (review: too weak) let the rankings'
# "xep-hang-ministry-2026-11.xlsx" and the quality page's "data-docs.zip" through.
VIETNAMESE_SYLLABLE = re.compile(
    r"(ngh|ng|nh|ch|gh|gi|kh|ph|qu|th|tr|[bcdghklmnprstvx])?"
    r"(uye|oai|oay|uoi|uou|ieu|yeu|uya|oao|oeo|uay|uai|[aeiouy]{1,2})"
    r"(ch|ng|nh|[cmnpt])?"
)


# Vietnamese acronyms a download's name may hold: "attt" (an toàn thông tin).
ACRONYMS = {"attt"}


def foreign_words(file_name: str) -> list[str]:
    """The words of a download's name (unit codes, dates and the extension aside) that are not
    Vietnamese syllables."""
    stem = file_name.rsplit(".", 1)[0]
    return [
        w
        for w in stem.split("-")
        if w.isalpha()
        and w.islower()
        and w not in ACRONYMS
        and not VIETNAMESE_SYLLABLE.fullmatch(w)
    ]


def offered_downloads(at: AppTest) -> dict[str, bytes]:
    """Every file the page of the last run offers, made as a click would make it."""
    try:
        offered = at.session_state["downloads_offered"]
    except KeyError:  # the login form offers nothing
        return {}
    return {name: make() for name, make in offered.items()}


# The evidence identifiers the tenant checks look for: (mart, identifier column).
EVIDENCE = (
    ("dim_systems", "system_id"),
    ("fct_infected_addresses", "ip"),
    ("fct_domain_checks", "domain"),
    ("fct_warnings", "warning_id"),
    ("fct_warnings", "system_id"),
    ("fct_compliance_gaps", "system_id"),
    ("fct_unit_changes", "item"),
)


def evidence_identifiers(serving_copy: Path) -> tuple[list[str], dict[str, set[str]]]:
    """The top-level units of a serving copy, and every identifier of its published evidence by
    the top-level unit it belongs to."""
    import duckdb

    owned: dict[str, set[str]] = {}
    with duckdb.connect(str(serving_copy), read_only=True) as con:
        units = [
            r[0]
            for r in con.execute(
                "SELECT unit_code FROM marts.dim_units WHERE is_top_level ORDER BY unit_code"
            ).fetchall()
        ]
        for table, column in EVIDENCE:
            for top, value in con.execute(
                f"SELECT DISTINCT top_level_code, {column} FROM marts.{table} "
                f"WHERE {column} IS NOT NULL AND top_level_code IS NOT NULL"
            ).fetchall():
                owned.setdefault(top, set()).add(value)
    return units, owned


def leaked(text: str, unit: str, owned: dict[str, set[str]]) -> list[str]:
    """Another unit's identifiers that `text` names (whole identifiers only: HN-SYS-1 does not
    match inside HN-SYS-10)."""
    mine = owned.get(unit, set())
    found = []
    for other, values in owned.items():
        if other == unit:
            continue
        for value in values - mine:
            if re.search(rf"(?<![\w.-]){re.escape(value)}(?![\w-])", text):
                found.append(f"{other}:{value}")
    return found
