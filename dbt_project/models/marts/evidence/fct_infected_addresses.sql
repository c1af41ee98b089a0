{{ config(
    materialized='incremental',
    incremental_strategy='append',
    on_schema_change='append_new_columns',
    pre_hook="{{ delete_touched(infected_addresses_month_inputs(), 'period') }}",
    post_hook="{{ record_days(infected_addresses_month_inputs(), 'period') }}",
) }}
-- The evidence behind I5 (botnet hygiene): every infected address attributed to a unit in a
-- month, with the days it was seen and the allocation it fell in. Incremental by month
-- (macros/incremental_by_day.sql): only the months whose attributed days changed.
{%- set touched = touched_list(infected_addresses_month_inputs(), 'period') %}
select
    period,
    top_level_code,
    agency_code,
    ip,
    ip_version,
    cidr,
    count(*) as days_seen,
    min(observed_on) as first_seen_on,
    max(observed_on) as last_seen_on
from {{ ref('int_botnet_observations_attributed') }}
where {{ in_touched('period', touched, cast='') }}
group by period, top_level_code, agency_code, ip, ip_version, cidr
