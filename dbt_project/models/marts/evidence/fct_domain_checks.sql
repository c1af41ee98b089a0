-- The evidence behind I7 (web security): each registered domain's latest scan in a month and
-- its four checks.
select
    scans.period,
    scans.top_level_code,
    scans.agency_code,
    domains.system_id,
    scans.domain,
    scans.scanned_at,
    scans.is_measured,
    scans.supports_https,
    scans.enforces_https,
    scans.uses_strong_hsts,
    scans.has_sound_certificate
from {{ ref('int_domain_scans_monthly') }} as scans
left join {{ ref('stg_reference__domains') }} as domains using (domain)
