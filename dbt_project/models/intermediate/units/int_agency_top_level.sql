-- Each agency and the top-level unit it rolls up to (itself when it is top-level). Ingest has
-- already set aside units whose parent is unknown or whose parent chain loops.
with recursive agencies as (
    select agency_code, agency_kind, parent_code from {{ ref('stg_reference__agencies') }}
),

chain as (
    select agency_code, agency_code as ancestor_code, agency_kind, parent_code, 0 as depth
    from agencies
    union all
    select chain.agency_code, parent.agency_code, parent.agency_kind, parent.parent_code,
        chain.depth + 1
    from chain
    join agencies as parent on parent.agency_code = chain.parent_code
    where chain.agency_kind = 'unit' and chain.depth < 64
)

select agency_code, ancestor_code as top_level_code, depth as levels_below_top
from chain
where agency_kind <> 'unit'
