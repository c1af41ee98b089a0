"""The monthly report to the Prime Minister's office: a PDF in Vietnamese and its XLSX annex,
made from the published serving copy by `attt report` or the monthly Dagster schedule."""
