with scans as ({{ current_rows('monitoring', 'webscan') }})

select
    scanned_at,
    lower(domain) as domain,
    live,
    domain_supports_https,
    domain_enforces_https,
    domain_uses_strong_hsts,
    https_bad_chain,
    https_bad_hostname,
    https_expired_cert,
    https_self_signed_cert,
    valid_https,
    hsts,
    file_id,
    source_row
from scans
