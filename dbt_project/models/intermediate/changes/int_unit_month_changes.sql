-- The change feed: what changed in each top-level unit's evidence from the month before, per
-- indicator, one row per item. `change` is, for a finding (something that lowers a score):
-- `new` (it appeared), `fixed` (it went away), `redetected` (an infected address seen again
-- after at least one month without it); for an item entering or leaving what an indicator
-- counts (a system that starts or stops operating, or is newly approved for I2 and I3; a
-- requirement that becomes applicable or not; a domain measured or no longer measured; the
-- allocated addresses): `added` or `removed`. A warning that fell due in the month is `fixed`
-- when remediated on time and `new` when not. `changed_on` is the day the evidence dates the
-- change to (an approval, a snapshot, the day an address was first or last seen, a warning's
-- deadline or remediation, a scan). Months are compared with the calendar month before, from
-- the second month of the data on; IPv6 addresses are not scored and not listed here.
with months as (
    select period, previous_period
    from {{ ref('int_months') }}
    where previous_period in (select period from {{ ref('int_months') }})
),

snapshot_dates as (
    select period, max(snapshot_date) as snapshot_date
    from {{ ref('int_systems_monthly') }}
    group by period
),

systems as (
    select *
    from {{ ref('int_systems_monthly') }}
    where is_operating and top_level_code is not null
),

system_pairs as (
    select
        coalesce(cur.pair_period, prev.pair_period) as period,
        coalesce(cur.top_level_code, prev.top_level_code) as top_level_code,
        coalesce(cur.owner_code, prev.owner_code) as agency_code,
        coalesce(cur.system_id, prev.system_id) as system_id,
        cur.system_id is not null as in_month,
        prev.system_id is not null as in_previous,
        coalesce(cur.is_approved, false) as is_approved,
        coalesce(prev.is_approved, false) as was_approved,
        cur.approved_on,
        coalesce(cur.plan_implemented, false) as plan_implemented,
        coalesce(prev.plan_implemented, false) as plan_was_implemented,
        {%- for layer in ['onsite', 'monitoring', 'independent_check', 'ncsc'] %}
        cur.has_layer_{{ layer }} as has_{{ layer }},
        prev.has_layer_{{ layer }} as had_{{ layer }},
        {%- endfor %}
        (cur.has_layer_onsite::int + cur.has_layer_monitoring::int
            + cur.has_layer_independent_check::int + cur.has_layer_ncsc::int) as layers,
        (prev.has_layer_onsite::int + prev.has_layer_monitoring::int
            + prev.has_layer_independent_check::int + prev.has_layer_ncsc::int) as previous_layers
    from {{ month_pairs('systems', ['system_id', 'top_level_code']) }}
),

systems_dated as (
    select system_pairs.*, snapshot_dates.snapshot_date
    from system_pairs
    left join snapshot_dates using (period)
),

approval as (
    select
        period, top_level_code, agency_code,
        'approval_coverage' as indicator,
        case
            when not in_previous then 'added'
            when not in_month then 'removed'
            when is_approved then 'fixed'
            else 'new'
        end as change,
        'approval' as finding,
        system_id,
        system_id as item,
        cast(null as varchar) as aspect,
        case when in_previous then
            case when was_approved then 'approved' else 'not_approved' end
        end as previous_state,
        case when in_month then
            case when is_approved then 'approved' else 'not_approved' end
        end as state,
        case when in_month and is_approved and not was_approved then approved_on
            else snapshot_date end as changed_on
    from systems_dated
    where not in_previous or not in_month or is_approved <> was_approved
),

-- I2 and I3 count the approved systems: a system entering or leaving that set is added or removed
approved_pairs as (
    select
        *,
        in_month and is_approved as counted,
        in_previous and was_approved as was_counted
    from systems_dated
),

plan as (
    select
        period, top_level_code, agency_code,
        'plan_implementation' as indicator,
        case
            when not was_counted then 'added'
            when not counted then 'removed'
            when plan_implemented then 'fixed'
            else 'new'
        end as change,
        'plan' as finding,
        system_id,
        system_id as item,
        cast(null as varchar) as aspect,
        case when was_counted then
            case when plan_was_implemented then 'implemented' else 'not_implemented' end
        end as previous_state,
        case when counted then
            case when plan_implemented then 'implemented' else 'not_implemented' end
        end as state,
        case when counted and not was_counted then coalesce(approved_on, snapshot_date)
            else snapshot_date end as changed_on
    from approved_pairs
    where (counted or was_counted)
        and (not counted or not was_counted or plan_implemented <> plan_was_implemented)
),

approved_systems as (
    select
        period, top_level_code, agency_code,
        'requirement_compliance' as indicator,
        case when counted then 'added' else 'removed' end as change,
        'approved_system' as finding,
        system_id,
        system_id as item,
        cast(null as varchar) as aspect,
        case when was_counted then 'approved' end as previous_state,
        case when counted then 'approved' end as state,
        case when counted then coalesce(approved_on, snapshot_date) else snapshot_date end
            as changed_on
    from approved_pairs
    where counted <> was_counted
),

results as (
    select
        *,
        case result when 'met' then 1.0 when 'partial' then 0.5 when 'not_met' then 0.0 end
            as result_score
    from {{ ref('int_requirement_results_monthly') }}
),

-- requirement results of the systems approved in both months
requirements as (
    select
        coalesce(cur.pair_period, prev.pair_period) as period,
        coalesce(cur.top_level_code, prev.top_level_code) as top_level_code,
        pairs.agency_code,
        'requirement_compliance' as indicator,
        case
            when prev.result_score is null and cur.result_score is null then null
            when prev.result_score is null then 'added'
            when cur.result_score is null then 'removed'
            when cur.result_score > prev.result_score then 'fixed'
            when cur.result_score < prev.result_score then 'new'
        end as change,
        'requirement' as finding,
        coalesce(cur.system_id, prev.system_id) as system_id,
        coalesce(cur.system_id, prev.system_id) as item,
        coalesce(cur.requirement_code, prev.requirement_code) as aspect,
        prev.result as previous_state,
        cur.result as state,
        coalesce(cur.assessment_snapshot_date, pairs.snapshot_date) as changed_on
    from {{ month_pairs('results', ['system_id', 'top_level_code', 'requirement_code']) }}
    join approved_pairs as pairs
        on pairs.period = coalesce(cur.pair_period, prev.pair_period)
        and pairs.system_id = coalesce(cur.system_id, prev.system_id)
        and pairs.top_level_code = coalesce(cur.top_level_code, prev.top_level_code)
        and pairs.counted and pairs.was_counted
    where prev.result is distinct from cur.result
),

layers as (
    {%- for layer in ['onsite', 'monitoring', 'independent_check', 'ncsc'] %}
    select
        period, top_level_code, agency_code,
        'four_layer' as indicator,
        case when has_{{ layer }} then 'fixed' else 'new' end as change,
        'layer' as finding,
        system_id,
        system_id as item,
        '{{ layer }}' as aspect,
        case when had_{{ layer }} then 'held' else 'missing' end as previous_state,
        case when has_{{ layer }} then 'held' else 'missing' end as state,
        snapshot_date as changed_on
    from systems_dated
    where in_month and in_previous and has_{{ layer }} <> had_{{ layer }}
    union all
    {%- endfor %}
    -- a system that starts or stops operating brings or takes away its layers
    select
        period, top_level_code, agency_code,
        'four_layer' as indicator,
        case when in_month then 'added' else 'removed' end as change,
        'layers_held' as finding,
        system_id,
        system_id as item,
        cast(null as varchar) as aspect,
        cast(previous_layers as varchar) || '/4' as previous_state,
        cast(layers as varchar) || '/4' as state,
        snapshot_date as changed_on
    from systems_dated
    where in_month <> in_previous
),

address_months as (
    select
        period,
        top_level_code,
        ip_number,
        any_value(ip) as ip,
        arg_min(agency_code, observed_on) as agency_code,
        min(observed_on) as first_seen_on,
        max(observed_on) as last_seen_on
    from {{ ref('int_botnet_observations_attributed') }}
    where ip_version = 4 and top_level_code is not null
    group by period, top_level_code, ip_number
),

address_history as (
    select *, min(period) over (partition by top_level_code, ip_number) as first_period
    from address_months
),

addresses as (
    select
        coalesce(cur.pair_period, prev.pair_period) as period,
        coalesce(cur.top_level_code, prev.top_level_code) as top_level_code,
        coalesce(cur.agency_code, prev.agency_code) as agency_code,
        'botnet_hygiene' as indicator,
        case
            when cur.ip_number is null then 'fixed'
            when cur.first_period < prev_month.previous_period then 'redetected'
            else 'new'
        end as change,
        'infected_address' as finding,
        cast(null as varchar) as system_id,
        coalesce(cur.ip, prev.ip) as item,
        cast(null as varchar) as aspect,
        case when prev.ip_number is not null then 'infected' else 'clean' end as previous_state,
        case when cur.ip_number is not null then 'infected' else 'clean' end as state,
        case when cur.ip_number is null then prev.last_seen_on else cur.first_seen_on end
            as changed_on
    from {{ month_pairs('address_history', ['top_level_code', 'ip_number']) }}
    left join months as prev_month
        on prev_month.period = coalesce(cur.pair_period, prev.pair_period)
    where cur.ip_number is null or prev.ip_number is null
),

allocated_addresses as (select * from {{ ref('int_allocated_addresses_monthly') }}),

allocated as (
    select
        coalesce(cur.pair_period, prev.pair_period) as period,
        coalesce(cur.top_level_code, prev.top_level_code) as top_level_code,
        coalesce(cur.top_level_code, prev.top_level_code) as agency_code,
        'botnet_hygiene' as indicator,
        case when coalesce(cur.allocated_addresses, 0) > coalesce(prev.allocated_addresses, 0)
            then 'added' else 'removed' end as change,
        'allocated_addresses' as finding,
        cast(null as varchar) as system_id,
        cast(null as varchar) as item,
        cast(null as varchar) as aspect,
        cast(coalesce(prev.allocated_addresses, 0) as varchar) as previous_state,
        cast(coalesce(cur.allocated_addresses, 0) as varchar) as state,
        last_day(cast(coalesce(cur.pair_period, prev.pair_period) || '-01' as date)) as changed_on
    from {{ month_pairs('allocated_addresses', ['top_level_code']) }}
    where cur.allocated_addresses is distinct from prev.allocated_addresses
),

warnings as (
    select
        warnings.period, warnings.top_level_code, warnings.agency_code,
        'warning_remediation' as indicator,
        case when is_on_time then 'fixed' else 'new' end as change,
        'warning_due' as finding,
        warnings.system_id,
        warnings.warning_id as item,
        warnings.cve as aspect,
        cast(null as varchar) as previous_state,
        case when is_on_time then 'on_time' else 'late' end as state,
        case when is_on_time then cast({{ vn_local('first_remediated_at') }} as date)
            else warnings.deadline end as changed_on
    from {{ ref('int_warnings') }} as warnings
    where warnings.is_due
        and warnings.top_level_code is not null
        and warnings.period in (select period from months)
),

domains_measured as (
    select * from {{ ref('int_domain_scans_monthly') }}
    where is_measured and top_level_code is not null
),

domains as (
    {%- for check in ['supports_https', 'enforces_https', 'uses_strong_hsts', 'has_sound_certificate'] %}
    select
        cur.pair_period as period, cur.top_level_code, cur.agency_code,
        'web_security' as indicator,
        case when cur.{{ check }} then 'fixed' else 'new' end as change,
        'domain_check' as finding,
        cast(null as varchar) as system_id,
        cur.domain as item,
        '{{ check }}' as aspect,
        case when prev.{{ check }} then 'pass' else 'fail' end as previous_state,
        case when cur.{{ check }} then 'pass' else 'fail' end as state,
        cast({{ vn_local('cur.scanned_at') }} as date) as changed_on
    from {{ month_pairs('domains_measured', ['domain', 'top_level_code']) }}
    where cur.domain is not null and prev.domain is not null
        and cur.{{ check }} <> prev.{{ check }}
    union all
    {%- endfor %}
    select
        coalesce(cur.pair_period, prev.pair_period) as period,
        coalesce(cur.top_level_code, prev.top_level_code) as top_level_code,
        coalesce(cur.agency_code, prev.agency_code) as agency_code,
        'web_security' as indicator,
        case when cur.domain is not null then 'added' else 'removed' end as change,
        'measured_domain' as finding,
        cast(null as varchar) as system_id,
        coalesce(cur.domain, prev.domain) as item,
        cast(null as varchar) as aspect,
        case when prev.domain is not null then 'measured' end as previous_state,
        case when cur.domain is not null then 'measured' end as state,
        cast({{ vn_local('coalesce(cur.scanned_at, prev.scanned_at)') }} as date) as changed_on
    from {{ month_pairs('domains_measured', ['domain', 'top_level_code']) }}
    where cur.domain is null or prev.domain is null
)

{% set parts = ['approval', 'plan', 'approved_systems', 'requirements', 'layers', 'addresses',
                'allocated', 'warnings', 'domains'] %}
{%- for part in parts %}
select
    period, top_level_code, agency_code, indicator, change, finding, system_id, item, aspect,
    previous_state, state, cast(changed_on as date) as changed_on
from {{ part }}
where change is not null
{{ 'union all' if not loop.last }}
{%- endfor %}
