-- The number of IPv4 addresses in the union of the allocations valid on the month's last day
-- that roll up to each top-level unit (nested or overlapping blocks counted once).
with valid as (
    select months.period, allocations.top_level_code,
        allocations.network_start as first_address, allocations.network_end as last_address
    from {{ ref('int_months') }} as months
    join {{ ref('int_allocations') }} as allocations
        on allocations.ip_version = 4
        and allocations.valid_from <= months.month_end_date
        and (allocations.valid_to is null or allocations.valid_to >= months.month_end_date)
    where allocations.top_level_code is not null
),

ordered as (
    select *,
        max(last_address) over (
            partition by period, top_level_code order by first_address, last_address
            rows between unbounded preceding and 1 preceding
        ) as reach_before
    from valid
),

islands as (
    select *,
        sum(case when reach_before is null or first_address > reach_before then 1 else 0 end)
            over (partition by period, top_level_code order by first_address, last_address
                  rows unbounded preceding) as island
    from ordered
)

select period, top_level_code, sum(island_size) as allocated_addresses
from (
    select period, top_level_code, island, max(last_address) - min(first_address) + 1 as island_size
    from islands
    group by period, top_level_code, island
)
group by period, top_level_code
