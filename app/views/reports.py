"""Báo cáo: the report files this account may download, as written by `attt report` or the
monthly schedule: the national report to the Prime Minister's office (PDF and its XLSX annex)
for admins and analysts, and the units' report cards (a unit account: its own only). The list
comes from the data-access layer with the viewer's scope."""

import datetime as dt
import json
from itertools import groupby

import streamlit as st

from app import data_access, downloads, session
from core import locations
from readside.i18n import date, month, t

ctx = session.context()
lang, scope = ctx.lang, ctx.viewer.scope

st.title(t("page_reports", lang))
root = locations.reports_dir()
files = data_access.report_files(scope, root)
units = data_access.selectable_units(ctx.version, scope)
names = dict(zip(units["unit_code"], units["unit_name"], strict=True))


def offer_files(of_unit: list, title: str) -> None:
    """One report's caption (kind, day made, methodology) and its files side by side."""
    manifest = of_unit[0].manifest
    caption = title
    if manifest.exists():
        facts = json.loads(manifest.read_text(encoding="utf-8"))
        kind = t("final", lang) if facts["final"] else t("draft", lang)
        caption += f" · {kind} · {date(dt.date.fromisoformat(facts['made_on']), lang)}"
        if "methodology_version" in facts:
            caption += f" · {t('methodology_version', lang)} {facts['methodology_version']}"
    st.caption(caption)
    row = st.container(horizontal=True)
    for file in of_unit:
        kind = "application/pdf" if file.path.suffix == ".pdf" else downloads.XLSX
        downloads.offer(
            f"⬇ {file.name}", file.name,
            lambda file=file: data_access.read_report_file(scope, root, file),
            kind, key=f"report-{file.name}", container=row,
        )  # fmt: skip


for period, in_month in groupby(files, key=lambda f: f.period):
    st.subheader(month(period, lang).capitalize())
    by_unit = {code: list(group) for code, group in
               groupby(in_month, key=lambda f: f.unit_code or "")}  # fmt: skip
    if "" in by_unit:
        offer_files(by_unit.pop(""), t("national_report", lang))
    cards = [
        (f"{t('unit_card', lang)}: {names.get(code, code)} ({code})", of_unit)
        for code, of_unit in by_unit.items()
    ]
    # an analyst has a card per unit: folded away under the national report
    many = len(cards) > 1
    place = st.expander(f"{t('unit_cards', lang)} ({len(cards)})") if many else st.container()
    with place:
        for title, of_unit in cards:
            offer_files(of_unit, title)
if not files:
    st.info(t("reports_none", lang))
