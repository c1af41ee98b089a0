-- The state of every system in each month: the systems snapshot of the month is the export
-- with the latest date on or before the month's last day. With the unit it rolls up to, whether
-- it is operating and approved as of the month's end, and the four layers it holds.
{% set check_days = var('methodology')['independent_check_window_days'] %}
with months as (select * from {{ ref('int_months') }}),

snapshot_of_month as (
    select months.period, max(snapshots.snapshot_date) as snapshot_date
    from months
    join (select distinct snapshot_date from {{ ref('int_systems_snapshots') }}) as snapshots
        on snapshots.snapshot_date <= months.month_end_date
    group by months.period
),

systems as (
    select
        months.period,
        months.month_end_date,
        systems.*
    from snapshot_of_month
    join months using (period)
    join {{ ref('int_systems_snapshots') }} as systems using (snapshot_date)
)

select
    systems.period,
    systems.snapshot_date,
    systems.system_id,
    systems.system_name,
    systems.owner_code,
    top.top_level_code,
    systems.operation_status,
    systems.operation_status = 'operating' as is_operating,
    systems.proposed_level,
    systems.dossier_status,
    systems.submitted_on,
    systems.approved_on,
    systems.approved_level,
    systems.decision_no,
    coalesce(systems.dossier_status = 'approved' and systems.approved_on <= systems.month_end_date,
        false) as is_approved,
    systems.plan_implemented,
    systems.layer_onsite as has_layer_onsite,
    systems.layer_monitoring as has_layer_monitoring,
    coalesce(systems.last_independent_check_on >= systems.month_end_date - {{ check_days }},
        false) as has_layer_independent_check,
    systems.ncsc_connected,
    coalesce(systems.ncsc_connected and heartbeats.system_id is not null, false)
        as has_layer_ncsc,
    heartbeats.system_id is not null as has_recent_heartbeat
from systems
left join {{ ref('int_agency_top_level') }} as top on top.agency_code = systems.owner_code
left join {{ ref('int_heartbeats_monthly') }} as heartbeats
    on heartbeats.period = systems.period and heartbeats.system_id = systems.system_id
