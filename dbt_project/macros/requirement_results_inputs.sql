{#- What each month's requirement results are computed from (macros/score_formulas.sql,
    `requirement_results`): the month's systems of the kind (approved, or operating and not
    approved with a proposed level) with their unit and level, the rows of the assessments
    snapshot the month takes its results from, and the catalogue of requirements (a change of
    the catalogue touches every month). Each group of rows is hashed as a set
    (`multiset_hash`). -#}
{% macro requirement_results_month_inputs(approved) -%}
    {%- set level = 'approved_level' if approved else 'proposed_level' -%}
    (select months.period,
            hash(systems.inputs_hash, snapshot.snapshot_date, assessments.inputs_hash,
                 requirements.inputs_hash) as inputs_hash
     from {{ ref('int_months') }} as months
     left join (select period,
                       {{ multiset_hash("struct_pack(system_id, top_level_code, " ~ level ~ ")") }}
                           as inputs_hash
                from {{ ref('int_systems_monthly') }}
                where {{ requirement_results_systems(approved) }}
                group by period) as systems using (period)
     left join ({{ assessment_snapshot_of_month() }}) as snapshot using (period)
     left join (select snapshot_date,
                       {{ multiset_hash("struct_pack(system_id, requirement_code, result)") }}
                           as inputs_hash
                from {{ ref('stg_dossiers__assessments') }}
                group by snapshot_date) as assessments using (snapshot_date),
          (select {{ multiset_hash("struct_pack(requirement_code, requirement_group, title,
                                               legal_ref, min_level)") }} as inputs_hash
           from {{ ref('stg_reference__requirements') }}) as requirements)
{%- endmacro %}

{#- The systems whose requirements the model lists: the approved operating systems, or the
    operating systems not approved whose dossier proposes a level. -#}
{% macro requirement_results_systems(approved) -%}
    {%- if approved -%}is_operating and is_approved
    {%- else -%}is_operating and not is_approved and proposed_level is not null
    {%- endif -%}
{%- endmacro %}

{#- The body of int_requirement_results_monthly (approved) and
    int_requirement_results_if_approved (not approved): the touched months' systems of the
    kind, each with every requirement of its level and its result. -#}
{% macro requirement_results_of_touched_months(approved) -%}
    {%- set level = 'approved_level' if approved else 'proposed_level' -%}
    {%- set touched = touched_list(requirement_results_month_inputs(approved), 'period') %}
with systems_of_kind as (
    select period, system_id, top_level_code, {{ level }}
    from {{ ref('int_systems_monthly') }}
    where {{ requirement_results_systems(approved) }} and {{ in_touched('period', touched, cast='') }}
)

{{ requirement_results('systems_of_kind', level) }}
{%- endmacro %}
