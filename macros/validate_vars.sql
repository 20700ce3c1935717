{#-
    Runs at the start of every invocation (on-run-start), before any model, test or
    hook that reads a var. Vars end up inside SQL: names as quoted identifiers, the
    rest as literals. dbt quotes identifiers without escaping them, and some of its
    catalog queries put schema names inside string literals unescaped, so a name
    is accepted only when it is plainly a name: a letter or underscore, then
    letters, digits, underscores, dollar signs, spaces or hyphens. Anything else is
    refused with a clear message before anything runs.
-#}
{% macro identifier_var_names() %}
    {{ return(['litellm_schema', 'reader_role']) }}
{% endmacro %}

{% macro is_safe_identifier(value) %}
    {{ return(value is string and modules.re.fullmatch('[A-Za-z_][A-Za-z0-9_$ -]*', value) is not none) }}
{% endmacro %}

{% macro validate_vars() %}
    {%- set problems = [] -%}
    {%- for name in identifier_var_names() -%}
        {%- set value = var(name, none) -%}
        {%- if value is not none and not is_safe_identifier(value | string) -%}
            {%- do problems.append(
                name ~ ' must be a name: a letter or underscore, then letters, digits, underscores, $, spaces '
                ~ 'or hyphens (^[A-Za-z_][A-Za-z0-9_$ -]*$), got: ' ~ (value | string)[:80]) -%}
        {%- endif -%}
    {%- endfor -%}
    {%- if not modules.re.fullmatch('[A-Za-z0-9_+/-]+', var('reporting_timezone', 'UTC') | string) -%}
        {%- do problems.append('reporting_timezone must be an IANA time zone name such as Europe/Berlin, got: ' ~ var('reporting_timezone')) -%}
    {%- endif -%}
    {%- for name in ['reprocess_from', 'earliest_valid_date'] -%}
        {%- set value = var(name, none) -%}
        {%- if value is not none and not modules.re.fullmatch('[0-9]{4}-[0-9]{2}-[0-9]{2}', value | string) -%}
            {%- do problems.append(name ~ ' must be a date as YYYY-MM-DD, got: ' ~ value) -%}
        {%- endif -%}
    {%- endfor -%}
    {%- for name in ['lookback_days', 'future_margin_hours'] -%}
        {%- if not modules.re.fullmatch('[0-9]+', var(name, 0) | string) -%}
            {%- do problems.append(name ~ ' must be a whole number of days or hours, got: ' ~ var(name)) -%}
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

{#-
    Var max_request_spend (USD, default 10000) as the text of a SQL number, or none
    when it is not a positive number below money_limit(). A request costing more is
    quarantined: no single call costs that much, so it is a pricing or logging bug.
-#}
{% macro max_request_spend_literal() %}
    {%- set text = var('max_request_spend', 10000) | string | trim -%}
    {%- if text is string and modules.re.fullmatch('([0-9]+[.]?[0-9]*|[.][0-9]+)([eE][+-]?[0-9]+)?', text) -%}
        {%- set value = text | float -%}
        {%- if value > 0 and value < (money_limit() | float) -%}
            {{ return(text) }}
        {%- endif -%}
    {%- endif -%}
    {{ return(none) }}
{% endmacro %}

{#-
    Var max_request_spend as a SQL double. An invalid value stops the run (validate_vars
    reports it with the others first); parsing alone does not.
-#}
{% macro max_request_spend() %}
    {%- set text = max_request_spend_literal() -%}
    {%- if text is none and not execute -%}
        {%- set text = '10000' -%}
    {%- elif text is none -%}
        {{ exceptions.raise_compiler_error(
            'Invalid vars:\n  - max_request_spend must be a positive number of USD below ' ~ money_limit()
            ~ ', got: ' ~ var('max_request_spend')) }}
    {%- endif -%}
    {{- 'cast(' ~ dbt.string_literal(text) ~ ' as ' ~ float8_type() ~ ')' -}}
{% endmacro %}
