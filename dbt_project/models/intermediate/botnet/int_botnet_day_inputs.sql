-- For each Vietnamese day that a current sinkhole report can hold events of, a hash of those
-- reports (their file ids): what the incremental botnet models compute the day from. A report
-- dated D lists events from D - 7 days 00:00 UTC to the end of D + 1 day UTC (sources/botnet.py;
-- ingest sets the others aside), Vietnamese days D - 7 to D + 2: a day more on each side here.
with reports as (
    select file_id, file_date
    from {{ ref('stg_ingest__files') }}
    where source = 'botnet' and is_current and outcome = 'loaded'
),

days as (
    select
        file_id,
        cast(unnest(generate_series(file_date - 8, file_date + 3, interval 1 day)) as date)
            as observed_on
    from reports
)

select observed_on, hash(list(file_id order by file_id)) as inputs_hash
from days
group by observed_on
