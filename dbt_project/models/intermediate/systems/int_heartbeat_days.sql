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
{%- set new_files = new_file_ids('heartbeats') %}

select distinct file_id, system_id, cast({{ vn_local('sent_at') }} as date) as observed_on
from {{ ref('stg_monitoring__heartbeats') }}
where {{ in_new_files(new_files) }}
