-- Systems with at least one heartbeat in the heartbeat window before the month's end E:
-- E - window < sent_at <= E.
-- Read from the days kept by file (int_heartbeat_days), not from every heartbeat of the history
-- (issue 14: 1.5 s of each day's build for the 7.6 M heartbeats of a national quarter, and
-- growing with every day kept). Each row's heartbeats all fall on its Vietnamese day, so a day
-- strictly inside the window counts whole; the window's first day (E - window falls at its
-- last millisecond) counts when its last heartbeat is after E - window, and its last day when
-- its first heartbeat is not after E. A window of at least one day is assumed.
{% set days = var('methodology')['heartbeat_window_days'] %}
select distinct months.period, heartbeat_days.system_id
from {{ ref('int_heartbeat_days') }} as heartbeat_days
join {{ ref('int_months') }} as months
    on heartbeat_days.observed_on
        between months.month_end_date - {{ days }} and months.month_end_date
    and heartbeat_days.last_sent_at > months.month_end_at - interval {{ days }} day
    and heartbeat_days.first_sent_at <= months.month_end_at
