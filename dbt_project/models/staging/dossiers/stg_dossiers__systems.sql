with systems as ({{ current_rows('dossiers', 'systems') }})

select
    snapshot_date,
    system_id,
    system_name,
    owner_code,
    operation_status,
    proposed_level,
    dossier_status,
    submitted_on,
    approved_on,
    approved_level,
    decision_no,
    plan_implemented,
    layer_onsite,
    layer_monitoring,
    last_independent_check_on,
    ncsc_connected,
    file_format,
    file_id
from systems
