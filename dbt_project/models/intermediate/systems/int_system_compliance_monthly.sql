-- I3 per system: (met + 0.5 x partial) / (requirements - not applicable). A system whose every
-- requirement is not applicable has no compliance and is left out of the unit's mean
-- (macros/score_formulas.sql).
{{ system_compliance(ref('int_requirement_results_monthly')) }}
