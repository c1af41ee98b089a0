"""Báo cáo: the report files this account may download, as written by `attt report` or the
monthly schedule: the national report to the Prime Minister's office (PDF and its XLSX annex)
for admins and analysts, and the units' report cards (a unit account: its own only). The list
comes from the data-access layer with the viewer's scope."""

import datetime as dt
import json
from itertools import groupby

import streamlit as st

from app import data_access, downloads, session
from app.i18n import date, month, t
from ingest import locations

ctx = session.context()
lang, scope = ctx.lang, ctx.viewer.scope

st.title(t("page_reports", lang))
root = locations.reports_dir()
files = data_access.report_files(scope, root)
names = {}
if files and scope.sees_everything:
    units = data_access.selectable_units(ctx.version, scope)
    names = dict(zip(units["unit_code"], units["unit_name"], strict=True))
for period, in_month in groupby(files, key=lambda f: f.period):
    st.subheader(month(period, lang).capitalize())
    for unit_code, of_unit in groupby(in_month, key=lambda f: f.unit_code or ""):
        of_unit = list(of_unit)
        title = t("national_report", lang) if not unit_code else (
            f"{t('unit_card', lang)}: {names.get(unit_code, unit_code)} ({unit_code})"
        )  # fmt: skip
        manifest = of_unit[0].manifest
        caption = title
        if manifest.exists():
            facts = json.loads(manifest.read_text(encoding="utf-8"))
            kind = t("final", lang) if facts["final"] else t("draft", lang)
            caption += f" · {kind} · {date(dt.date.fromisoformat(facts['made_on']), lang)}"
            if "methodology_version" in facts:
                caption += f" · {t('methodology_version', lang)} {facts['methodology_version']}"
        st.caption(caption)
        columns = st.columns(4)
        for index, file in enumerate(of_unit):
            kind = "application/pdf" if file.path.suffix == ".pdf" else downloads.XLSX
            downloads.offer(
                f"⬇ {file.name}",
                file.name,
                lambda file=file: data_access.read_report_file(scope, root, file),
                kind,
                key=f"report-{file.name}",
                container=columns[index % 4],
            )
if not files:
    st.info(t("reports_none", lang))
