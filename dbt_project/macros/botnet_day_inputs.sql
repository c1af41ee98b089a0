{#- What each day of the attributed observations is computed from: the sinkhole reports whose
    window covers the day (int_botnet_day_inputs) and every allocation with the unit it rolls
    up to, so that a correction of the address allocations or of the unit tree touches every
    day. -#}
{% macro botnet_attribution_day_inputs() -%}
    (select days.observed_on, hash(days.inputs_hash, allocations.inputs_hash) as inputs_hash
     from {{ ref('int_botnet_day_inputs') }} as days,
          (select hash(list(struct_pack(cidr, agency_code, top_level_code, valid_from, valid_to,
                                        ip_version, prefix_length, network_start, network_end)
                            order by cidr, agency_code, valid_from, valid_to)) as inputs_hash
           from {{ ref('int_allocations') }}) as allocations)
{%- endmacro %}

{#- What each month of the evidence of infected addresses is computed from: the hashes of its
    attributed days. -#}
{% macro infected_addresses_month_inputs() -%}
    (select strftime(observed_on, '%Y-%m') as period,
            hash(list(inputs_hash order by observed_on)) as inputs_hash
     from {{ days_record(ref('int_botnet_observations_attributed')) }}
     group by all)
{%- endmacro %}
