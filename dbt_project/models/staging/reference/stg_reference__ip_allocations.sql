with allocations as ({{ current_rows('reference', 'ip_allocations') }})

select
    cidr,
    agency_code,
    valid_from,
    valid_to,
    ip_version,
    prefix_length,
    network_start,
    network_end,
    file_id,
    source_row
from allocations
