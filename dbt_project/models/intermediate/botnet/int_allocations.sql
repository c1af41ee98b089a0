-- Address allocations with the top-level unit they roll up to.
select
    allocations.cidr,
    allocations.agency_code,
    top.top_level_code,
    allocations.valid_from,
    allocations.valid_to,
    allocations.ip_version,
    allocations.prefix_length,
    allocations.network_start,
    allocations.network_end,
    cast(case when allocations.ip_version = 4 then 32 else 128 end - allocations.prefix_length
        as uhugeint) as host_bits
from {{ ref('stg_reference__ip_allocations') }} as allocations
left join {{ ref('int_agency_top_level') }} as top using (agency_code)
