select
    file_id,
    path,
    source,
    content_hash,
    size_bytes,
    file_date,
    file_time,
    outcome,
    rows_read,
    rows_loaded,
    rows_set_aside,
    reason,
    layout,
    ingested_at,
    superseded_by,
    superseded_by is null as is_current,
    run_id
from {{ source('ingest', 'ledger') }}
