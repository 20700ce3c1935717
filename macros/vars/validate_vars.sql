{#-
    Runs at the start of every invocation (on-run-start), before any model, test or
    hook that reads a var. Vars end up inside SQL: names as quoted identifiers, the
    rest as literals. dbt quotes identifiers without escaping them, and some of its
    catalog queries put schema names inside string literals unescaped, so a name
    is accepted only when it is plainly a name: a letter or underscore, then
    letters, digits, underscores, dollar signs, spaces or hyphens. Anything else is
    refused with a clear message before anything runs.
-#}
{#- The vars that name a schema or a role, with their values. -#}
{% macro identifier_vars() %}
    {{ return([('litellm_schema', litellm_schema()), ('reader_role', reader_role())]) }}
{% endmacro %}

{% macro is_safe_identifier(value) %}
    {{ return(value is string and modules.re.fullmatch('[A-Za-z_][A-Za-z0-9_$ -]*', value) is not none) }}
{% endmacro %}

{% macro validate_vars() %}
    {%- set problems = [] -%}
    {%- for name, value in identifier_vars() -%}
        {%- if value is not none and not is_safe_identifier(value | string) -%}
            {%- do problems.append(
                name ~ ' must be a name: a letter or underscore, then letters, digits, underscores, $, spaces '
                ~ 'or hyphens (^[A-Za-z_][A-Za-z0-9_$ -]*$), got: ' ~ shown_value(value)) -%}
        {%- endif -%}
    {%- endfor -%}
    {#- The engines and the invoice calendar read zones from the IANA database, as pytz does. -#}
    {%- set zone = var('reporting_timezone', 'UTC') -%}
    {%- if zone is not string or zone not in modules.pytz.all_timezones_set -%}
        {%- do problems.append(reporting_timezone_problem(zone)) -%}
    {%- endif -%}
    {%- do problems.extend(reporting_timezone_changes_problems()) -%}
    {%- for name, value in [('reprocess_from', reprocess_from()), ('earliest_valid_date', earliest_valid_date()),
                            ('invoice_as_of', var('invoice_as_of', none))] -%}
        {%- if value is not none and not is_calendar_date(value | string) -%}
            {%- do problems.append(name ~ ' must be a calendar date written YYYY-MM-DD, such as 2026-03-01, got: '
                ~ shown_value(value)) -%}
        {%- endif -%}
    {%- endfor -%}
    {%- for name, value in [('lookback_days', lookback_days()), ('future_margin_hours', future_margin_hours())] -%}
        {%- if not modules.re.fullmatch('[0-9]+', value | string) -%}
            {%- do problems.append(name ~ ' must be a whole number of days or hours, 0 or more, got: '
                ~ shown_value(value)) -%}
        {%- endif -%}
    {%- endfor -%}
    {#- A month closes invoice_close_days after it ends: a negative value would issue a month
        before it ended, and more than 28 would close it after the next one ended. -#}
    {%- if not modules.re.fullmatch('[0-9]+', invoice_close_days() | string) or not 0 <= invoice_close_days() | int <= 28 -%}
        {%- do problems.append('invoice_close_days must be a whole number of days from 0 to 28 (the days after a '
            ~ 'month ends before its invoice is issued; default 3), got: ' ~ shown_value(invoice_close_days())) -%}
    {%- endif -%}
    {%- for name, value in [('rebuild_history', rebuild_history()), ('deep_check', deep_check()),
                            ('invoice_by_customer', invoice_by_customer()),
                            ('confirm_byok_to_billable', confirm_byok_to_billable())] -%}
        {%- if value is not boolean -%}
            {%- do problems.append(name ~ ' must be true or false, got: ' ~ shown_value(value)) -%}
        {%- endif -%}
    {%- endfor -%}
    {%- if max_request_spend_literal() is none -%}
        {%- do problems.append(
            'max_request_spend must be a positive number of USD below ' ~ money_limit() ~ ', got: '
            ~ shown_value(var('max_request_spend'))) -%}
    {%- endif -%}
    {%- if problems -%}
        {{ exceptions.raise_compiler_error('Invalid vars (nothing was built; fix them in --vars or dbt_project.yml '
            ~ 'and run again):\n  - ' ~ (problems | join('\n  - '))) }}
    {%- endif -%}
    select 1
{% endmacro %}

{#- A var's value as a message shows it: its repr, cut short. -#}
{% macro shown_value(value) %}
    {{ return(((value | string) if value is not string else "'" ~ value ~ "'")[:80]) }}
{% endmacro %}
