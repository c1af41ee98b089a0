-- For every approved operating system of a month, every requirement of its approved level
-- (catalogue rows with min_level <= approved_level) with its result from the month's
-- assessments snapshot (the export with the latest date on or before the month's last day).
-- A requirement with no result counts as not met.
with months as (select * from {{ ref('int_months') }}),

assessment_snapshot_of_month as (
    select months.period, max(assessments.snapshot_date) as snapshot_date
    from months
    join (select distinct snapshot_date from {{ ref('stg_dossiers__assessments') }}) as assessments
        on assessments.snapshot_date <= months.month_end_date
    group by months.period
),

approved as (
    select period, system_id, top_level_code, approved_level
    from {{ ref('int_systems_monthly') }}
    where is_operating and is_approved
)

select
    approved.period,
    approved.system_id,
    approved.top_level_code,
    requirements.requirement_code,
    requirements.requirement_group,
    requirements.title,
    requirements.legal_ref,
    snapshot.snapshot_date as assessment_snapshot_date,
    assessments.result as assessed_result,
    coalesce(assessments.result, 'not_met') as result
from approved
join {{ ref('stg_reference__requirements') }} as requirements
    on requirements.min_level <= approved.approved_level
left join assessment_snapshot_of_month as snapshot on snapshot.period = approved.period
left join {{ ref('stg_dossiers__assessments') }} as assessments
    on assessments.snapshot_date = snapshot.snapshot_date
    and assessments.system_id = approved.system_id
    and assessments.requirement_code = requirements.requirement_code
