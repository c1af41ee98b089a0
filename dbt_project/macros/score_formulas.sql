{#- The methodology's formulas, written once: the score models and the plans' projections
    (int_grade_plan_projections) both call them, so a projected composite is computed exactly
    as a published one. -#}

{% macro requirement_results(systems, level_column) %}
{#- Every requirement of each system's level (catalogue rows with min_level <= the level) with
    its result from the month's assessments snapshot (the export with the latest date on or
    before the month's last day); a requirement with no result counts as not met. `systems`
    is a relation of (period, system_id, top_level_code, <level_column>). -#}
    select
        systems.period,
        systems.system_id,
        systems.top_level_code,
        requirements.requirement_code,
        requirements.requirement_group,
        requirements.title,
        requirements.legal_ref,
        snapshot.snapshot_date as assessment_snapshot_date,
        assessments.result as assessed_result,
        coalesce(assessments.result, 'not_met') as result
    from {{ systems }} as systems
    join {{ ref('stg_reference__requirements') }} as requirements
        on requirements.min_level <= systems.{{ level_column }}
    left join ({{ assessment_snapshot_of_month() }}) as snapshot
        on snapshot.period = systems.period
    left join {{ ref('stg_dossiers__assessments') }} as assessments
        on assessments.snapshot_date = snapshot.snapshot_date
        and assessments.system_id = systems.system_id
        and assessments.requirement_code = requirements.requirement_code
{% endmacro %}

{% macro assessment_snapshot_of_month() %}
{#- Each month's assessments snapshot: the export with the latest date on or before the month's
    last day (period, snapshot_date). -#}
        select months.period, max(assessments.snapshot_date) as snapshot_date
        from {{ ref('int_months') }} as months
        join (select distinct snapshot_date from {{ ref('stg_dossiers__assessments') }})
            as assessments
            on assessments.snapshot_date <= months.month_end_date
        group by months.period
{% endmacro %}

{% macro system_compliance(results) %}
{#- I3 per system: (met + 0.5 x partial) / (requirements - not applicable). A system whose
    every requirement is not applicable has no compliance and is left out of the unit's mean. -#}
    select
        period,
        system_id,
        top_level_code,
        any_value(assessment_snapshot_date) as assessment_snapshot_date,
        count(*) as requirements,
        count(*) filter (where result = 'met') as met,
        count(*) filter (where result = 'partial') as partial,
        count(*) filter (where result = 'not_met') as not_met,
        count(*) filter (where result = 'not_applicable') as not_applicable,
        count(*) filter (where assessed_result is null) as without_result,
        (count(*) filter (where result = 'met') + 0.5 * count(*) filter (where result = 'partial'))
            / nullif(count(*) - count(*) filter (where result = 'not_applicable'), 0)
            as compliance
    from {{ results }}
    group by period, system_id, top_level_code
{% endmacro %}

{% macro indicators_from_counts() %}
{#- The seven indicators (0-100, NULL when missing) from a unit-month's counts: systems,
    approved_systems, plan_implemented_systems, mean_compliance, layers_held,
    allocated_addresses, botnet_reports, infected_addresses, due_warnings, on_time_warnings,
    measured_domains, mean_domain_score. -#}
{%- set m = var('methodology') %}
    -- I1: approved systems / operating systems
    case when systems > 0 then 100.0 * approved_systems / systems end as approval_coverage,
    -- I2: approved systems with the plan fully implemented / approved systems
    case when approved_systems > 0 then 100.0 * plan_implemented_systems / approved_systems end
        as plan_implementation,
    -- I3: mean compliance of the approved systems (missing without an assessments snapshot)
    case when approved_systems > 0 then 100.0 * mean_compliance end as requirement_compliance,
    -- I4: mean share of the four layers held
    case when systems > 0 then 100.0 * layers_held / (4.0 * systems) end as four_layer,
    -- I5: infected share of the allocated addresses against the threshold
    case when allocated_addresses > 0 and botnet_reports > 0 then
        100.0 * greatest(0.0, 1.0 - (infected_addresses / allocated_addresses)
            / {{ m['botnet_threshold'] }})
    end as botnet_hygiene,
    -- I6: warnings remediated on time / warnings due
    case when due_warnings > 0 then 100.0 * on_time_warnings / due_warnings end
        as warning_remediation,
    -- I7: mean score of the measured domains
    case when measured_domains > 0 then 100.0 * mean_domain_score end as web_security
{% endmacro %}

{% macro composite_and_coverage() %}
{#- The composite (the weighted mean of the indicators present) and coverage (the share of the
    total weight they carry) of a row with the seven indicators. -#}
{%- set weights = var('methodology')['weights'] %}
{%- set total = weights.values() | sum %}
        (
            {%- for name, weight in weights.items() %}
            coalesce({{ weight }} * {{ name }}, 0){{ ' +' if not loop.last }}
            {%- endfor %}
        ) / nullif(
            {%- for name, weight in weights.items() %}
            (case when {{ name }} is not null then {{ weight }} else 0 end){{ ' +' if not loop.last }}
            {%- endfor %}
        , 0) as composite,
        (
            {%- for name, weight in weights.items() %}
            (case when {{ name }} is not null then {{ weight }} else 0 end){{ ' +' if not loop.last }}
            {%- endfor %}
        ) / {{ total }} as coverage
{% endmacro %}

{% macro grade_of(rounded) %}
{#- The grade of a rounded composite (A >= 90, B >= 75, ...). -#}
            case
                {%- for grade in var('methodology')['grades'] %}
                when {{ rounded }} >= {{ grade['min'] }} then '{{ grade['grade'] }}'
                {%- endfor %}
            end
{% endmacro %}
