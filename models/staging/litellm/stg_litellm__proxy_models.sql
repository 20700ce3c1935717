{#-
    One row per deployment in "LiteLLM_ProxyModelTable" with the team that owns
    it (model_info.team_id), or none. When the table does not exist (an older proxy,
    a warehouse copy of the spend logs only) the model is empty and nothing changes.
-#}
{%- set proxy_models = source('litellm', 'proxy_models') -%}

with

deployments as (

    {%- if source_table_exists(proxy_models) %}
    -- Hashed like the spend logs' columns when they look like a key (macro clean_text),
    -- so model_id still joins them and no secret leaves staging.
    select
        {{ clean_id('model_id') }} as model_id,
        {{ clean_text('model_name') }} as model_name,
        {{ clean_id(json_text_field('model_info', 'team_id')) }} as owner_team_id
    from {{ proxy_models }}
    {%- else %}
    select
        cast(null as {{ dbt.type_string() }}) as model_id,
        cast(null as {{ dbt.type_string() }}) as model_name,
        cast(null as {{ dbt.type_string() }}) as owner_team_id
    where 1 = 0
    {%- endif %}

)

select * from deployments
