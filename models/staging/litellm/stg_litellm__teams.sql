{#-
    One row per team in "LiteLLM_TeamTable" with its alias and budget. When the
    table does not exist (an older proxy, a warehouse copy of the spend logs only)
    the model is empty: the spend report names teams by the alias logged with their
    requests (macro source_table_exists tells the report which), and there are no
    team budgets.
-#}
{%- set teams = source('litellm', 'teams') -%}

with

teams as (

    {%- if source_table_exists(teams) %}
    {%- set present = source_column_names(teams) %}
    select
        {{ clean_id('team_id') }} as team_id,
        {{ clean_text('team_alias') }} as team_alias,
        {{ budget_columns(teams, present) }}
    from {{ teams }}
    {%- else %}
    select
        cast(null as {{ dbt.type_string() }}) as team_id,
        cast(null as {{ dbt.type_string() }}) as team_alias,
        {{ budget_columns(none) }}
    where 1 = 0
    {%- endif %}

)

select * from teams
