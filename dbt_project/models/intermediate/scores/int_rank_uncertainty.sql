{{ config(
    materialized='incremental',
    incremental_strategy='append',
    on_schema_change='append_new_columns',
    pre_hook="{{ delete_touched(rank_uncertainty_month_inputs(), 'period') }}",
    post_hook="{{ record_days(rank_uncertainty_month_inputs(), 'period') }}",
) }}
-- Rank spread of each ranked unit: in every draw the weights are perturbed, the composite is
-- recomputed with the same missing-data rule, and the ranked units of each peer group ranked
-- again; the 5th, 50th and 95th percentile of a unit's ranks over the draws. Incremental by
-- month (macros/incremental_by_day.sql): the draws run again only for the months whose ranked
-- scores (or the draws' weights) changed.
{% set m = var('methodology') %}
{% set weights = m['weights'] %}
{% set rounded = 'round_even(composite, ' ~ m['rank_decimals'] ~ ')' %}
{%- set touched = touched_list(rank_uncertainty_month_inputs(), 'period') %}
with scores as (
    select * from {{ ref('int_unit_month_scores') }}
    where ranked and {{ in_touched('period', touched, cast='') }}
),

values_long as (
    {%- for name, weight in weights.items() %}
    select period, unit_code, peer_group, '{{ name }}' as indicator, {{ weight }} as weight,
        {{ name }} as value
    from scores where {{ name }} is not null
    {{ 'union all' if not loop.last }}
    {%- endfor %}
),

drawn as (
    select
        values_long.period,
        values_long.unit_code,
        values_long.peer_group,
        draws.draw,
        -- summed in a fixed order, so that the same inputs give the same bits
        list_sum(list(values_long.weight * draws.factor * values_long.value
                      order by values_long.indicator))
            / list_sum(list(values_long.weight * draws.factor order by values_long.indicator))
            as composite
    from values_long
    join {{ ref('int_weight_draws') }} as draws using (indicator)
    group by all
),

ranked as (
    select *,
        rank() over (partition by period, peer_group, draw order by {{ rounded }} desc) as rank
    from drawn
)

select
    period,
    unit_code,
    count(*) as draws,
    quantile_disc(rank, 0.05) as rank_p05,
    quantile_disc(rank, 0.50) as rank_p50,
    quantile_disc(rank, 0.95) as rank_p95
from ranked
group by period, unit_code
