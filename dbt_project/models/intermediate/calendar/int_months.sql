-- Every calendar month from the earliest to the latest dated data, with its end E: the last
-- day 23:59:59.999 Vietnam time, as an instant.
-- Each source gives its earliest and latest instant (Vietnamese time is monotone in the instant,
-- so the first and last days follow from them), not a day per row: the feeds hold millions.
with instants as (
    select min(observed_at) as first_at, max(observed_at) as last_at
    from {{ ref('stg_monitoring__botnet_events') }}
    union all
    select min(scanned_at), max(scanned_at) from {{ ref('stg_monitoring__webscans') }}
    union all
    select min(occurred_at), max(occurred_at) from {{ ref('stg_monitoring__warning_events') }}
    union all
    select min(sent_at), max(sent_at) from {{ ref('stg_monitoring__heartbeats') }}
),

data_dates as (
    select snapshot_date as day from {{ ref('stg_dossiers__systems') }}
    union all
    select snapshot_date from {{ ref('stg_dossiers__assessments') }}
    union all
    select file_date from {{ ref('stg_ingest__files') }}
    where is_current and outcome = 'loaded' and source = 'botnet' and rows_loaded > 0
    union all
    select cast({{ vn_local('first_at') }} as date) from instants
    union all
    select cast({{ vn_local('last_at') }} as date) from instants
),

bounds as (
    select
        date_trunc('month', min(day)) as first_month,
        date_trunc('month', max(day)) as last_month
    from data_dates
),

months as (
    select cast(month_start as date) as month_start
    from bounds, generate_series(first_month, last_month, interval 1 month) as series(month_start)
)

select
    strftime(month_start, '%Y-%m') as period,
    month_start,
    last_day(month_start) as month_end_date,
    {{ vn_instant('cast(month_start as timestamp)') }} as month_start_at,
    {{ vn_instant('cast(month_start + interval 1 month as timestamp)') }}
        - interval 1 millisecond as month_end_at,
    strftime(month_start - interval 1 month, '%Y-%m') as previous_period
from months
