with assessments as ({{ current_rows('dossiers', 'assessments') }})

select
    snapshot_date,
    system_id,
    requirement_code,
    result,
    assessed_on,
    file_id
from assessments
