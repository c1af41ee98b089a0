-- Warning lifecycle events, each once: the same event can arrive twice, in the same file or in
-- later ones.
select
    warning_id,
    event,
    occurred_at,
    any_value(agency_code) as agency_code,
    any_value(system_id) as system_id,
    any_value(cve) as cve,
    any_value(severity) as severity,
    any_value(deadline) as deadline,
    min(file_id) as first_file_id
from {{ ref('stg_monitoring__warning_events') }}
group by warning_id, event, occurred_at
