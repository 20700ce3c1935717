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
                ~ 'or hyphens (^[A-Za-z_][A-Za-z0-9_$ -]*$), got: ' ~ (value | string)[:80]) -%}
        {%- endif -%}
    {%- endfor -%}
    {%- if not modules.re.fullmatch('[A-Za-z0-9_+/-]+', reporting_timezone() | string) -%}
        {%- do problems.append('reporting_timezone must be an IANA time zone name such as Europe/Berlin, got: ' ~ reporting_timezone()) -%}
    {%- endif -%}
    {%- for name, value in [('reprocess_from', reprocess_from()), ('earliest_valid_date', earliest_valid_date())] -%}
        {%- if value is not none and not modules.re.fullmatch('[0-9]{4}-[0-9]{2}-[0-9]{2}', value | string) -%}
            {%- do problems.append(name ~ ' must be a date as YYYY-MM-DD, got: ' ~ value) -%}
        {%- endif -%}
    {%- endfor -%}
    {%- for name, value in [('lookback_days', lookback_days()), ('future_margin_hours', future_margin_hours())] -%}
        {%- if not modules.re.fullmatch('[0-9]+', value | string) -%}
            {%- do problems.append(name ~ ' must be a whole number of days or hours, got: ' ~ value) -%}
        {%- endif -%}
    {%- endfor -%}
    {%- if max_request_spend_literal() is none -%}
        {%- do problems.append(
            'max_request_spend must be a positive number of USD below ' ~ money_limit() ~ ', got: '
            ~ var('max_request_spend')) -%}
    {%- endif -%}
    {%- if problems -%}
        {{ exceptions.raise_compiler_error('Invalid vars:\n  - ' ~ (problems | join('\n  - '))) }}
    {%- endif -%}
    select 1
{% endmacro %}
