{#- What each month's paths to the next grade are computed from: every unit's score row and
    counts, every candidate action with what it adds, and the methodology's weights, threshold
    and grades (a change of those touches every month). -#}
{% macro grade_plan_month_inputs() -%}
    {%- set m = var('methodology') -%}
    {%- set rule -%}
        {%- for name, weight in m['weights'].items() %}{{ name }}={{ weight }};{% endfor -%}
        {%- for grade in m['grades'] %}{{ grade['grade'] }}={{ grade['min'] }};{% endfor -%}
        threshold={{ m['botnet_threshold'] }};rank_decimals={{ m['rank_decimals'] }}
    {%- endset -%}
    (select scores.period, hash(scores.inputs_hash, actions.inputs_hash, '{{ rule }}')
            as inputs_hash
     from (select period,
                  {{ multiset_hash("struct_pack(unit_code, ranked, grade, systems,
                                        approved_systems, plan_implemented_systems,
                                        assessed_systems, mean_compliance, layers_held,
                                        allocated_addresses, botnet_reports, infected_addresses,
                                        due_warnings, on_time_warnings, measured_domains,
                                        mean_domain_score)") }} as inputs_hash
           from {{ ref('int_unit_month_scores') }}
           group by period) as scores
     left join (select period,
                       {{ multiset_hash("struct_pack(unit_code, action, system_id, item,
                                             detail, needs_approval, d_approved, d_plan,
                                             d_sum_compliance, d_assessed, d_layers,
                                             d_infected, d_on_time, d_domain_score)") }}
                           as inputs_hash
                from {{ ref('int_grade_plan_actions') }}
                group by period) as actions using (period))
{%- endmacro %}
