"""Ingest: take the landing zone's files into the warehouse's typed raw layer.

Every landing file gets a ledger row; every row of a file is either loaded into its source's raw
table or set aside with the file, row number, column and reason. See `ingest.pipeline`.
"""
