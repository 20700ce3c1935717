{#-
    The body of a singular test that fails with a message a person can act on:
    raises `headline` followed by the `message_column` of up to 20 rows of `query`
    when it returns any, instead of only counting rows.

    Returns the SQL the test runs. When tests execute, the query has already been
    checked here, so the test runs it with a false filter (no rows, no second scan:
    the window reconciliation at 10M rows spent half its time on the second run).
    When only compiling (sqlfluff, dbt compile), the tables need not exist and the
    test's compiled SQL is the query itself.
-#}
{% macro raise_if_rows(query, message_column, headline) %}
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
select * from (
{{ query }}
) as checked_without_rows
where 1 = 0
    {%- else -%}
{{ query }}
    {%- endif -%}
{% endmacro %}
