{#-
    The time zone, a question of run/run_window: may this run publish in its
    reporting_timezone? The marts hold days of the zone they were published with
    (`published`, run_published_days as the last publish left it). Another zone would
    move rows across days and count them twice: refuse, at compile time and so before
    anything changes, and say how to rebuild on purpose. A --full-refresh rebuilds
    every day in the new zone.
-#}
{% macro refuse_a_changed_reporting_timezone(published, timezone) %}
    {%- if published is none or not execute or flags.FULL_REFRESH or flags.WHICH not in ('build', 'run') -%}
        {{ return('') }}
    {%- endif -%}
    {%- set zones = run_query('select distinct reporting_timezone from ' ~ published).columns[0].values() -%}
    {%- if zones | length > 0 and (zones | list) != [timezone] -%}
        {{ exceptions.raise_compiler_error(
            'The marts were published with reporting_timezone ' ~ (zones | join(', '))
            ~ ', and this run has ' ~ timezone ~ '. A different zone moves requests to other days, so this run '
            ~ 'changed nothing. Keep the var as it was, or rebuild every day in the new zone on purpose:\n'
            ~ "  dbt build --full-refresh --vars '{reporting_timezone: " ~ timezone ~ "}'\n"
            ~ '(the history is kept; invoices already issued are not rewritten).'
        ) }}
    {%- endif -%}
    {{ return('') }}
{% endmacro %}
