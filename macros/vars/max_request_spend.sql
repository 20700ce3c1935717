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
