-- One systems export per snapshot date. When an export comes both as CSV and as the platform's
-- Excel file for the same date they are the same snapshot: the CSV is used.
with systems as (select * from {{ ref('stg_dossiers__systems') }}),

chosen as (
    select snapshot_date, arg_min(file_id, file_format <> 'csv') as file_id
    from systems
    group by snapshot_date
)

select systems.*
from systems
semi join chosen using (snapshot_date, file_id)
