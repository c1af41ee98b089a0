{{ config(
    materialized='incremental',
    incremental_strategy='append',
    on_schema_change='append_new_columns',
    pre_hook="{{ delete_touched(requirement_results_month_inputs(false), 'period') }}",
    post_hook="{{ record_days(requirement_results_month_inputs(false), 'period') }}",
) }}
-- For every operating system of a month that is not approved, every requirement of the level
-- its dossier proposes, with its result from the month's assessments snapshot: what its
-- requirements would be if it were approved at that level (the plans' "approve" action), by
-- the same rules as the approved systems' (macros/score_formulas.sql).
-- Incremental by month, as int_requirement_results_monthly.
{{ requirement_results_of_touched_months(false) }}
