"""Báo cáo: the monthly reports to the Prime Minister's office (PDF and its XLSX annex), as
written by `attt report` or the monthly schedule under the reports folder."""

import datetime as dt
import json
from pathlib import Path

import streamlit as st

from app import session
from app.i18n import date, month, t
from ingest import locations

ctx = session.context()
lang = ctx.lang

st.title(t("page_reports", lang))
root = locations.reports_dir()
folders = sorted((p for p in root.glob("????-??") if p.is_dir()), reverse=True)
found = False
for folder in folders:
    files = sorted(
        p for p in folder.glob(f"bao-cao-attt-{folder.name}.*") if p.suffix in (".pdf", ".xlsx")
    )
    if not files:
        continue
    found = True
    st.subheader(month(folder.name, lang).capitalize())
    manifest = folder / f"bao-cao-attt-{folder.name}.json"
    if manifest.exists():
        facts = json.loads(manifest.read_text(encoding="utf-8"))
        kind = t("final", lang) if facts["final"] else t("draft", lang)
        st.caption(
            f"{kind} · {date(dt.date.fromisoformat(facts['made_on']), lang)} · "
            f"{t('methodology_version', lang)} {facts['methodology_version']} · "
            f"{facts['input_fingerprint'][:16]}"
        )
    for path in files:
        kind = "application/pdf" if path.suffix == ".pdf" else (
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        )
        st.download_button(
            f"⬇ {path.name}", Path(path).read_bytes(), path.name, kind, key=str(path)
        )
if not found:
    st.info(t("reports_none", lang))
