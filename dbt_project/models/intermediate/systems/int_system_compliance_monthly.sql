-- I3 per system: (met + 0.5 x partial) / (requirements - not applicable). A system whose every
-- requirement is not applicable has no compliance and is left out of the unit's mean.
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
        / nullif(count(*) - count(*) filter (where result = 'not_applicable'), 0) as compliance
from {{ ref('int_requirement_results_monthly') }}
group by period, system_id, top_level_code
