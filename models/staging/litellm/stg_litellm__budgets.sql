{#-
    One row per shared budget in "LiteLLM_BudgetTable" (budget_id), the budget a key
    follows when it carries none of its own. Empty when the table does not exist.
-#}
{%- set budgets = source('litellm', 'budgets') -%}

with

budgets as (

    {%- if source_table_exists(budgets) %}
    {%- set present = source_column_names(budgets) %}
    select
        {{ clean_text('budget_id') }} as budget_id,
        {{ budget_columns(budgets, present) }}
    from {{ budgets }}
    {%- else %}
    select
        cast(null as {{ dbt.type_string() }}) as budget_id,
        {{ budget_columns(none) }}
    where 1 = 0
    {%- endif %}

)

select * from budgets
