select
    file_id,
    path,
    source,
    source_row,
    column_name,
    rule,
    reason,
    value,
    record
from {{ source('ingest', 'set_aside') }}
