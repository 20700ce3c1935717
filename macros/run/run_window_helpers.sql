{#- Helpers of run/run_window and its questions (macros/run/run_*.sql): literals and reason rows. -#}

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
    The counts of a question's reason row (after spend_date and reason): each
    question's CTE has these columns, so that run_window unions them. Zero but for
    the counts the question finds (SQL expressions).
-#}
{% macro run_window_reason_counts(late_rows='0', late_spend='0', moved_requests='0') %}
    {{- late_rows }} as late_rows,
        cast({{ late_spend }} as {{ money_type() }}) as late_spend,
        {{ moved_requests }} as moved_requests
{%- endmacro %}

{#- This run's start (UTC), as a timestamp literal: the stamp of everything it writes. -#}
{% macro this_run_started_at() %}
    {{- timestamp_literal(run_started_at) -}}
{% endmacro %}
