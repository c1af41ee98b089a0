with events as ({{ current_rows('monitoring', 'botnet_events') }})

select
    report_date,
    report,
    layout,
    observed_at,
    ip,
    ip_version,
    ip_number,
    port,
    asn,
    infection,
    family,
    file_id,
    source_row
from events
