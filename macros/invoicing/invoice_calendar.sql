{#-
    The invoice calendar. A month M closes when the as-of date reaches the first
    day of M+1 plus var invoice_close_days (default 3); the first open month is the
    earliest month not closed then. The as-of date is var invoice_as_of, else the
    run's date in the reporting calendar (reporting_periods.sql).
-#}
{% macro invoice_as_of() %}
    {%- set value = var('invoice_as_of', none) -%}
    {%- if value -%}
        {#- Read while dbt parses, before validate_vars runs: a wrong date is named here too. -#}
        {%- if not is_calendar_date(value | string) -%}
            {{ exceptions.raise_compiler_error('Invalid vars: invoice_as_of must be a calendar date written '
                ~ 'YYYY-MM-DD, such as 2026-03-01, got: ' ~ shown_value(value)) }}
        {%- endif -%}
        {{ return(modules.datetime.date.fromisoformat(value | string)) }}
    {%- endif -%}
    {{ return(reporting_day_of(run_started_at)) }}
{% endmacro %}

{#- M is closed when as_of - close_days >= first day of M+1: the open months start at that date's month. -#}
{% macro first_open_month() %}
    {%- set closing_date = invoice_as_of() - modules.datetime.timedelta(days=invoice_close_days() | int) -%}
    {{ return(closing_date.replace(day=1)) }}
{% endmacro %}

{#- The first day of the month of a date expression, as a date. -#}
{% macro month_of(date_expression) -%}
    cast({{ dbt.date_trunc('month', date_expression) }} as date)
{%- endmacro %}

{#-
    An as-of date that leaves open a month an earlier run issued would bill
    adjustments in an invoice already sent: refuse, before anything changes.
-#}
{% macro refuse_an_invoice_as_of_before_an_issued_month(runs) %}
    {%- if runs is none or not execute or flags.WHICH not in ('build', 'run') -%}
        {{ return('') }}
    {%- endif -%}
    {%- set issued_through = run_query('select max(first_open_month) from ' ~ runs).columns[0].values()[0] -%}
    {%- set first_open = first_open_month() -%}
    {%- if issued_through is not none and first_open < issued_through -%}
        {%- set issued_month = (issued_through - modules.datetime.timedelta(days=1)).strftime('%Y-%m') -%}
        {%- set open_month = first_open.strftime('%Y-%m') -%}
        {%- if var('invoice_as_of', none) is not none -%}
            {{ exceptions.raise_compiler_error(
                'invoice_as_of ' ~ invoice_as_of() ~ ' with invoice_close_days ' ~ invoice_close_days()
                ~ ' leaves ' ~ open_month ~ ' open, but the invoices up to ' ~ issued_month
                ~ ' are issued already, so this run changed nothing. Run without invoice_as_of (today), or with a date on or after '
                ~ (issued_through + modules.datetime.timedelta(days=invoice_close_days() | int)) ~ '.'
            ) }}
        {%- endif -%}
        {#- No invoice_as_of: a smaller invoice_close_days issued the month earlier than this one would. -#}
        {%- set largest_close_days = (invoice_as_of() - issued_through).days -%}
        {%- if largest_close_days < 0 -%}
            {{ exceptions.raise_compiler_error(
                'The invoices up to ' ~ issued_month ~ ' were issued before ' ~ issued_month ~ ' ended (by a run '
                ~ 'with a negative invoice_close_days, refused since), so this run changed nothing: no '
                ~ 'invoice_close_days can take them back. Scheduled runs go on from '
                ~ (issued_through + modules.datetime.timedelta(days=invoice_close_days() | int))
                ~ ', and ' ~ issued_month ~ "'s usage after its invoice then becomes adjustments in the first "
                ~ 'open month (docs/billing.md, Adjustments).'
            ) }}
        {%- endif -%}
        {{ exceptions.raise_compiler_error(
            'invoice_close_days ' ~ invoice_close_days() ~ ' leaves ' ~ open_month ~ ' open today ('
            ~ invoice_as_of() ~ '), but the invoices up to ' ~ issued_month ~ ' are issued already, by a run with '
            ~ 'a smaller invoice_close_days, so this run changed nothing. Set invoice_close_days back to '
            ~ largest_close_days ~ ' or less (in --vars or dbt_project.yml), or wait until '
            ~ (issued_through + modules.datetime.timedelta(days=invoice_close_days() | int)) ~ '.'
        ) }}
    {%- endif -%}
    {{ return('') }}
{% endmacro %}
