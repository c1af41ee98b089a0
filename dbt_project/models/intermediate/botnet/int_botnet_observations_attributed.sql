{{ config(
    materialized='incremental',
    incremental_strategy='append',
    on_schema_change='append_new_columns',
    pre_hook="{{ delete_touched(botnet_attribution_day_inputs()) }}",
    post_hook="{{ record_days(botnet_attribution_day_inputs()) }}",
) }}
-- Infected addresses attributed to the unit whose allocation, valid on the observation's
-- Vietnamese date, is the longest prefix that contains the address. Allocations are prefixes,
-- so the match is an equality join on the address's network at each prefix length in use.
-- Incremental by day (macros/incremental_by_day.sql): only the days whose observations or
-- allocations changed are attributed again.
{%- set touched = touched_list(botnet_attribution_day_inputs()) %}
with allocations as (select * from {{ ref('int_allocations') }}),

prefix_lengths as (select distinct ip_version, host_bits from allocations),

candidates as (
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
    from {{ ref('int_botnet_observations') }} as observations
    join prefix_lengths using (ip_version)
    join allocations
        on allocations.ip_version = observations.ip_version
        and allocations.host_bits = prefix_lengths.host_bits
        and allocations.network_start = (observations.ip_number >> prefix_lengths.host_bits)
            << prefix_lengths.host_bits
        and allocations.valid_from <= observations.observed_on
        and (allocations.valid_to is null or allocations.valid_to >= observations.observed_on)
    where {{ in_touched('observations.observed_on', touched) }}
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
