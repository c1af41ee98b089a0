{{ config(
    materialized='incremental',
    incremental_strategy='append',
    on_schema_change='append_new_columns',
    pre_hook="{{ delete_touched(requirement_results_month_inputs(true), 'period') }}",
    post_hook="{{ record_days(requirement_results_month_inputs(true), 'period') }}",
) }}
-- For every approved operating system of a month, every requirement of its approved level
-- (catalogue rows with min_level <= approved_level) with its result from the month's
-- assessments snapshot (the export with the latest date on or before the month's last day).
-- A requirement with no result counts as not met.
-- Incremental by month (macros/incremental_by_day.sql): a month is computed again when its
-- approved systems, its assessments snapshot or the catalogue changed (issue 14: 0.8 s of
-- every day's national build for five months, 216,000 rows a month, growing with every month
-- kept).
{{ requirement_results_of_touched_months(true) }}
