-- The ledger as data-quality reviewers read it: every version of every landing file with its
-- status (loaded, rejected, superseded) and rows read, loaded and set aside.
select
    file_id,
    path,
    source,
    case when superseded_by is not null then 'superseded' else outcome end as status,
    is_current,
    file_date,
    rows_read,
    rows_loaded,
    rows_set_aside,
    reason,
    content_hash,
    size_bytes,
    ingested_at,
    superseded_by,
    run_id
from {{ ref('stg_ingest__files') }}
