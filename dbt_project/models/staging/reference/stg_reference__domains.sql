with domains as ({{ current_rows('reference', 'domains') }})

select
    -- host names compare case-insensitively everywhere
    lower(domain) as domain,
    agency_code,
    system_id
from domains
