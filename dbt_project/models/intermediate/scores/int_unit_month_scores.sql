-- Composite, coverage, ranked, rank, grade and rank change per month and top-level unit.
{% set m = var('methodology') %}
{% set rounded = 'round_even(composite, ' ~ m['rank_decimals'] ~ ')' %}
with indicators as (select * from {{ ref('int_unit_month_indicators') }}),

composite as (
    select
        *,
{{ composite_and_coverage() }}
    from indicators
),

ranked as (
    select
        *,
        coverage >= {{ m['ranked_coverage'] }} and composite is not null as ranked,
        {{ rounded }} as composite_rounded
    from composite
),

ranks as (
    select
        *,
        case when ranked then
            rank() over (partition by period, peer_group, ranked order by composite_rounded desc)
        end as rank,
        case when ranked then
{{ grade_of('composite_rounded') }}
        end as grade
    from ranked
)

select
    ranks.*,
    case when ranks.ranked and previous.ranked then previous.rank - ranks.rank end as rank_change,
    '{{ m['version'] }}' as methodology_version
from ranks
join {{ ref('int_months') }} as months using (period)
left join ranks as previous
    on previous.period = months.previous_period and previous.unit_code = ranks.unit_code
