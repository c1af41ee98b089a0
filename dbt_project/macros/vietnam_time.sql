{#- Month boundaries are Vietnamese local time (Asia/Ho_Chi_Minh, UTC+7). -#}

{#- The Vietnamese local time (TIMESTAMP) of an instant (TIMESTAMPTZ). -#}
{% macro vn_local(instant) %}timezone('Asia/Ho_Chi_Minh', {{ instant }}){% endmacro %}

{#- The month ('YYYY-MM') an instant falls in, in Vietnam. -#}
{% macro vn_month(instant) %}strftime({{ vn_local(instant) }}, '%Y-%m'){% endmacro %}

{#- The instant a Vietnamese local time (TIMESTAMP) is. -#}
{% macro vn_instant(local_time) %}timezone('Asia/Ho_Chi_Minh', {{ local_time }}){% endmacro %}

{#- The UTC hour an instant falls in, as a whole number of hours since 1970 (DuckDB's epoch_us).
    Vietnam's offset from UTC is a whole number of hours, so every hour lies in one Vietnamese
    day: reducing instants to hours first, then converting each hour, gives the same days as
    converting each instant, at a tenth of the cost (issue 14: 0.2 s against 2.0 s for the
    54 M sinkhole rows of a national quarter). -#}
{% macro utc_hour(instant) %}(epoch_us({{ instant }}) // 3600000000){% endmacro %}

{#- The Vietnamese day (DATE) of a UTC hour of `utc_hour`. -#}
{% macro vn_day_of_utc_hour(hour) %}cast({{ vn_local('to_timestamp(' ~ hour ~ ' * 3600)') }} as date){% endmacro %}
