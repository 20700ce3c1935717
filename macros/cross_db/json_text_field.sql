{#-
    Text value of a top-level key of a JSON document. The column may be native
    JSON/JSONB or text holding JSON (CSV and Parquet exports carry it as text).
-#}
{% macro json_text_field(json_expression, key) %}
    {{ return(adapter.dispatch('json_text_field', 'litellm_spend')(json_expression, key)) }}
{% endmacro %}

{% macro default__json_text_field(json_expression, key) %}
    (cast({{ json_expression }} as jsonb) ->> {{ dbt.string_literal(key) }})
{% endmacro %}

{% macro duckdb__json_text_field(json_expression, key) %}
    json_extract_string(cast({{ json_expression }} as json), {{ dbt.string_literal('$."' ~ key ~ '"') }})
{% endmacro %}

{% macro spark__json_text_field(json_expression, key) %}
    get_json_object(cast({{ json_expression }} as string), {{ dbt.string_literal('$.' ~ key) }})
{% endmacro %}
