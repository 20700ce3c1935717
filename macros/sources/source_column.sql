{#-
    A column of the spend-log source, or a typed NULL when the table predates it.
    LiteLLM added status, organization_id, created_at, updated_at and others over
    time; an older proxy database must still build.

    `present` (from source_column_names) saves a catalog query per column when a
    model reads several optional columns.
-#}
{% macro source_column(relation, column_name, data_type, present=none) %}
    {%- if not execute -%}
        {{ return(adapter.quote(column_name)) }}
    {%- endif -%}
    {%- set present = present if present is not none else source_column_names(relation) -%}
    {#- No columns: the table does not exist (the query then fails naming it), or a
        unit test's fixture stands in for it and has them all. -#}
    {%- if present | length == 0 or column_name | lower in present -%}
        {{ return(adapter.quote(column_name)) }}
    {%- else -%}
        {{ return('cast(null as ' ~ data_type ~ ')') }}
    {%- endif -%}
{% endmacro %}

{#- Lowercased names of a relation's columns; empty when it does not exist. -#}
{% macro source_column_names(relation) %}
    {%- set names = [] -%}
    {%- if execute -%}
        {%- for column in adapter.get_columns_in_relation(relation) -%}
            {%- do names.append(column.name | lower) -%}
        {%- endfor -%}
    {%- endif -%}
    {{ return(names) }}
{% endmacro %}
