{#- Incremental by Vietnamese day (or month): a model recomputes only the days whose inputs
    changed since it last ran, and deletes the rows of those days before it appends them again.

    Each such model has an inputs model giving, per day, a hash of what the day is computed
    from (for the sinkhole feed: the current report files whose window covers the day). After
    each build the model records, in `<model>__days`, that hash combined with the md5 of its own
    code; on the next build a day is touched when its combined hash differs from the record
    (a new or corrected file, a day whose files went out of force, a code change), and every day
    is touched when there is no record. A build that fails before its record is written is
    redone on the next one, since the record still holds the older hashes: recomputing a day is
    idempotent (delete, then append). -#}

{#- The record of a model's days and their input hashes. -#}
{% macro days_record(relation) -%}
    {{ relation.schema }}.{{ relation.identifier }}__days
{%- endmacro %}

{#- A hash of a group's rows as a set (with their repeats), whatever their order: the sum of each
    row's hash. Ordering the rows into a list first to hash it cost 0.25 s for the 305,000
    candidate actions of a national quarter, twice per build and growing with every month
    kept (issue 14); the sum takes 0.006 s. -#}
{% macro multiset_hash(row) -%}
    sum(hash({{ row }})::hugeint)
{%- endmacro %}

{#- A day's input hash combined with the model's own code (a change of code touches every day). -#}
{% macro with_code(hash_sql) -%}
    hash({{ hash_sql }}, '{{ local_md5(model.raw_code) }}')
{%- endmacro %}

{#- The days (column `key`) whose inputs changed: `inputs` is a relation or subquery with `key`
    and `inputs_hash`. -#}
{% macro touched_keys(inputs, key='observed_on') -%}
    {%- set record = adapter.get_relation(
        database=this.database, schema=this.schema, identifier=this.identifier ~ '__days') -%}
    {%- if record is none -%}
        select {{ key }} from {{ this }} union select {{ key }} from {{ inputs }}
    {%- else -%}
        select coalesce(now_.{{ key }}, before.{{ key }}) as {{ key }}
        from {{ inputs }} as now_
        full join {{ record }} as before using ({{ key }})
        where {{ with_code('now_.inputs_hash') }} is distinct from before.inputs_hash
    {%- endif -%}
{%- endmacro %}

{#- The post-hook that writes the record after a build: each day's hash, and `built_at`, when
    the day was last recomputed (now for the days this build touched), so that a test can check
    only the rows the latest build that recomputed anything wrote (a test's `where`: the key in
    the record's keys whose `built_at` is the record's latest; dbt's test configs take no
    custom macro, so each YAML spells it out). A full build recomputes every day. -#}
{% macro record_days(inputs, key='observed_on') -%}
    {%- set record = adapter.get_relation(
        database=this.database, schema=this.schema, identifier=this.identifier ~ '__days') -%}
    {%- set kept = record is not none and 'built_at' in (
        adapter.get_columns_in_relation(record) | map(attribute='name') | list) -%}
    create or replace table {{ days_record(this) }} as
    select now_.{{ key }}, {{ with_code('now_.inputs_hash') }} as inputs_hash,
        {%- if kept %}
        case when {{ with_code('now_.inputs_hash') }} is not distinct from before.inputs_hash
            then before.built_at else now() end as built_at
    from {{ inputs }} as now_
    left join {{ record }} as before using ({{ key }})
        {%- else %}
        now() as built_at
    from {{ inputs }} as now_
        {%- endif %}
{%- endmacro %}


{#- The pre-hook that deletes the rows of the touched days before they are appended again. -#}
{% macro delete_touched(inputs, key='observed_on') -%}
    {%- if this is not none and is_incremental() -%}
        delete from {{ this }} where {{ key }} in ({{ touched_keys(inputs, key) }})
    {%- else -%}
        select 1
    {%- endif -%}
{%- endmacro %}

{#- In the model's body: the touched days as a list of literals to filter on (known before the
    model runs, so that DuckDB prunes the raw rows of other days), or none on a full build. -#}
{% macro touched_list(inputs, key='observed_on') -%}
    {%- if this is none or not is_incremental() -%}{{ return(none) }}{%- endif -%}
    {%- if not execute -%}{{ return([]) }}{%- endif -%}
    {%- set rows = run_query(touched_keys(inputs, key)) -%}
    {{ return(rows.columns[0].values() | map('string') | list) }}
{%- endmacro %}

{#- A filter on `column` to the touched keys of `touched_list` (true on a full build). -#}
{% macro in_touched(column, touched, cast='date') -%}
    {%- if touched is none -%}true
    {%- elif touched | length == 0 -%}false
    {%- else -%}{{ column }} in ({% for k in touched %}{{ cast }} '{{ k }}'{{ ", " if not loop.last }}{% endfor %})
    {%- endif -%}
{%- endmacro %}
