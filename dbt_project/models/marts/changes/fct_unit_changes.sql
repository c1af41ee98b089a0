-- The change feed of every top-level unit: what changed in its evidence from the month before,
-- per indicator, one row per item (new, fixed, redetected, added, removed), dated.
select
    period,
    top_level_code,
    agency_code,
    indicator,
    change,
    finding,
    system_id,
    item,
    aspect,
    previous_state,
    state,
    changed_on
from {{ ref('int_unit_month_changes') }}
