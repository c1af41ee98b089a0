-- National figures per month: systems by level and dossier status, approval and plan rates,
-- infected addresses nationwide and in state address blocks, warnings due and on time,
-- domains measured and passing every check.
with systems as (
    select period,
        count(*) as operating_systems,
        {%- for level in range(1, 6) %}
        count(*) filter (where coalesce(approved_level, proposed_level) = {{ level }})
            as operating_level_{{ level }},
        count(*) filter (where is_approved and approved_level = {{ level }})
            as approved_level_{{ level }},
        {%- endfor %}
        {%- for status in ['draft', 'submitted', 'appraising', 'approved', 'returned', 'rejected'] %}
        count(*) filter (where dossier_status = '{{ status }}') as dossier_{{ status }},
        {%- endfor %}
        count(*) filter (where is_approved) as approved_systems,
        count(*) filter (where is_approved and plan_implemented) as plan_implemented_systems
    from {{ ref('int_systems_monthly') }}
    where is_operating
    group by period
),

infected as (
    select * from {{ ref('int_botnet_monthly_counts') }}
),

warnings as (
    select period,
        count(*) filter (where is_due) as due_warnings,
        count(*) filter (where is_on_time) as on_time_warnings
    from {{ ref('int_warnings') }}
    group by period
),

domains as (
    select period,
        count(*) filter (where is_measured) as measured_domains,
        count(*) filter (where is_measured and supports_https and enforces_https
            and uses_strong_hsts and has_sound_certificate) as passing_domains
    from {{ ref('int_domain_scans_monthly') }}
    group by period
)

select
    months.period,
    coalesce(systems.operating_systems, 0) as operating_systems,
    {%- for level in range(1, 6) %}
    coalesce(systems.operating_level_{{ level }}, 0) as operating_level_{{ level }},
    coalesce(systems.approved_level_{{ level }}, 0) as approved_level_{{ level }},
    {%- endfor %}
    {%- for status in ['draft', 'submitted', 'appraising', 'approved', 'returned', 'rejected'] %}
    coalesce(systems.dossier_{{ status }}, 0) as dossier_{{ status }},
    {%- endfor %}
    coalesce(systems.approved_systems, 0) as approved_systems,
    systems.approved_systems / nullif(systems.operating_systems, 0) as approval_rate,
    coalesce(systems.plan_implemented_systems, 0) as plan_implemented_systems,
    systems.plan_implemented_systems / nullif(systems.approved_systems, 0) as plan_rate,
    coalesce(infected.infected_ipv4_national, 0) as infected_ipv4_national,
    coalesce(infected.infected_ipv6_national, 0) as infected_ipv6_national,
    coalesce(infected.infected_ipv4_state_blocks, 0) as infected_ipv4_state_blocks,
    coalesce(infected.infected_ipv6_state_blocks, 0) as infected_ipv6_state_blocks,
    coalesce(warnings.due_warnings, 0) as due_warnings,
    coalesce(warnings.on_time_warnings, 0) as on_time_warnings,
    coalesce(domains.measured_domains, 0) as measured_domains,
    coalesce(domains.passing_domains, 0) as passing_domains,
    '{{ var('methodology')['version'] }}' as methodology_version
from {{ ref('int_months') }} as months
left join systems using (period)
left join infected using (period)
left join warnings using (period)
left join domains using (period)
