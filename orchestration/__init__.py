"""Orchestration: the Dagster definitions of the pipeline (assets, resources, sensor, schedule)
and the runner that materializes them in-process for `attt run`; the write side's top. It never
imports the app."""
