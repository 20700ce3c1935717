{#- True when the whole of a text matches a regular expression (no anchors needed). -#}
{% macro matches_whole(expression, pattern) %}
    {{ return(adapter.dispatch('matches_whole', 'litellm_spend')(expression, pattern)) }}
{% endmacro %}

{% macro default__matches_whole(expression, pattern) %}
    ({{ expression }} rlike '^({{ pattern }})$')
{% endmacro %}

{% macro postgres__matches_whole(expression, pattern) %}
    ({{ expression }} ~ '^({{ pattern }})$')
{% endmacro %}

{% macro duckdb__matches_whole(expression, pattern) %}
    regexp_full_match({{ expression }}, '{{ pattern }}')
{% endmacro %}
