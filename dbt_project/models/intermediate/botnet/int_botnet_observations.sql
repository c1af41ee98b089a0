-- Each infected address seen on each Vietnamese day, once however many reports list it.
select
    {{ vn_month('observed_at') }} as period,
    cast({{ vn_local('observed_at') }} as date) as observed_on,
    ip_version,
    ip_number,
    min(ip) as ip
from {{ ref('stg_monitoring__botnet_events') }}
group by all
