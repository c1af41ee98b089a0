{#- Within each group, ranks form a competition ranking of the ordering column: a row's rank is
    one more than the number of rows in its group with a strictly better value. -#}
{% test competition_ranking(model, column_name, partition_by, order_by, among) %}
with ranked as (
    select *, rank() over (partition by {{ partition_by | join(', ') }}
                           order by {{ order_by }} desc) as expected_rank
    from {{ model }}
    where {{ among }}
)
select * from ranked where {{ column_name }} <> expected_rank
{% endtest %}
