"""Dagster assets of the pipeline."""
