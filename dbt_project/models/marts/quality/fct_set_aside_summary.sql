-- Rows set aside by the current version of each landing file, grouped by file, column and
-- rule, with the reason of the first such row, an example value and the rows concerned.
with current_set_aside as (
    select set_aside.*
    from {{ ref('stg_ingest__set_aside') }} as set_aside
    semi join {{ ref('stg_ingest__files') }} as files
        on files.file_id = set_aside.file_id and files.is_current
)

select
    path,
    source,
    coalesce(column_name, '') as column_name,
    rule,
    count(*) as rows_set_aside,
    arg_min(reason, coalesce(source_row, 0)) as first_reason,
    arg_min(value, coalesce(source_row, 0)) as example_value,
    list(source_row order by source_row) filter (where source_row is not null) as source_rows
from current_set_aside
group by path, source, coalesce(column_name, ''), rule
