-- For every approved operating system of a month, every requirement of its approved level
-- (catalogue rows with min_level <= approved_level) with its result from the month's
-- assessments snapshot (the export with the latest date on or before the month's last day).
-- A requirement with no result counts as not met.
with approved as (
    select period, system_id, top_level_code, approved_level
    from {{ ref('int_systems_monthly') }}
    where is_operating and is_approved
)

{{ requirement_results('approved', 'approved_level') }}
