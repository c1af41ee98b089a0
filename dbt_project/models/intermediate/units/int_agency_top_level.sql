-- Each agency and the top-level unit it rolls up to (itself when it is top-level), as ingest
-- worked it out in one linear pass over the agency tree (it has already set aside units whose
-- parent is unknown or whose parent chain loops, so every loaded agency has one).
select agency_code, top_level_code, levels_below_top
from {{ ref('stg_reference__agencies') }}
