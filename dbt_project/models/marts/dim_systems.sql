-- The state of every information system in each month's systems snapshot: owner and the
-- top-level unit it rolls up to, operation and dossier status, level, the four layers, and its
-- requirement compliance.
select
    systems.period,
    systems.system_id,
    systems.system_name,
    systems.owner_code,
    systems.top_level_code,
    systems.snapshot_date,
    systems.operation_status,
    systems.is_operating,
    systems.dossier_status,
    systems.is_approved,
    systems.proposed_level,
    systems.approved_level,
    systems.submitted_on,
    systems.approved_on,
    systems.decision_no,
    systems.plan_implemented,
    systems.has_layer_onsite,
    systems.has_layer_monitoring,
    systems.has_layer_independent_check,
    systems.ncsc_connected,
    systems.has_recent_heartbeat,
    systems.has_layer_ncsc,
    systems.has_layer_onsite::int + systems.has_layer_monitoring::int
        + systems.has_layer_independent_check::int + systems.has_layer_ncsc::int as layers_held,
    compliance.requirements as applicable_requirements,
    compliance.met as requirements_met,
    compliance.partial as requirements_partial,
    compliance.not_met as requirements_not_met,
    compliance.not_applicable as requirements_not_applicable,
    compliance.without_result as requirements_without_result,
    compliance.compliance
from {{ ref('int_systems_monthly') }} as systems
left join {{ ref('int_system_compliance_monthly') }} as compliance
    using (period, system_id)
