-- The path to the next grade of every ranked unit below the top grade, per month: the fewest
-- actions drawn from its own evidence that lift its rounded composite to the next grade's
-- floor, in the order taken, each with its gain in composite points and the composite, grade
-- and rank (the other units as they are) once it and the steps before it are taken.
select
    period,
    unit_code,
    step,
    action,
    indicator,
    system_id,
    item,
    gain,
    projected_composite,
    projected_grade,
    projected_rank,
    detail,
    legal_ref,
    target_grade,
    projected_composite_rounded,
    is_proven_minimal,
    composite_before
from {{ ref('int_grade_plan_projections') }}
