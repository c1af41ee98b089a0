-- Every action a ranked unit could take, drawn from its own evidence of the month, with what
-- it adds to the counts behind the indicators (the plans' search and projections add these
-- up; the indicators come from the counts by the score models' own formulas):
--   approve_dossier        approve the dossier of operating system X at its proposed level:
--                          one more approved system, its plan and compliance join I2 and I3
--   implement_plan         fully implement the security plan of system X (counts in I2 once
--                          X is approved: `needs_approval`)
--   meet_requirement       meet requirement R of system X (partial or not met -> met)
--   add_layer              give system X protection layer k
--   clean_block            clean the infected addresses of allocated block B
--   fix_domain_check       make check C of domain D pass
--   remediate_warnings     remediate on time the warnings falling due (all of them, one
--                          action: I6 counts the month's due warnings)
with systems as (
    select *
    from {{ ref('int_systems_monthly') }}
    where is_operating and top_level_code is not null
),

-- compliance of each system, approved (as scored) or if it were approved at its proposed level
results as (
    select *, true as is_approved from {{ ref('int_requirement_results_monthly') }}
    union all by name
    select *, false as is_approved from {{ ref('int_requirement_results_if_approved') }}
),

compliance as (
    select c.*, c.requirements - c.not_applicable as applicable
    from ({{ system_compliance('results') }}) as c
),

approvals as (
    select
        systems.period,
        systems.top_level_code as unit_code,
        'approve_dossier' as action,
        'approval_coverage' as indicator,
        systems.system_id,
        cast(systems.proposed_level as varchar) as item,
        cast(null as varchar) as legal_ref,
        cast(null as varchar) as needs_approval,
        1 as d_approved,
        coalesce(systems.plan_implemented, false)::int as d_plan,
        -- I3 averages the compliance of approved systems that have one, from a snapshot
        case when compliance.assessment_snapshot_date is not null
            then coalesce(compliance.compliance, 0) else 0 end as d_sum_compliance,
        (compliance.assessment_snapshot_date is not null
            and compliance.compliance is not null)::int as d_assessed,
        0 as d_layers, 0 as d_infected, 0 as d_on_time, 0.0 as d_domain_score
    from systems
    left join compliance
        on compliance.period = systems.period and compliance.system_id = systems.system_id
    where not systems.is_approved and systems.proposed_level is not null
),

plans as (
    select
        period,
        top_level_code as unit_code,
        'implement_plan' as action,
        'plan_implementation' as indicator,
        system_id,
        cast(null as varchar) as item,
        cast(null as varchar) as legal_ref,
        case when not is_approved then system_id end as needs_approval,
        0 as d_approved, 1 as d_plan, 0.0 as d_sum_compliance, 0 as d_assessed,
        0 as d_layers, 0 as d_infected, 0 as d_on_time, 0.0 as d_domain_score
    from systems
    where not coalesce(plan_implemented, false)
        and (is_approved or proposed_level is not null)
),

requirements as (
    select
        results.period,
        results.top_level_code as unit_code,
        'meet_requirement' as action,
        'requirement_compliance' as indicator,
        results.system_id,
        results.requirement_code as item,
        results.legal_ref,
        case when not results.is_approved then results.system_id end as needs_approval,
        0 as d_approved, 0 as d_plan,
        (case results.result when 'partial' then 0.5 else 1.0 end) / compliance.applicable
            as d_sum_compliance,
        0 as d_assessed, 0 as d_layers, 0 as d_infected, 0 as d_on_time,
        0.0 as d_domain_score
    from results
    join compliance
        on compliance.period = results.period and compliance.system_id = results.system_id
    where results.result in ('not_met', 'partial')
        and results.assessment_snapshot_date is not null
        and results.top_level_code is not null
),

layers as (
    {%- for layer in ['onsite', 'monitoring', 'independent_check', 'ncsc'] %}
    select
        period,
        top_level_code as unit_code,
        'add_layer' as action,
        'four_layer' as indicator,
        system_id,
        '{{ layer }}' as item,
        cast(null as varchar) as legal_ref,
        cast(null as varchar) as needs_approval,
        0 as d_approved, 0 as d_plan, 0.0 as d_sum_compliance, 0 as d_assessed,
        1 as d_layers, 0 as d_infected, 0 as d_on_time, 0.0 as d_domain_score
    from systems
    where not coalesce(has_layer_{{ layer }}, false)
    {{ 'union all' if not loop.last }}
    {%- endfor %}
),

blocks as (
    select
        period,
        top_level_code as unit_code,
        'clean_block' as action,
        'botnet_hygiene' as indicator,
        cast(null as varchar) as system_id,
        cidr as item,
        cast(null as varchar) as legal_ref,
        cast(null as varchar) as needs_approval,
        0 as d_approved, 0 as d_plan, 0.0 as d_sum_compliance, 0 as d_assessed,
        0 as d_layers,
        -count(distinct ip_number) as d_infected,
        0 as d_on_time, 0.0 as d_domain_score
    from {{ ref('int_botnet_observations_attributed') }}
    where ip_version = 4 and top_level_code is not null
    group by period, top_level_code, cidr
),

domains as (
    {%- for check in ['supports_https', 'enforces_https', 'uses_strong_hsts', 'has_sound_certificate'] %}
    select
        period,
        top_level_code as unit_code,
        'fix_domain_check' as action,
        'web_security' as indicator,
        cast(null as varchar) as system_id,
        domain as item,
        '{{ check }}' as detail,
        cast(null as varchar) as legal_ref,
        cast(null as varchar) as needs_approval,
        0 as d_approved, 0 as d_plan, 0.0 as d_sum_compliance, 0 as d_assessed,
        0 as d_layers, 0 as d_infected, 0 as d_on_time, 0.25 as d_domain_score
    from {{ ref('int_domain_scans_monthly') }}
    where is_measured and not {{ check }} and top_level_code is not null
    {{ 'union all' if not loop.last }}
    {%- endfor %}
),

warnings as (
    select
        period,
        unit_code,
        'remediate_warnings' as action,
        'warning_remediation' as indicator,
        cast(null as varchar) as system_id,
        cast(due_warnings - on_time_warnings as varchar) as item,
        cast(null as varchar) as legal_ref,
        cast(null as varchar) as needs_approval,
        0 as d_approved, 0 as d_plan, 0.0 as d_sum_compliance, 0 as d_assessed,
        0 as d_layers, 0 as d_infected,
        due_warnings - on_time_warnings as d_on_time,
        0.0 as d_domain_score
    from {{ ref('int_unit_month_indicators') }}
    where due_warnings > on_time_warnings
),

actions as (
    select * from approvals
    union all by name select * from plans
    union all by name select * from requirements
    union all by name select * from layers
    union all by name select * from blocks
    union all by name select * from domains
    union all by name select * from warnings
)

select
    period, unit_code, action, indicator, system_id, item, detail, legal_ref, needs_approval,
    cast(d_approved as bigint) as d_approved,
    cast(d_plan as bigint) as d_plan,
    cast(d_sum_compliance as double) as d_sum_compliance,
    cast(d_assessed as bigint) as d_assessed,
    cast(d_layers as bigint) as d_layers,
    cast(d_infected as bigint) as d_infected,
    cast(d_on_time as bigint) as d_on_time,
    cast(d_domain_score as double) as d_domain_score
from actions
-- A path is sought among at most the 200 largest requirement actions and 200 layers of a unit
-- (and 200 requirement actions of each system it could approve): at national scale a unit has
-- thousands, and a plan longer than 200 steps is no plan.
qualify action not in ('meet_requirement', 'add_layer')
    or row_number() over (
        partition by period, unit_code, action, needs_approval
        order by d_sum_compliance desc, system_id, item
    ) <= 200
