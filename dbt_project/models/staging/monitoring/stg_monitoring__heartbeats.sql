with heartbeats as ({{ current_rows('monitoring', 'heartbeats') }})

select
    system_id,
    sensor_id,
    "at" as sent_at
from heartbeats
