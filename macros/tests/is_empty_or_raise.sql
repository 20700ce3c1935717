{#-
    For errors a person must fix by hand: fails the build with a message that
    names the offending rows (column `message_column` of up to 20 rows), rather
    than only a count of failing rows.
-#}
{% test is_empty_or_raise(model, message_column, headline) %}

{%- if execute -%}
    {%- set offending = run_query(
        'select ' ~ message_column ~ ' from ' ~ model ~ ' order by 1 limit 20'
    ) -%}
    {%- if offending.rows | length > 0 -%}
        {%- set lines = [] -%}
        {%- for row in offending.rows -%}
            {%- do lines.append('  - ' ~ row[0]) -%}
        {%- endfor -%}
        {{ exceptions.raise_compiler_error(headline ~ ':\n' ~ (lines | join('\n'))) }}
    {%- endif -%}
{%- endif -%}

select * from {{ model }}

{% endtest %}
