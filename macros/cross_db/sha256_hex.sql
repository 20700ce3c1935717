{#- Lowercase hex sha256 of a text expression, the digest LiteLLM stores as a key's token. -#}
{% macro sha256_hex(expression) %}
    {{ return(adapter.dispatch('sha256_hex', 'litellm_spend')(expression)) }}
{% endmacro %}

{% macro default__sha256_hex(expression) %}
    encode(sha256(convert_to({{ expression }}, 'UTF8')), 'hex')
{% endmacro %}

{% macro duckdb__sha256_hex(expression) %}
    sha256({{ expression }})
{% endmacro %}

{% macro spark__sha256_hex(expression) %}
    sha2({{ expression }}, 256)
{% endmacro %}
