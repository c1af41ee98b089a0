{#- What each month's rank spread is computed from: its ranked units' peer groups and indicator
    values, the methodology's weights and rounding, and the weight draws (a change of the
    weights, the rounding or the draws touches every month). -#}
{% macro rank_uncertainty_month_inputs() -%}
    {%- set m = var('methodology') -%}
    {%- set names = m['weights'].keys() | list -%}
    {%- set rule -%}
        {%- for name, weight in m['weights'].items() %}{{ name }}={{ weight }};{% endfor -%}
        rank_decimals={{ m['rank_decimals'] }}
    {%- endset -%}
    (select scores.period,
            hash(list(struct_pack(scores.unit_code, scores.peer_group
                                  {%- for name in names %}, scores.{{ name }}{% endfor %})
                      order by scores.unit_code),
                 draws.inputs_hash, '{{ rule }}') as inputs_hash
     from {{ ref('int_unit_month_scores') }} as scores,
          (select hash(list(struct_pack(indicator, draw, factor) order by draw, indicator))
                  as inputs_hash
           from {{ ref('int_weight_draws') }}) as draws
     where scores.ranked
     group by scores.period, draws.inputs_hash)
{%- endmacro %}
