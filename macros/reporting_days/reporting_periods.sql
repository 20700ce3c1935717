{#-
    The reporting calendar: whose calendar days spend_date counts. var
    reporting_timezone is the zone from the start; var reporting_timezone_changes
    lists the later ones, each from the first day of a month on:

      reporting_timezone: UTC
      reporting_timezone_changes: [{valid_from: '2027-01-01', reporting_timezone: America/New_York}]

    The day at a change starts at the old zone's midnight and ends at the new zone's
    next midnight (5 hours longer from UTC to New York, an hour shorter from UTC to
    Berlin): no instant before the change moves to another day, and every instant
    after it belongs to exactly one day. Months already invoiced keep the zone they
    were issued in (run_timezone_check.sql refuses a change that would move them).

    reporting_periods(): one dict per zone, in order: valid_from (a date; none for the
    first), zone, previous (the zone before; none for the first) and starts_at (the
    UTC wall time, naive like "startTime", of valid_from's midnight in the previous zone).
-#}
{% macro reporting_periods() %}
    {%- set problems = reporting_timezone_changes_problems() -%}
    {%- if problems -%}
        {{ exceptions.raise_compiler_error('Invalid vars: ' ~ (problems | join('; '))) }}
    {%- endif -%}
    {%- set periods = [{'valid_from': none, 'zone': reporting_timezone(), 'previous': none, 'starts_at': none}] -%}
    {%- for change in var('reporting_timezone_changes', []) or [] -%}
        {%- set valid_from = modules.datetime.date.fromisoformat(change['valid_from'] | string) -%}
        {%- set midnight = modules.datetime.datetime.combine(valid_from, modules.datetime.time()) -%}
        {%- set previous = periods[-1]['zone'] -%}
        {%- set starts_at = modules.pytz.timezone(previous).localize(midnight).astimezone(modules.pytz.utc).replace(tzinfo=none) -%}
        {%- do periods.append({'valid_from': valid_from, 'zone': change['reporting_timezone'], 'previous': previous,
                               'starts_at': starts_at}) -%}
    {%- endfor -%}
    {{ return(periods) }}
{% endmacro %}

{#- What is wrong with var reporting_timezone_changes, as messages that name it (none: nothing). -#}
{% macro reporting_timezone_changes_problems() %}
    {%- set changes = var('reporting_timezone_changes', []) or [] -%}
    {%- set shape = 'reporting_timezone_changes must be a list of {valid_from: YYYY-MM-01, reporting_timezone: <IANA name>}, '
        ~ 'the first day of a month each, in date order, such as '
        ~ "[{valid_from: '2027-01-01', reporting_timezone: America/New_York}], got: " -%}
    {%- if changes is string or changes is mapping or changes is not iterable -%}
        {{ return([shape ~ shown_value(changes)]) }}
    {%- endif -%}
    {%- set problems = [] -%}
    {%- set state = {'last_from': none, 'last_zone': var('reporting_timezone', 'UTC')} -%}
    {%- for change in changes -%}
        {%- if change is not mapping or (change.keys() | list | sort) != ['reporting_timezone', 'valid_from'] -%}
            {%- do problems.append(shape ~ shown_value(change)) -%}
        {%- elif not is_calendar_date(change['valid_from'] | string) or not (change['valid_from'] | string).endswith('-01') -%}
            {%- do problems.append('reporting_timezone_changes: valid_from must be the first day of a month written '
                ~ 'YYYY-MM-01, such as 2027-01-01, got: ' ~ shown_value(change['valid_from'])) -%}
        {%- elif change['reporting_timezone'] is not string or change['reporting_timezone'] not in modules.pytz.all_timezones_set -%}
            {%- do problems.append('reporting_timezone_changes: ' ~ reporting_timezone_problem(change['reporting_timezone'])) -%}
        {%- elif state.last_from is not none and (change['valid_from'] | string) <= state.last_from -%}
            {%- do problems.append('reporting_timezone_changes must be in date order, one change a month: '
                ~ (change['valid_from'] | string) ~ ' comes after ' ~ state.last_from) -%}
        {%- elif change['reporting_timezone'] == state.last_zone -%}
            {%- do problems.append('reporting_timezone_changes: the change on ' ~ (change['valid_from'] | string)
                ~ ' keeps ' ~ state.last_zone ~ ', the zone before it; leave it out') -%}
        {%- else -%}
            {%- do state.update({'last_from': change['valid_from'] | string, 'last_zone': change['reporting_timezone']}) -%}
        {%- endif -%}
    {%- endfor -%}
    {{ return(problems) }}
{% endmacro %}
