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
{%- if touched %}
    {%- set first_month = touched | min %}
    {%- set last_month = touched | max %}
{%- endif %}
-- The national counts read the sinkhole rows of the touched months (by the months' bounds as
-- instants: no conversion to Vietnamese time per row).
with national as (
    select months.period,
        count(distinct events.ip_number) filter (where events.ip_version = 4)
            as infected_ipv4_national,
        count(distinct events.ip_number) filter (where events.ip_version = 6)
            as infected_ipv6_national
    from {{ ref('stg_monitoring__botnet_events') }} as events
    join {{ ref('int_months') }} as months
        on events.observed_at >= months.month_start_at
        and events.observed_at < {{ vn_instant('cast(months.month_start + interval 1 month as timestamp)') }}
    where {{ in_touched('months.period', touched, cast='') }}
    {%- if touched %}
        and events.observed_at >= {{ vn_instant("timestamp '" ~ first_month ~ "-01'") }}
        and events.observed_at < {{ vn_instant("timestamp '" ~ last_month ~ "-01' + interval 1 month") }}
    {%- endif %}
    group by months.period
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
