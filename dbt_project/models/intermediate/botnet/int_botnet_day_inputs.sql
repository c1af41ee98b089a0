-- For each Vietnamese day on which a current sinkhole report has events, a hash of those
-- reports (their file ids): what the incremental botnet models compute the day from. A new
-- report touches the days it has events on (int_botnet_report_days); a report that goes out of
-- force (a correction, a report rejected on a re-check) touches the days it had events on,
-- since it leaves their hash; a day no current report covers any more has no row here, and
-- the models drop its rows (macros/incremental_by_day.sql).
select observed_on, hash(list(file_id order by file_id)) as inputs_hash
from {{ ref('int_botnet_report_days') }}
group by observed_on
