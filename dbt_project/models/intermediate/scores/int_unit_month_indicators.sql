-- One row per month and top-level unit valid that month: the counts behind each indicator and
-- the seven indicators (0-100, NULL when missing) of methodology v1.
with units as (select * from {{ ref('int_top_level_units_monthly') }}),

systems as (
    select
        period,
        top_level_code,
        count(*) as systems,
        count(*) filter (where is_approved) as approved_systems,
        count(*) filter (where is_approved and plan_implemented) as plan_implemented_systems,
        sum(has_layer_onsite::int + has_layer_monitoring::int
            + has_layer_independent_check::int + has_layer_ncsc::int) as layers_held
    from {{ ref('int_systems_monthly') }}
    where is_operating
    group by period, top_level_code
),

compliance as (
    select
        period,
        top_level_code,
        count(compliance) as assessed_systems,
        sum(requirements) as applicable_requirements,
        sum(requirements - without_result) as assessed_requirements,
        -- summed in a fixed order: a parallel sum of floats may differ in its last bits from
        -- run to run, and the exports must be byte-identical
        list_avg(list(compliance order by system_id) filter (where compliance is not null))
            as mean_compliance
    from {{ ref('int_system_compliance_monthly') }}
    -- without an assessments snapshot the indicator is missing, not zero
    where assessment_snapshot_date is not null
    group by period, top_level_code
),

-- A report counts when at least one of its rows loaded: one whose every row was set aside (a
-- misdated or replayed report, all its events outside its window) measured nothing.
reports as (
    select strftime(file_date, '%Y-%m') as period, count(*) as botnet_reports
    from {{ ref('stg_ingest__files') }}
    where source = 'botnet' and outcome = 'loaded' and is_current and rows_loaded > 0
    group by all
),

infected as (
    select period, top_level_code, count(distinct ip_number) as infected_addresses
    from {{ ref('int_botnet_observations_attributed') }}
    where ip_version = 4
    group by period, top_level_code
),

warnings as (
    select
        period,
        top_level_code,
        count(*) filter (where is_due) as due_warnings,
        count(*) filter (where is_on_time) as on_time_warnings
    from {{ ref('int_warnings') }}
    group by period, top_level_code
),

domains as (
    select
        period,
        top_level_code,
        count(*) filter (where is_measured) as measured_domains,
        list_avg(list((supports_https::int + enforces_https::int + uses_strong_hsts::int
             + has_sound_certificate::int) / 4 order by domain) filter (where is_measured))
            as mean_domain_score
    from {{ ref('int_domain_scans_monthly') }}
    group by period, top_level_code
),

registered_domains as (
    select top.top_level_code, count(*) as domains
    from {{ ref('stg_reference__domains') }} as domains
    join {{ ref('int_agency_top_level') }} as top using (agency_code)
    group by top.top_level_code
),

counts as (
    select
        units.period,
        units.unit_code,
        units.unit_name,
        units.unit_kind,
        units.peer_group,
        coalesce(systems.systems, 0) as systems,
        coalesce(systems.approved_systems, 0) as approved_systems,
        coalesce(systems.plan_implemented_systems, 0) as plan_implemented_systems,
        coalesce(systems.layers_held, 0) as layers_held,
        coalesce(compliance.assessed_systems, 0) as assessed_systems,
        coalesce(compliance.assessed_requirements, 0) as assessed_requirements,
        coalesce(compliance.applicable_requirements, 0) as applicable_requirements,
        compliance.mean_compliance,
        coalesce(reports.botnet_reports, 0) as botnet_reports,
        coalesce(infected.infected_addresses, 0) as infected_addresses,
        coalesce(allocated.allocated_addresses, 0) as allocated_addresses,
        coalesce(warnings.due_warnings, 0) as due_warnings,
        coalesce(warnings.on_time_warnings, 0) as on_time_warnings,
        coalesce(registered_domains.domains, 0) as domains,
        coalesce(domains.measured_domains, 0) as measured_domains,
        domains.mean_domain_score
    from units
    left join systems
        on systems.period = units.period and systems.top_level_code = units.unit_code
    left join compliance
        on compliance.period = units.period and compliance.top_level_code = units.unit_code
    left join reports on reports.period = units.period
    left join infected
        on infected.period = units.period and infected.top_level_code = units.unit_code
    left join {{ ref('int_allocated_addresses_monthly') }} as allocated
        on allocated.period = units.period and allocated.top_level_code = units.unit_code
    left join warnings
        on warnings.period = units.period and warnings.top_level_code = units.unit_code
    left join domains
        on domains.period = units.period and domains.top_level_code = units.unit_code
    left join registered_domains on registered_domains.top_level_code = units.unit_code
)

select
    *,
{{ indicators_from_counts() }}
from counts
