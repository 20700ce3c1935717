{#-
    Raises `headline` followed by the `message_column` of up to 20 rows of `query`,
    when it returns any: for failures a person must act on, the message names what
    to fix instead of only counting rows.
-#}
{% macro raise_if_rows(query, message_column, headline) %}
    {#- Only when tests run: compiling (sqlfluff, dbt compile) must not need the tables. -#}
    {%- if execute and flags.WHICH in ('build', 'test') -%}
        {%- set offending = run_query(
            'select ' ~ message_column ~ ' from (' ~ query ~ ') as offending order by 1 limit 20'
        ) -%}
        {%- if offending.rows | length > 0 -%}
            {%- set lines = [] -%}
            {%- for row in offending.rows -%}
                {%- do lines.append('  - ' ~ row[0]) -%}
            {%- endfor -%}
            {{ exceptions.raise_compiler_error(headline ~ ':\n' ~ (lines | join('\n'))) }}
        {%- endif -%}
    {%- endif -%}
{% endmacro %}
