{#-
    The reporting calendar, a question of run/run_window: does this run's calendar
    (vars reporting_timezone and reporting_timezone_changes: reporting_periods.sql)
    put a published day in another zone than the one it was published in?

    reporting_timezone_changed(published, runs): false when every published day keeps
    its zone; true when only days of months not invoiced yet move, and this run then
    rebuilds every day (reason timezone_change). When a month already invoiced (before
    the last invoicing run's first_open_month, `runs`) would move, it refuses, at
    compile time and so before anything changes, on every run, --full-refresh
    included, and gives the vars that keep the issued months and change the zone from
    the first month not invoiced yet on.
-#}
{% macro reporting_timezone_changed(published, runs) %}
    {%- if published is none or not execute or flags.WHICH not in ('build', 'run') -%}
        {{ return(false) }}
    {%- endif -%}
    {%- set moved = run_query('select min(spend_date) from ' ~ published ~ ' where reporting_timezone <> '
        ~ reporting_timezone_of('spend_date')).columns[0].values()[0] -%}
    {%- if moved is none -%}
        {{ return(false) }}
    {%- endif -%}
    {%- set issued_through = none -%}
    {%- if runs is not none -%}
        {%- set issued_through = run_query('select max(first_open_month) from ' ~ runs).columns[0].values()[0] -%}
    {%- endif -%}
    {%- if issued_through is none or moved >= issued_through -%}
        {{ return(true) }}
    {%- endif -%}
    {%- set issued = run_query('select ' ~ month_of('spend_date') ~ ', max(reporting_timezone) from ' ~ published
        ~ ' where spend_date < ' ~ date_literal(issued_through) ~ ' group by ' ~ month_of('spend_date')
        ~ ' order by 1').rows -%}
    {%- set kept = issued_calendar(issued, issued_through) -%}
    {%- set was = {'zone': 'another zone'} -%}
    {%- for month, zone in issued if month == moved.replace(day=1) -%}
        {%- do was.update({'zone': zone}) -%}
    {%- endfor -%}
    {{ exceptions.raise_compiler_error(
        'The months up to ' ~ (issued_through - modules.datetime.timedelta(days=1)).strftime('%Y-%m')
        ~ " are invoiced already, and this run's reporting calendar would move the days of "
        ~ moved.strftime('%Y-%m') ~ ' from ' ~ was.zone ~ ' to ' ~ reporting_timezone_of_day(moved)
        ~ ', so this run changed nothing. A month keeps the zone it was invoiced in. To report in '
        ~ kept[-1][1] ~ ' from the first month not invoiced yet on, set these vars (dbt_project.yml, or --vars) '
        ~ 'and run as usual; that run rebuilds the days that move, without --full-refresh:\n'
        ~ '  reporting_timezone: ' ~ kept[0][1] ~ '\n'
        ~ '  reporting_timezone_changes: [' ~ issued_calendar_changes_text(kept) ~ ']\n'
        ~ '(docs/scheduling.md, "Changing reporting_timezone").'
    ) }}
{% endmacro %}

{#-
    The calendar that keeps every issued month in its zone (`issued`: rows of month,
    zone as published) and follows this run's calendar from `issued_through` on: a
    list of (valid_from or none, zone), one entry per change.
-#}
{% macro issued_calendar(issued, issued_through) %}
    {%- set kept = [] -%}
    {%- for month, zone in issued -%}
        {%- if kept | length == 0 or kept[-1][1] != zone -%}
            {%- do kept.append((month if kept | length > 0 else none, zone)) -%}
        {%- endif -%}
    {%- endfor -%}
    {%- set at_issued_through = reporting_timezone_of_day(issued_through) -%}
    {%- if at_issued_through != kept[-1][1] -%}
        {%- do kept.append((issued_through, at_issued_through)) -%}
    {%- endif -%}
    {%- for period in reporting_periods() if period['valid_from'] is not none and period['valid_from'] > issued_through -%}
        {%- if period['zone'] != kept[-1][1] -%}
            {%- do kept.append((period['valid_from'], period['zone'])) -%}
        {%- endif -%}
    {%- endfor -%}
    {{ return(kept) }}
{% endmacro %}

{% macro issued_calendar_changes_text(kept) %}
    {%- set items = [] -%}
    {%- for valid_from, zone in kept[1:] -%}
        {%- do items.append("{valid_from: '" ~ valid_from.strftime('%Y-%m-%d') ~ "', reporting_timezone: " ~ zone ~ "}") -%}
    {%- endfor -%}
    {{ return(items | join(', ')) }}
{% endmacro %}

{#- The zone of a Python date in this run's calendar. -#}
{% macro reporting_timezone_of_day(day) %}
    {%- set zone = {'name': none} -%}
    {%- for period in reporting_periods() if period['valid_from'] is none or period['valid_from'] <= day -%}
        {%- do zone.update({'name': period['zone']}) -%}
    {%- endfor -%}
    {{ return(zone.name) }}
{% endmacro %}
