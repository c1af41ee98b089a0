{{ config(
    materialized='incremental',
    incremental_strategy='append',
    on_schema_change='append_new_columns',
    pre_hook=[
        "{{ delete_touched(botnet_attribution_day_inputs()) }}",
        "drop table if exists {{ this.schema }}.int_botnet_observations",
        "drop table if exists {{ this.schema }}.int_botnet_observations__days",
    ],
    post_hook="{{ record_days(botnet_attribution_day_inputs()) }}",
) }}
-- Each infected address seen on a Vietnamese day inside an allocated block, once however many
-- reports list it, attributed to the unit whose allocation, valid on that day, is the longest
-- prefix that contains the address.
-- The sinkhole rows are matched on the blocks first (a range join of each address on the
-- blocks' first and last address as integers, one join per address version, so that DuckDB
-- joins on the ranges over the sorted blocks), and only the matched rows are converted to
-- Vietnamese time and reduced to one per address and day: at national scale a few thousand of
-- 54 M rows fall in a state block (issue 14: reducing every address first, to attribute those
-- few, took 48 s of a full build and wrote 39 M rows).
-- Incremental by day (macros/incremental_by_day.sql): only the days whose reports or
-- allocations changed are computed again, from the raw rows of those days only.
-- The pre-hooks drop the retired model of every address per day, so that a warehouse built
-- before holds no stale copy of its 39 M rows.
{%- set touched = touched_list(botnet_attribution_day_inputs()) %}
{%- if touched %}
    {%- set first_day = touched | min %}
    {%- set last_day = touched | max %}
{%- endif %}

with matched as (
    {%- for version in (4, 6) %}
    {%- if not loop.first %}
    union all
    {%- endif %}
    -- the rows of each version inline, not a shared CTE: DuckDB would copy all of them first
    select
        events.observed_at,
        events.ip_version,
        events.ip_number,
        events.ip,
        allocations.prefix_length,
        allocations.agency_code,
        allocations.top_level_code,
        allocations.cidr,
        allocations.valid_from,
        allocations.valid_to
    from (
        select observed_at, ip_version, ip_number, ip
        from {{ ref('stg_monitoring__botnet_events') }}
        where ip_version = {{ version }}
        {%- if touched %}
            and observed_at >= {{ vn_instant("timestamp '" ~ first_day ~ "'") }}
            and observed_at < {{ vn_instant("timestamp '" ~ last_day ~ "' + interval 1 day") }}
        {%- endif %}
    ) as events
    join (
        select * from {{ ref('int_allocations') }} where ip_version = {{ version }}
    ) as allocations
        on events.ip_number >= allocations.network_start
        and events.ip_number <= allocations.network_end
    {%- endfor %}
),

candidates as (
    select
        *,
        {{ vn_month('observed_at') }} as period,
        cast({{ vn_local('observed_at') }} as date) as observed_on
    from matched
)

select
    period,
    observed_on,
    ip_version,
    ip_number,
    -- one spelling per address (an IPv6 address can be written in several ways)
    min(ip) as ip,
    -- Two allocations of one prefix valid on the same day belong to one unit (ingest sets
    -- aside a network allocated to two units at once), so the longest prefix names one unit.
    arg_max(agency_code, prefix_length) as agency_code,
    arg_max(top_level_code, prefix_length) as top_level_code,
    arg_max(cidr, prefix_length) as cidr,
    max(prefix_length) as prefix_length
from candidates
where valid_from <= observed_on
    and (valid_to is null or valid_to >= observed_on)
    and {{ in_touched('observed_on', touched) }}
group by period, observed_on, ip_version, ip_number
