{#-
    dbt's cross-database listagg, overridden on Spark (dbt's default and the other
    adapters' variants are used as they are): dbt-spark's drops the order by (it
    warns); Spark 4 has listagg ... within group.
-#}
{% macro spark__listagg(measure, delimiter_text, order_by_clause, limit_num) -%}
    {%- if limit_num -%}
        {{ exceptions.raise_compiler_error('listagg: limit_num is not supported on Spark') }}
    {%- endif -%}
    listagg({{ measure }}, {{ delimiter_text }}) {%- if order_by_clause %} within group ({{ order_by_clause }}){%- endif %}
{%- endmacro %}
