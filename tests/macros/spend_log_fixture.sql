{#-
    A unit-test fixture for "LiteLLM_SpendLogs" (format: sql): one select per row
    with every column stg_litellm__spend_logs reads, typed here rather than taken
    from the real table. dbt types a dict fixture from the real table's columns, so
    on an older LiteLLM schema (no status, organization_id, created_at, updated_at)
    a test could neither name them nor leave them out (the model reads them in a
    unit test, where it cannot see which columns the table has). Columns a row
    does not give are NULL, as in a dict fixture; metadata is text (JSON in it).

        rows: "{{ spend_log_fixture([{'request_id': 'r1', 'spend': 0.5, 'startTime': '2026-03-01 10:00:00'}]) }}"

    Only unit tests call it, so it lives with the tests, on a macro path of its own
    (tests/macros in dbt_project.yml's macro-paths).
-#}
{% macro spend_log_fixture(rows) %}
    {%- set columns = [
        ('request_id', dbt.type_string()), ('call_type', dbt.type_string()), ('api_key', dbt.type_string()),
        ('spend', float8_type()), ('total_tokens', dbt.type_int()), ('prompt_tokens', dbt.type_int()),
        ('completion_tokens', dbt.type_int()), ('startTime', dbt.type_timestamp()), ('endTime', dbt.type_timestamp()),
        ('model', dbt.type_string()), ('model_id', dbt.type_string()), ('model_group', dbt.type_string()),
        ('custom_llm_provider', dbt.type_string()), ('user', dbt.type_string()), ('metadata', dbt.type_string()),
        ('cache_hit', dbt.type_string()), ('team_id', dbt.type_string()), ('end_user', dbt.type_string()),
        ('organization_id', dbt.type_string()), ('status', dbt.type_string()),
        ('created_at', dbt.type_timestamp()), ('updated_at', dbt.type_timestamp()),
    ] -%}
    {%- set names = columns | map(attribute=0) | list -%}
    {%- for row in rows -%}
        {%- for name in row if name not in names -%}
            {{ exceptions.raise_compiler_error('spend_log_fixture: unknown column ' ~ name ~ '; columns are ' ~ (names | join(', '))) }}
        {%- endfor %}
    select
        {%- for name, data_type in columns %}
        {%- set value = row.get(name) %}
        cast({{ 'null' if value is none else (dbt.string_literal(dbt.escape_single_quotes(value)) if value is string else value) }} as {{ data_type }}) as {{ adapter.quote(name) }}{{ ',' if not loop.last }}
        {%- endfor %}
    {%- if not loop.last %}
    union all
    {%- endif %}
    {%- endfor %}
{% endmacro %}
