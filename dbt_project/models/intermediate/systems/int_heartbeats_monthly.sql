-- Systems with at least one heartbeat in the heartbeat window before the month's end E:
-- E - window < sent_at <= E.
{% set days = var('methodology')['heartbeat_window_days'] %}
select distinct months.period, heartbeats.system_id
from {{ ref('stg_monitoring__heartbeats') }} as heartbeats
join {{ ref('int_months') }} as months
    on heartbeats.sent_at > months.month_end_at - interval {{ days }} day
    and heartbeats.sent_at <= months.month_end_at
