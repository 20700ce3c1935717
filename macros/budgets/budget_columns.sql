{#-
    The three budget columns LiteLLM keeps on teams, keys and shared budgets, cleaned
    alike: max_budget (float8 upstream) as exact money, NULL when it is not a finite
    amount; budget_duration as written ('30d', '1mo'; blank = none), parsed later
    (macro budget_period_start); budget_reset_at, the next reset, UTC wall time like
    "startTime". A relation of none gives typed NULLs (the table does not exist).
-#}
{% macro budget_columns(relation, present=none) %}
    {%- if relation is none %}
        cast(null as {{ money_type() }}) as max_budget,
        cast(null as {{ dbt.type_string() }}) as budget_duration,
        cast(null as {{ dbt.type_timestamp() }}) as budget_reset_at
    {%- else %}
        {%- set max_budget = source_column(relation, 'max_budget', float8_type(), present) %}
        case
            when {{ is_finite_number(max_budget) }} then {{ float_to_money(max_budget) }}
        end as max_budget,
        {{ clean_text('trim(' ~ source_column(relation, 'budget_duration', dbt.type_string(), present) ~ ')') }} as budget_duration,
        cast({{ source_column(relation, 'budget_reset_at', dbt.type_timestamp(), present) }} as {{ dbt.type_timestamp() }}) as budget_reset_at
    {%- endif %}
{% endmacro %}
