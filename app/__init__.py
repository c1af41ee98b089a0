"""The Streamlit app (`app/main.py`, pages in `app/views/`): accounts, sessions and the pages,
over the published serving copy through the read side (`readside`), with every query cached per
account scope (`app.data_access`). It never imports the write side."""
