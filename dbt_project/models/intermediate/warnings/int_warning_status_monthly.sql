-- The state of every warning at the end E of each month from its issue on: withdrawn,
-- remediated (a remediation with no reopening after it up to E) or open; overdue when it is
-- open after the end of its deadline day.
with events as (select * from {{ ref('int_warning_events_deduplicated') }}),

warnings as (
    select warnings.*,
        {{ vn_instant('cast(warnings.deadline + 1 as timestamp)') }} as deadline_end_at
    from {{ ref('int_warnings') }} as warnings
),

monthly as (
    select warnings.*, months.period as as_of_period, months.month_end_at
    from warnings
    join {{ ref('int_months') }} as months on warnings.issued_at <= months.month_end_at
),

remediations as (
    select
        monthly.warning_id,
        monthly.as_of_period,
        remediated.occurred_at as remediated_at,
        exists (
            select 1 from events as reopened
            where reopened.warning_id = monthly.warning_id
                and reopened.event = 'reopened'
                and reopened.occurred_at > remediated.occurred_at
                and reopened.occurred_at <= monthly.month_end_at
        ) as reopened_after
    from monthly
    join events as remediated
        on remediated.warning_id = monthly.warning_id
        and remediated.event = 'remediated'
        and remediated.occurred_at <= monthly.month_end_at
),

withdrawals as (
    select monthly.warning_id, monthly.as_of_period
    from monthly
    semi join events as withdrawn
        on withdrawn.warning_id = monthly.warning_id
        and withdrawn.event = 'withdrawn'
        and withdrawn.occurred_at <= monthly.month_end_at
),

last_remediation as (
    select warning_id, as_of_period, max(remediated_at) as remediated_at
    from remediations
    where not reopened_after
    group by warning_id, as_of_period
),

state as (
    select
        monthly.warning_id,
        monthly.as_of_period,
        withdrawals.warning_id is not null as is_withdrawn,
        last_remediation.remediated_at
    from monthly
    left join withdrawals using (warning_id, as_of_period)
    left join last_remediation using (warning_id, as_of_period)
)

select
    state.as_of_period as period,
    monthly.warning_id,
    monthly.agency_code,
    monthly.top_level_code,
    monthly.system_id,
    monthly.cve,
    monthly.severity,
    monthly.issued_at,
    monthly.deadline,
    state.remediated_at,
    case
        when state.is_withdrawn then 'withdrawn'
        when state.remediated_at is not null then 'remediated'
        else 'open'
    end as status,
    not state.is_withdrawn and state.remediated_at is null
        and monthly.deadline_end_at <= monthly.month_end_at as is_overdue
from state
join monthly using (warning_id, as_of_period)
