"""The `attt` command line (`cli.main`): the one place that imports every layer, the write side
(run, ingest, dbt, quality) and the read side (export, report, app, users, audit)."""
