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
with national as (
    select period,
        count(distinct ip_number) filter (where ip_version = 4) as infected_ipv4_national,
        count(distinct ip_number) filter (where ip_version = 6) as infected_ipv6_national
    from {{ ref('int_botnet_observations') }}
    where {{ in_touched('period', touched, cast='') }}
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
