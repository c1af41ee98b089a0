-- Each warning with its issue (the earliest `issued` event), the month its deadline falls in,
-- and its lifecycle as of that month's end E: due unless withdrawn by E; on time when it was
-- remediated by the end of its deadline day (Vietnam time) and not reopened after that
-- remediation up to E. Events may arrive out of order: only their times count.
with events as (select * from {{ ref('int_warning_events_deduplicated') }}),

issued as (
    select
        warning_id,
        arg_min(agency_code, occurred_at) as agency_code,
        arg_min(system_id, occurred_at) as system_id,
        arg_min(cve, occurred_at) as cve,
        arg_min(severity, occurred_at) as severity,
        arg_min(deadline, occurred_at) as deadline,
        min(occurred_at) as issued_at
    from events
    where event = 'issued'
    group by warning_id
),

warnings as (
    select
        issued.*,
        months.period,
        months.month_end_at,
        {{ vn_instant('cast(issued.deadline + 1 as timestamp)') }} as deadline_end_at
    from issued
    join {{ ref('int_months') }} as months
        on issued.deadline between months.month_start and months.month_end_date
),

lifecycle as (
    select
        warnings.warning_id,
        bool_or(events.event = 'withdrawn' and events.occurred_at <= warnings.month_end_at)
            as withdrawn,
        min(events.occurred_at) filter (where events.event = 'remediated') as first_remediated_at,
        bool_or(
            events.event = 'remediated'
            and events.occurred_at < warnings.deadline_end_at
            and not exists (
                select 1 from events as reopened
                where reopened.warning_id = warnings.warning_id
                    and reopened.event = 'reopened'
                    and reopened.occurred_at > events.occurred_at
                    and reopened.occurred_at <= warnings.month_end_at
            )
        ) as remediated_on_time,
        count(*) filter (where events.event = 'reopened') as times_reopened
    from warnings
    left join events using (warning_id)
    group by warnings.warning_id
)

select
    warnings.warning_id,
    warnings.period,
    warnings.agency_code,
    top.top_level_code,
    warnings.system_id,
    warnings.cve,
    warnings.severity,
    warnings.issued_at,
    warnings.deadline,
    lifecycle.first_remediated_at,
    lifecycle.times_reopened,
    coalesce(lifecycle.withdrawn, false) as is_withdrawn,
    not coalesce(lifecycle.withdrawn, false) as is_due,
    not coalesce(lifecycle.withdrawn, false) and coalesce(lifecycle.remediated_on_time, false)
        as is_on_time
from warnings
join lifecycle using (warning_id)
left join {{ ref('int_agency_top_level') }} as top using (agency_code)
