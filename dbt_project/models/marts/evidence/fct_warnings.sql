-- The evidence behind I6 (warning remediation): every vulnerability warning issued by the end
-- of a month, with its state at that end.
select
    period,
    top_level_code,
    agency_code,
    system_id,
    warning_id,
    cve,
    severity,
    issued_at,
    deadline,
    remediated_at,
    status,
    is_overdue
from {{ ref('int_warning_status_monthly') }}
