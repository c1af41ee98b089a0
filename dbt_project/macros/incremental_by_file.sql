{#- Incremental by landing file: a model each of whose rows comes from one landing file, kept by
    file id. A file's rows never change once taken in (a correction is a new file, with a new
    id), so a build reads only the current files of the source that the model does not hold
    yet, found before the model runs so that DuckDB skips the row groups of the others; the
    model's readers keep the rows of the current files. The model declares
    `-- depends_on: {{ ref('stg_ingest__files') }}`, which this macro reads. -#}

{#- The file ids of the source's current loaded files not yet in the model, or none on a full
    build (and at parse time). -#}
{% macro new_file_ids(source_name) -%}
    {%- if not execute or not is_incremental() -%}{{ return(none) }}{%- endif -%}
    {%- set found = run_query(
        "select file_id from " ~ ref('stg_ingest__files') ~ " where source = '" ~ source_name
        ~ "' and is_current and outcome = 'loaded' and file_id not in "
        ~ "(select file_id from " ~ this ~ ")") -%}
    {{ return(found.columns[0].values() | list) }}
{%- endmacro %}

{#- A filter to the files of `new_file_ids` (true on a full build). -#}
{% macro in_new_files(file_ids) -%}
    {%- if file_ids is none -%}true
    {%- elif file_ids | length == 0 -%}false
    {%- else -%}file_id in ({{ file_ids | join(', ') }})
    {%- endif -%}
{%- endmacro %}
