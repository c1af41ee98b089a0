{{ config(
    materialized='incremental',
    incremental_strategy='append',
    on_schema_change='append_new_columns',
    pre_hook="{{ delete_files_out_of_force('heartbeats') }}",
) }}
-- depends_on: {{ ref('stg_ingest__files') }}
-- The Vietnamese days on which each system sent a heartbeat, by heartbeat file: what the
-- freshness of the monitoring feed per unit is judged from (sources/heartbeats.py). A file's
-- rows never change once taken in (a correction is a new file), so each file is read once,
-- when it is new, and the rows of files out of force are deleted
-- (macros/incremental_by_file.sql). Before, every run converted every heartbeat of the
-- history to Vietnamese time (issue 14: 0.8 s of each run for the 7.6 M heartbeats of a
-- national quarter, growing with every day kept).
-- The first and last heartbeat of the day, as instants, tell whether the system sent one inside
-- a window that starts or ends inside the day (int_heartbeats_monthly).
{%- set new_files = new_file_ids('heartbeats') %}

select
    file_id,
    system_id,
    cast({{ vn_local('sent_at') }} as date) as observed_on,
    min(sent_at) as first_sent_at,
    max(sent_at) as last_sent_at,
    {{ by_file_code() }} as code_md5
from {{ ref('stg_monitoring__heartbeats') }}
where {{ in_new_files(new_files) }}
group by all
