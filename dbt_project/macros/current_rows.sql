{#- The rows of a raw table that belong to the current version of their landing file: a file
    re-sent with other content supersedes the earlier version, whose rows stay in raw. -#}
{% macro current_rows(source_name, table_name) %}
    select raw_rows.*
    from {{ source(source_name, table_name) }} as raw_rows
    semi join (
        select file_id from {{ source('ingest', 'ledger') }}
        where superseded_by is null and outcome = 'loaded'
    ) as current_files using (file_id)
{% endmacro %}
