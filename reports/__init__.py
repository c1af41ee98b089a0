"""The monthly report to the Prime Minister's office (a PDF in Vietnamese and its XLSX annex)
and every unit's card, made from the published serving copy through the read side
(`readside`). Nothing here imports Streamlit or the write side."""
