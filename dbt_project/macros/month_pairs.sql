{% macro month_pairs(relation, keys, months='months') %}
{#- A FROM clause pairing each month's rows of `relation` (with a `period` column) with the
    rows of the month before that have the same `keys`: `cur` and `prev`, full-joined, each
    with `pair_period`, the later month of the pair. `months` names a relation of (period,
    previous_period). An item of only one of the two months has the other side empty. -#}
    (
        select {{ months }}.period as pair_period, paired.*
        from {{ months }} join {{ relation }} as paired using (period)
    ) as cur
    full join (
        select {{ months }}.period as pair_period, paired.*
        from {{ months }} join {{ relation }} as paired
            on paired.period = {{ months }}.previous_period
    ) as prev
        on prev.pair_period = cur.pair_period
        {%- for key in keys %}
        and prev.{{ key }} = cur.{{ key }}
        {%- endfor %}
{% endmacro %}
