"""Orchestration: the Dagster definitions of the pipeline, and the `attt` command line that
drives the same definitions in-process."""
