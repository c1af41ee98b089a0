-- Each step of each unit's path to the next grade with its projection: the counts behind the
-- indicators once the step and those before it are taken, and from them the indicators,
-- composite, rounded composite, grade and rank in the peer group (the other units as they
-- are), by the score models' own formulas (macros/score_formulas.sql).
{% set m = var('methodology') %}
with scores as (select * from {{ ref('int_unit_month_scores') }}),

counts as (
    select
        steps.*,
        scores.peer_group,
        scores.composite as composite_before,
        scores.systems,
        scores.approved_systems + steps.added_approved as approved_systems,
        scores.plan_implemented_systems + steps.added_plan as plan_implemented_systems,
        scores.layers_held + steps.added_layers as layers_held,
        scores.allocated_addresses,
        scores.botnet_reports,
        scores.infected_addresses + steps.added_infected as infected_addresses,
        scores.due_warnings,
        scores.on_time_warnings + steps.added_on_time as on_time_warnings,
        scores.measured_domains,
        (coalesce(scores.mean_compliance, 0) * scores.assessed_systems + steps.added_sum_compliance)
            / nullif(scores.assessed_systems + steps.added_assessed, 0) as mean_compliance,
        (coalesce(scores.mean_domain_score, 0) * scores.measured_domains
            + steps.added_domain_score) / nullif(scores.measured_domains, 0) as mean_domain_score
    from {{ ref('int_grade_plan_steps') }} as steps
    join scores using (period, unit_code)
),

indicators as (
    select
        *,
{{ indicators_from_counts() }}
    from counts
),

projected as (
    select
        *,
{{ composite_and_coverage() }}
    from indicators
),

rounded as (
    select *, round_even(composite, {{ m['rank_decimals'] }}) as composite_rounded
    from projected
)

select
    rounded.period,
    rounded.unit_code,
    rounded.step,
    rounded.action,
    rounded.indicator,
    rounded.system_id,
    rounded.item,
    rounded.detail,
    rounded.legal_ref,
    rounded.composite
        - coalesce(lag(rounded.composite) over (
            partition by rounded.period, rounded.unit_code order by rounded.step),
            rounded.composite_before) as gain,
    rounded.composite as projected_composite,
    rounded.composite_rounded as projected_composite_rounded,
{{ grade_of('rounded.composite_rounded') }} as projected_grade,
    1 + (
        select count(*) from scores as others
        where others.period = rounded.period
            and others.peer_group = rounded.peer_group
            and others.ranked
            and others.unit_code <> rounded.unit_code
            and others.composite_rounded > rounded.composite_rounded
    ) as projected_rank,
    rounded.target_grade,
    rounded.is_proven_minimal,
    {%- for name in m['weights'] %}
    rounded.{{ name }} as projected_{{ name }},
    {%- endfor %}
    rounded.composite_before
from rounded
