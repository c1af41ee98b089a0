-- The top-level units of each month: every kind but `unit`, valid on the month's last day.
select
    months.period,
    agencies.agency_code as unit_code,
    agencies.agency_name as unit_name,
    agencies.agency_kind as unit_kind,
    case
        when agencies.agency_kind in ('ministry', 'ministerial_agency', 'government_agency')
            then 'ministry'
        else agencies.agency_kind
    end as peer_group,
    agencies.province_code
from {{ ref('int_months') }} as months
join {{ ref('stg_reference__agencies') }} as agencies
    on agencies.agency_kind <> 'unit'
    and agencies.valid_from <= months.month_end_date
    and (agencies.valid_to is null or agencies.valid_to >= months.month_end_date)
