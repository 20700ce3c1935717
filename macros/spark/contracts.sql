{#-
    macros/spark/ holds what is Spark's alone, with no default to sit beside (spark__
    variants of cross-db macros are in cross_db/, the strategies' in incremental/).

    Contracts declare Postgres/DuckDB types: Spark has no TEXT (it is STRING).
-#}
{% macro spark__get_empty_schema_sql(columns) %}
    {%- set translated = {} -%}
    {%- for name, column in columns.items() -%}
        {%- set copy = column.copy() if column is mapping else column -%}
        {%- if copy['data_type'] is defined and copy['data_type'] | lower in ('text', 'varchar') -%}
            {%- do copy.update({'data_type': 'string'}) -%}
        {%- endif -%}
        {%- do translated.update({name: copy}) -%}
    {%- endfor -%}
    {{ return(dbt.default__get_empty_schema_sql(translated)) }}
{% endmacro %}
