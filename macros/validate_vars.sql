{#-
    Runs at the start of every invocation (on-run-start). Vars end up inside SQL:
    names as quoted identifiers, the rest as literals. dbt quotes identifiers
    without escaping, so a double quote in one could end the identifier and inject
    SQL: refuse such values with a clear message instead.
-#}
{% macro validate_vars() %}
    {%- set problems = [] -%}
    {%- for name in ['litellm_schema', 'reader_role'] -%}
        {%- set value = var(name, none) -%}
        {%- if value is not none and ('"' in (value | string) or '\x00' in (value | string) or (value | string) | length == 0) -%}
            {%- do problems.append(name ~ ' must be a non-empty name without double quotes, got: ' ~ value) -%}
        {%- endif -%}
    {%- endfor -%}
    {%- if not modules.re.fullmatch('[A-Za-z0-9_+\-/]+', var('reporting_timezone', 'UTC') | string) -%}
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
    {%- if problems -%}
        {{ exceptions.raise_compiler_error('Invalid vars:\n  - ' ~ (problems | join('\n  - '))) }}
    {%- endif -%}
    select 1
{% endmacro %}
