{#-
    A column of the spend-log source, or a typed NULL when the table predates it.
    LiteLLM added status, organization_id, updated_at and others over time; an
    older proxy database must still build.
-#}
{% macro source_column(relation, column_name, data_type) %}
    {%- if not execute -%}
        {{ return(adapter.quote(column_name)) }}
    {%- endif -%}
    {%- set present = [] -%}
    {%- for column in adapter.get_columns_in_relation(relation) -%}
        {%- do present.append(column.name | lower) -%}
    {%- endfor -%}
    {#- No columns: a unit test's fixture CTE stands in for the table and has them all. -#}
    {%- if present | length == 0 or column_name | lower in present -%}
        {{ return(adapter.quote(column_name)) }}
    {%- else -%}
        {{ return('cast(null as ' ~ data_type ~ ')') }}
    {%- endif -%}
{% endmacro %}
