with heartbeats as ({{ current_rows('monitoring', 'heartbeats') }})

select
    system_id,
    sensor_id,
    "at" as sent_at,
    file_id,
    source_row
from heartbeats
