{{ config(
    materialized='incremental',
    incremental_strategy='append',
    on_schema_change='append_new_columns',
    pre_hook="{{ delete_touched(ref('int_botnet_day_inputs')) }}",
    post_hook="{{ record_days(ref('int_botnet_day_inputs')) }}",
) }}
-- Each infected address seen on each Vietnamese day, once however many reports list it.
-- Incremental by day (macros/incremental_by_day.sql): a build recomputes only the days whose
-- reports changed, reading only the raw rows of those days.
{%- set touched = touched_list(ref('int_botnet_day_inputs')) %}
{%- if touched %}
    {%- set first_day = touched | min %}
    {%- set last_day = touched | max %}
{%- endif %}

with events as (
    select *
    from {{ ref('stg_monitoring__botnet_events') }}
    {%- if touched %}
    where observed_at >= {{ vn_instant("timestamp '" ~ first_day ~ "'") }}
        and observed_at < {{ vn_instant("timestamp '" ~ last_day ~ "' + interval 1 day") }}
    {%- endif %}
)

select
    {{ vn_month('observed_at') }} as period,
    cast({{ vn_local('observed_at') }} as date) as observed_on,
    ip_version,
    ip_number,
    min(ip) as ip
from events
where {{ in_touched("cast(" ~ vn_local('observed_at') ~ " as date)", touched) }}
group by all
