-- For every operating system of a month that is not approved, every requirement of the level
-- its dossier proposes, with its result from the month's assessments snapshot: what its
-- requirements would be if it were approved at that level (the plans' "approve" action), by
-- the same rules as the approved systems' (macros/score_formulas.sql).
with unapproved as (
    select period, system_id, top_level_code, proposed_level
    from {{ ref('int_systems_monthly') }}
    where is_operating and not is_approved and proposed_level is not null
)

{{ requirement_results('unapproved', 'proposed_level') }}
