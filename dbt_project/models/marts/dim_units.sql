-- Every agency with its place in the hierarchy: its parent, the top-level unit it rolls up to,
-- that unit's peer group, its validity and successor.
with agencies as (select * from {{ ref('stg_reference__agencies') }})

select
    agencies.agency_code as unit_code,
    agencies.agency_name as unit_name,
    agencies.agency_kind as unit_kind,
    agencies.parent_code,
    top.top_level_code,
    top_unit.agency_name as top_level_name,
    case
        when top_unit.agency_kind in ('ministry', 'ministerial_agency', 'government_agency')
            then 'ministry'
        else top_unit.agency_kind
    end as peer_group,
    agencies.agency_kind <> 'unit' as is_top_level,
    top.levels_below_top,
    agencies.province_code,
    agencies.valid_from,
    agencies.valid_to,
    agencies.successor_code
from agencies
left join {{ ref('int_agency_top_level') }} as top using (agency_code)
left join agencies as top_unit on top_unit.agency_code = top.top_level_code
