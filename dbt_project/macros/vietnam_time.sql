{#- Month boundaries are Vietnamese local time (Asia/Ho_Chi_Minh, UTC+7). -#}

{#- The Vietnamese local time (TIMESTAMP) of an instant (TIMESTAMPTZ). -#}
{% macro vn_local(instant) %}timezone('Asia/Ho_Chi_Minh', {{ instant }}){% endmacro %}

{#- The month ('YYYY-MM') an instant falls in, in Vietnam. -#}
{% macro vn_month(instant) %}strftime({{ vn_local(instant) }}, '%Y-%m'){% endmacro %}

{#- The instant a Vietnamese local time (TIMESTAMP) is. -#}
{% macro vn_instant(local_time) %}timezone('Asia/Ho_Chi_Minh', {{ local_time }}){% endmacro %}
