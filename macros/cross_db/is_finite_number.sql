{#- True when a float is neither NaN nor +/-Infinity (float8 can hold both). -#}
{% macro is_finite_number(expression) %}
    {{ return(adapter.dispatch('is_finite_number', 'litellm_spend')(expression)) }}
{% endmacro %}

{% macro default__is_finite_number(expression) %}
    ({{ expression }} not in (cast('NaN' as double precision), cast('Infinity' as double precision), cast('-Infinity' as double precision)))
{% endmacro %}

{% macro duckdb__is_finite_number(expression) %}
    isfinite(cast({{ expression }} as double))
{% endmacro %}

{% macro spark__is_finite_number(expression) %}
    (not (isnan({{ expression }}) or abs({{ expression }}) = cast('Infinity' as double)))
{% endmacro %}
