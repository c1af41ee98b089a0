-- Why a unit's composite moved from the month before: each indicator's contribution in
-- composite points (methodology: change explained), seven rows per unit and month with a
-- composite in both months, in the methodology's order of indicators.
select
    contributions.period,
    contributions.unit_code,
    contributions.indicator,
    contributions.previous_value,
    contributions.value,
    contributions.contribution,
    contributions.previous_period,
    contributions.indicator_order,
    contributions.weight,
    contributions.previous_weight_present,
    contributions.weight_present,
    contributions.previous_composite,
    contributions.composite,
    contributions.composite - contributions.previous_composite as composite_change
from {{ ref('int_unit_month_contributions') }} as contributions
