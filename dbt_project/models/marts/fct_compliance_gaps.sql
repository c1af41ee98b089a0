-- Every obligation an operating system does not meet in a month: no approved dossier, plan not
-- fully implemented, each applicable requirement not met, partly met or without result (with
-- its legal reference), each missing layer of the 4-layer model, each overdue warning.
-- Overdue warnings issued to a unit without naming a system have no system_id.
with systems as (
    select * from {{ ref('int_systems_monthly') }} where is_operating
),

gaps as (
    select period, system_id, top_level_code, owner_code as agency_code,
        'no_approved_dossier' as obligation, null as requirement_code, null as warning_id,
        dossier_status as detail
    from systems where not is_approved

    union all
    select period, system_id, top_level_code, owner_code, 'plan_not_implemented', null, null,
        null
    from systems where is_approved and not plan_implemented

    union all
    select systems.period, systems.system_id, systems.top_level_code, systems.owner_code,
        'requirement_' || case when results.assessed_result is null then 'without_result'
                               else results.result end,
        results.requirement_code, null, results.title
    from systems
    join {{ ref('int_requirement_results_monthly') }} as results using (period, system_id)
    where results.result in ('not_met', 'partial')

    {% for layer in ['onsite', 'monitoring', 'independent_check', 'ncsc'] %}
    union all
    select period, system_id, top_level_code, owner_code, 'layer_{{ layer }}_missing', null,
        null, null
    from systems where not has_layer_{{ layer }}
    {% endfor %}

    union all
    select warnings.period, warnings.system_id, warnings.top_level_code, warnings.agency_code,
        'warning_overdue', null, warnings.warning_id,
        warnings.cve || ' (' || warnings.severity || '), hạn ' || strftime(warnings.deadline, '%d/%m/%Y')
    from {{ ref('int_warning_status_monthly') }} as warnings
    left join systems
        on systems.period = warnings.period and systems.system_id = warnings.system_id
    where warnings.is_overdue and (warnings.system_id is null or systems.system_id is not null)
)

select
    gaps.period,
    gaps.top_level_code,
    gaps.agency_code,
    gaps.system_id,
    gaps.obligation,
    obligations.obligation_group,
    obligations.title_vi,
    obligations.title_en,
    gaps.requirement_code,
    gaps.warning_id,
    coalesce(requirements.legal_ref, obligations.legal_ref) as legal_ref,
    gaps.detail
from gaps
join {{ ref('obligations') }} as obligations using (obligation)
left join {{ ref('stg_reference__requirements') }} as requirements using (requirement_code)
