{#- The 8-byte float type (LiteLLM's float8): Spark has no "double precision". -#}
{% macro float8_type() %}
    {{- return(adapter.dispatch('float8_type', 'litellm_spend')()) -}}
{% endmacro %}

{% macro default__float8_type() %}double precision{% endmacro %}

{% macro spark__float8_type() %}double{% endmacro %}
