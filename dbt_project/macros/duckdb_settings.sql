{#- The DuckDB limits dbt's connection runs under (`attt dbt run-operation duckdb_settings`):
    the same memory limit and threads as every other connection of the project. -#}
{% macro duckdb_settings() %}
    {% set row = run_query(
        "select current_setting('memory_limit'), current_setting('threads'), "
        "current_setting('temp_directory')"
    ).rows[0] %}
    {{ print("memory_limit=" ~ row[0] ~ " threads=" ~ row[1] ~ " temp_directory=" ~ row[2]) }}
{% endmacro %}
