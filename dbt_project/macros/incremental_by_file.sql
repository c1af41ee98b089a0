{#- Incremental by landing file: a model each of whose rows comes from one landing file, kept by
    file id, holding the rows of the source's current files and no others. A file's rows never
    change once taken in (a correction is a new file, with a new id), so a build deletes the
    rows of the files no longer in force (`delete_files_out_of_force`, the model's pre-hook)
    and reads only the current files the model does not hold yet (`new_file_ids`), found
    before the model runs so that DuckDB skips the row groups of the others. Its readers need
    no filter of their own. The model declares `-- depends_on: {{ ref('stg_ingest__files') }}`,
    which these macros read.
    Each row carries the md5 of the model's code that wrote it (`code_md5`, from
    `by_file_code()`): a row written by other code (or by a version of the model without the
    column) is deleted and its file read again, so a change to the model's code recomputes
    every file, as it recomputes every day of an incremental-by-day model. -#}

{#- The md5 of the model's own code, as an SQL string: the model selects it as `code_md5`. -#}
{% macro by_file_code() -%}
    '{{ local_md5(model.raw_code) }}'
{%- endmacro %}

{#- Whether the model's table holds `code_md5` (a version of the model before it did not). -#}
{% macro by_file_has_code_column() -%}
    {%- set columns = adapter.get_columns_in_relation(this) | map(attribute='name') | list -%}
    {{ return('code_md5' in columns) }}
{%- endmacro %}

{#- The ids of the source's files in force (loaded, not superseded). -#}
{% macro current_file_ids(source_name) -%}
    select file_id from {{ ref('stg_ingest__files') }}
    where source = '{{ source_name }}' and is_current and outcome = 'loaded'
{%- endmacro %}

{#- The pre-hook: the rows of files that went out of force (a correction, a re-check), and the
    rows written by other code. -#}
{% macro delete_files_out_of_force(source_name) -%}
    {%- if this is not none and is_incremental() and not by_file_has_code_column() -%}
        delete from {{ this }}
    {%- elif this is not none and is_incremental() -%}
        delete from {{ this }} where file_id not in ({{ current_file_ids(source_name) }})
            or code_md5 is distinct from {{ by_file_code() }}
    {%- else -%}
        select 1
    {%- endif -%}
{%- endmacro %}

{#- The file ids of the source's files in force not yet in the model by its present code, or
    none on a full build, when the code changed (every file is read again) and at parse time. -#}
{% macro new_file_ids(source_name) -%}
    {%- if not execute or not is_incremental() or not by_file_has_code_column() -%}
        {{ return(none) }}
    {%- endif -%}
    {%- set found = run_query(
        current_file_ids(source_name) ~ " and file_id not in (select file_id from " ~ this
        ~ " where code_md5 = " ~ by_file_code() ~ ")"
    ) -%}
    {{ return(found.columns[0].values() | list) }}
{%- endmacro %}

{#- A filter to the files of `new_file_ids` (true on a full build). -#}
{% macro in_new_files(file_ids) -%}
    {%- if file_ids is none -%}true
    {%- elif file_ids | length == 0 -%}false
    {%- else -%}file_id in ({{ file_ids | join(', ') }})
    {%- endif -%}
{%- endmacro %}
