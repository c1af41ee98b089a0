-- For every registered domain and month: its scan is the latest pshtt run in the month
-- (Vietnam time) that lists it; it is measured when Live is True there. Its score is the mean
-- of four checks: supports HTTPS, enforces HTTPS, uses strong HSTS, and no certificate fault.
with scans as (
    select *, {{ vn_month('scanned_at') }} as period
    from {{ ref('stg_monitoring__webscans') }}
),

latest as (
    select
        period,
        domain,
        arg_max(
            struct_pack(
                scanned_at, live, domain_supports_https, domain_enforces_https,
                domain_uses_strong_hsts, https_bad_chain, https_bad_hostname,
                https_expired_cert, https_self_signed_cert
            ),
            -- the latest run; within one run, the first row that lists the domain
            [epoch_ms(scanned_at), -source_row]
        ) as scan
    from scans
    group by period, domain
)

select
    latest.period,
    domains.domain,
    domains.agency_code,
    top.top_level_code,
    latest.scan.scanned_at as scanned_at,
    coalesce(latest.scan.live, false) as is_measured,
    coalesce(latest.scan.domain_supports_https, false) as supports_https,
    coalesce(latest.scan.domain_enforces_https, false) as enforces_https,
    coalesce(latest.scan.domain_uses_strong_hsts, false) as uses_strong_hsts,
    not (
        coalesce(latest.scan.https_bad_chain, false)
        or coalesce(latest.scan.https_bad_hostname, false)
        or coalesce(latest.scan.https_expired_cert, false)
        or coalesce(latest.scan.https_self_signed_cert, false)
    ) as has_sound_certificate
from latest
join {{ ref('stg_reference__domains') }} as domains using (domain)
left join {{ ref('int_agency_top_level') }} as top on top.agency_code = domains.agency_code
