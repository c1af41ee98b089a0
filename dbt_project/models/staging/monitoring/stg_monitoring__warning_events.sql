with events as ({{ current_rows('monitoring', 'warning_events') }})

select
    warning_id,
    event,
    "at" as occurred_at,
    agency_code,
    system_id,
    cve,
    severity,
    deadline,
    file_id,
    source_row
from events
