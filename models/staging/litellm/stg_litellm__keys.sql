{#-
    One row per virtual key in "LiteLLM_VerificationToken": its digest (token, the
    spend logs' api_key), team, alias and budget, nothing else (the table also holds
    permissions and metadata). Empty when the table does not exist.
-#}
{%- set keys = source('litellm', 'keys') -%}

with

keys as (

    {%- if source_table_exists(keys) %}
    {%- set present = source_column_names(keys) %}
    select
        {{ clean_text('token') }} as api_key,
        {{ clean_id('team_id') }} as team_id,
        {{ clean_text('key_alias') }} as key_alias,
        {{ clean_text(source_column(keys, 'budget_id', dbt.type_string(), present)) }} as budget_id,
        {{ budget_columns(keys, present) }}
    from {{ keys }}
    {%- else %}
    select
        cast(null as {{ dbt.type_string() }}) as api_key,
        cast(null as {{ dbt.type_string() }}) as team_id,
        cast(null as {{ dbt.type_string() }}) as key_alias,
        cast(null as {{ dbt.type_string() }}) as budget_id,
        {{ budget_columns(none) }}
    where 1 = 0
    {%- endif %}

)

select * from keys
