"""The read side over the published serving copy, shared by the app and the reports: the
serving copy's connections (`serving_copy`), scoped queries (`queries`), words and labels
(`i18n`, `vocabulary`, `reasons`, `readable`), KPI formulas (`kpis`), chart specifications
(`charts`), safe CSV and XLSX (`cell_safety`, `excel`) and the CSV exports (`exports`). It never
imports Streamlit, nor the write side (`ingest`, `quality`, `orchestration`)."""
