-- The evidence behind I5 (botnet hygiene): every infected address attributed to a unit in a
-- month, with the days it was seen and the allocation it fell in.
select
    period,
    top_level_code,
    agency_code,
    ip,
    ip_version,
    cidr,
    count(*) as days_seen,
    min(observed_on) as first_seen_on,
    max(observed_on) as last_seen_on
from {{ ref('int_botnet_observations_attributed') }}
group by period, top_level_code, agency_code, ip, ip_version, cidr
