with agencies as ({{ current_rows('reference', 'agencies') }})

select
    code as agency_code,
    name as agency_name,
    kind as agency_kind,
    parent_code,
    province_code,
    valid_from,
    valid_to,
    successor_code,
    top_level_code,
    levels_below_top
from agencies
