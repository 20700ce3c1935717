{#- Helpers of run/run_window: literals and the checks it makes before anything changes. -#}

{#- True for rows whose UTC start time falls on one of `days` (dicts with utc_day). -#}
{% macro utc_days_predicate(column, days) %}
    {%- set ranges = [] -%}
    {%- for day in days -%}
        {%- do ranges.append('(' ~ column ~ ' >= ' ~ timestamp_literal(day.utc_day) ~ ' and ' ~ column ~ ' < '
            ~ timestamp_literal(day.utc_day + modules.datetime.timedelta(days=1)) ~ ')') -%}
    {%- endfor -%}
    ({{ ranges | join(' or ') if ranges else '1 = 0' }})
{% endmacro %}

{% macro date_literal(value) %}
    {{- 'cast(' ~ dbt.string_literal(value.strftime('%Y-%m-%d')) ~ ' as date)' -}}
{% endmacro %}

{% macro timestamp_or_null(value) %}
    {{- timestamp_literal(value) if value is not none else 'cast(null as ' ~ dbt.type_timestamp() ~ ')' -}}
{% endmacro %}

{#-
    The marts hold days of the reporting time zone they were published with
    (run/run_published_days). Another zone would move rows across days and count
    them twice: refuse, before anything changes, and say how to rebuild on purpose.
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

{#- This run's start (UTC), as a timestamp literal: the stamp of everything it writes. -#}
{% macro this_run_started_at() %}
    {{- timestamp_literal(run_started_at) -}}
{% endmacro %}
