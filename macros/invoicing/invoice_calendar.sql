{#-
    The invoice calendar. A month M closes when the as-of date reaches the first
    day of M+1 plus var invoice_close_days (default 3); the first open month is the
    earliest month not closed then. The as-of date is var invoice_as_of, else the
    run's date in var reporting_timezone.
-#}
{% macro invoice_as_of() %}
    {%- set value = var('invoice_as_of', none) -%}
    {%- if value -%}
        {{ return(modules.datetime.date.fromisoformat(value | string)) }}
    {%- endif -%}
    {{ return(run_started_at.astimezone(modules.pytz.timezone(reporting_timezone())).date()) }}
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
        {{ exceptions.raise_compiler_error(
            'invoice_as_of ' ~ invoice_as_of() ~ ' with invoice_close_days ' ~ invoice_close_days()
            ~ ' leaves ' ~ first_open.strftime('%Y-%m') ~ ' open, but the invoices up to '
            ~ (issued_through - modules.datetime.timedelta(days=1)).strftime('%Y-%m')
            ~ ' are issued already, so this run changed nothing. Run without invoice_as_of (today), or with a date on or after '
            ~ (issued_through + modules.datetime.timedelta(days=invoice_close_days() | int)) ~ '.'
        ) }}
    {%- endif -%}
    {{ return('') }}
{% endmacro %}
