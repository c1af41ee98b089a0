-- Every row set aside by the current version of a landing file, with its reason and cells, for
-- the data-quality reviewers.
select
    set_aside.path,
    set_aside.source,
    set_aside.source_row,
    set_aside.column_name,
    set_aside.rule,
    set_aside.reason,
    set_aside.value,
    set_aside.record
from {{ ref('stg_ingest__set_aside') }} as set_aside
semi join {{ ref('stg_ingest__files') }} as files
    on files.file_id = set_aside.file_id and files.is_current
