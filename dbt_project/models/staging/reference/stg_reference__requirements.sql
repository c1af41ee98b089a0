with requirements as ({{ current_rows('reference', 'requirements') }})

select
    code as requirement_code,
    requirement_group,
    area,
    min_level,
    title,
    legal_ref
from requirements
