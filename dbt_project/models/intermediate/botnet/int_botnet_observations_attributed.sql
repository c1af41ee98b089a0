{{ config(
    materialized='incremental',
    incremental_strategy='append',
    on_schema_change='append_new_columns',
    pre_hook="{{ delete_touched(botnet_attribution_day_inputs()) }}",
    post_hook="{{ record_days(botnet_attribution_day_inputs()) }}",
) }}
-- Infected addresses attributed to the unit whose allocation, valid on the observation's
-- Vietnamese date, is the longest prefix that contains the address. The match is a range join
-- of each address on the blocks (first and last address as integers), one join per address
-- version so that DuckDB joins on the ranges (an inequality join over the sorted blocks) rather
-- than on the version.
-- Incremental by day (macros/incremental_by_day.sql): only the days whose observations or
-- allocations changed are attributed again.
{%- set touched = touched_list(botnet_attribution_day_inputs()) %}
with observations as (
    select * from {{ ref('int_botnet_observations') }}
    where {{ in_touched('observed_on', touched) }}
),

allocations as (select * from {{ ref('int_allocations') }}),

candidates as (
    {%- for version in (4, 6) %}
    {%- if not loop.first %}
    union all
    {%- endif %}
    select
        observations.period,
        observations.observed_on,
        observations.ip_version,
        observations.ip_number,
        observations.ip,
        allocations.prefix_length,
        allocations.agency_code,
        allocations.top_level_code,
        allocations.cidr
    from (select * from observations where ip_version = {{ version }}) as observations
    join (select * from allocations where ip_version = {{ version }}) as allocations
        on observations.ip_number >= allocations.network_start
        and observations.ip_number <= allocations.network_end
        and allocations.valid_from <= observations.observed_on
        and (allocations.valid_to is null or allocations.valid_to >= observations.observed_on)
    {%- endfor %}
)

select
    period,
    observed_on,
    ip_version,
    ip_number,
    ip,
    -- Two allocations of one prefix valid on the same day belong to one unit (ingest sets
    -- aside a network allocated to two units at once), so the longest prefix names one unit.
    arg_max(agency_code, prefix_length) as agency_code,
    arg_max(top_level_code, prefix_length) as top_level_code,
    arg_max(cidr, prefix_length) as cidr,
    max(prefix_length) as prefix_length
from candidates
group by period, observed_on, ip_version, ip_number, ip
