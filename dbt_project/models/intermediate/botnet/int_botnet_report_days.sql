{{ config(
    materialized='incremental',
    incremental_strategy='append',
    on_schema_change='append_new_columns',
    pre_hook="{{ delete_files_out_of_force('botnet') }}",
) }}
-- depends_on: {{ ref('stg_ingest__files') }}
-- The Vietnamese days on which each sinkhole report in force has events: what the incremental
-- botnet models are computed from (int_botnet_day_inputs). A report's rows never change once
-- taken in (a correction is a new file), so each report is read once, when it is new, and the
-- rows of reports out of force are deleted (macros/incremental_by_file.sql).
-- A report dated D may list events from D - 7 to D + 1 (UTC); a daily report holds the events
-- of its own day, Vietnamese days D and D + 1. Taking the days a report really covers, rather
-- than every day its window allows, makes a new daily report touch two days instead of twelve,
-- and two months only when it is the report of a month's last day (issue 14: a report of
-- 6 December recounted the whole of November, 1.2-1.7 s of each of the first eight days of a
-- month).
{%- set new_files = new_file_ids('botnet') %}

with hours as (
    select distinct file_id, {{ utc_hour('observed_at') }} as utc_hour
    from {{ ref('stg_monitoring__botnet_events') }}
    where {{ in_new_files(new_files) }}
)

select distinct
    file_id, {{ vn_day_of_utc_hour('utc_hour') }} as observed_on, {{ by_file_code() }} as code_md5
from hours
