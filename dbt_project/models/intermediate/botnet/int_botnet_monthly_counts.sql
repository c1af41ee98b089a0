{{ config(
    materialized='incremental',
    incremental_strategy='append',
    on_schema_change='append_new_columns',
    pre_hook="{{ delete_touched(infected_addresses_month_inputs(), 'period') }}",
    post_hook="{{ record_days(infected_addresses_month_inputs(), 'period') }}",
) }}
-- Distinct infected addresses per month, nationwide and in the state address blocks, for the
-- national figures. Incremental by month (macros/incremental_by_day.sql): a new day recounts its
-- own month only, instead of every month of the history (issue 14: the national KPIs counted
-- every address of every month on every run, 6 s at national scale and growing).
{%- set touched = touched_list(infected_addresses_month_inputs(), 'period') %}
-- The national counts read the sinkhole rows of the touched months, found by the months' bounds
-- as instants (no conversion to Vietnamese time per row). Each address is made distinct first
-- and counted after: DuckDB's count(distinct) with a filter per version took 2.5 times as long
-- (issue 14: 8.4 s of a full national build, 2.5 s of each day). A build that recomputes some
-- months reads each of them with constant bounds, so that DuckDB skips the row groups of
-- other months; a full build joins every row on its month.
with national as (
    select period,
        count(*) filter (where ip_version = 4) as infected_ipv4_national,
        count(*) filter (where ip_version = 6) as infected_ipv6_national
    from (
    {%- if touched %}
        {%- for period in touched | sort %}
        {%- if not loop.first %}
        union all
        {%- endif %}
        select distinct '{{ period }}' as period, ip_version, ip_number
        from {{ ref('stg_monitoring__botnet_events') }}
        where observed_at >= {{ vn_instant("timestamp '" ~ period ~ "-01'") }}
            and observed_at < {{ vn_instant("timestamp '" ~ period ~ "-01' + interval 1 month") }}
        {%- endfor %}
    {%- else %}
        select distinct months.period, events.ip_version, events.ip_number
        from {{ ref('stg_monitoring__botnet_events') }} as events
        join {{ ref('int_months') }} as months
            on events.observed_at >= months.month_start_at
            and events.observed_at < {{ vn_instant('cast(months.month_start + interval 1 month as timestamp)') }}
        where {{ in_touched('months.period', touched, cast='') }}
    {%- endif %}
    ) as addresses
    group by period
),

state_blocks as (
    select period,
        count(distinct ip_number) filter (where ip_version = 4) as infected_ipv4_state_blocks,
        count(distinct ip_number) filter (where ip_version = 6) as infected_ipv6_state_blocks
    from {{ ref('int_botnet_observations_attributed') }}
    where {{ in_touched('period', touched, cast='') }}
    group by period
)

select
    period,
    coalesce(national.infected_ipv4_national, 0) as infected_ipv4_national,
    coalesce(national.infected_ipv6_national, 0) as infected_ipv6_national,
    coalesce(state_blocks.infected_ipv4_state_blocks, 0) as infected_ipv4_state_blocks,
    coalesce(state_blocks.infected_ipv6_state_blocks, 0) as infected_ipv6_state_blocks
from national
full join state_blocks using (period)
