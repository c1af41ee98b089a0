-- Why a composite moved: for every top-level unit with a composite in a month and in the month
-- before, each indicator's contribution to the change, in composite points. With W the sum of
-- the weights of the indicators present in a month, indicator i contributes
-- w_i * I_i / W this month minus w_i * I_i / W the month before, a missing indicator counting
-- 0: the composite is the sum of the w_i * I_i / W of its month, so the seven contributions
-- add up to the change of the composite.
{% set m = var('methodology') %}
{% set weights = m['weights'] %}
with scores as (select * from {{ ref('int_unit_month_scores') }}),

pairs as (
    select
        scores.period,
        months.previous_period,
        scores.unit_code,
        previous.composite as previous_composite,
        scores.composite,
        {%- for name in weights %}
        previous.{{ name }} as previous_{{ name }},
        scores.{{ name }} as {{ name }},
        {%- endfor %}
        {% for name, weight in weights.items() -%}
        (case when previous.{{ name }} is not null then {{ weight }} else 0 end)
        {{- ' +' if not loop.last }}
        {% endfor -%} as previous_weight_present,
        {% for name, weight in weights.items() -%}
        (case when scores.{{ name }} is not null then {{ weight }} else 0 end)
        {{- ' +' if not loop.last }}
        {% endfor -%} as weight_present
    from scores
    join {{ ref('int_months') }} as months using (period)
    join scores as previous
        on previous.period = months.previous_period and previous.unit_code = scores.unit_code
    where scores.composite is not null and previous.composite is not null
)

{% for name, weight in weights.items() %}
select
    period,
    previous_period,
    unit_code,
    '{{ name }}' as indicator,
    {{ loop.index }} as indicator_order,
    {{ weight }} as weight,
    previous_{{ name }} as previous_value,
    {{ name }} as value,
    {{ weight }} * coalesce({{ name }}, 0) / weight_present
        - {{ weight }} * coalesce(previous_{{ name }}, 0) / previous_weight_present
        as contribution,
    previous_weight_present,
    weight_present,
    previous_composite,
    composite
from pairs
{{ 'union all' if not loop.last }}
{% endfor %}
