{#- LiteLLM writes '' where it means "absent": treat blank text and NULL alike. -#}
{% macro blank_to_null(expression) %}
    case when trim({{ expression }}) = '' then null else {{ expression }} end
{% endmacro %}
