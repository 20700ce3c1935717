{#-
    A text with the blank characters around it removed: space, tab, line feed,
    vertical tab, form feed, carriage return and the non-breaking space. A plain
    trim() removes spaces only on Postgres and Spark (and the non-breaking space
    too on DuckDB), so a tab pasted after a catalog rule's model group, or a key
    pasted as " sk-…", kept its blank and matched nothing (a BYOK rule that fails
    open, a key digest that is not LiteLLM's). The same characters as
    BLANK_CHARACTERS in macros/catalog/validate_model_catalog.sql, which checks the
    catalog with them.
-#}
{% macro blank_characters_sql() %}
    {{ return("' ' || chr(9) || chr(10) || chr(11) || chr(12) || chr(13) || chr(160)") }}
{% endmacro %}

{% macro trim_blanks(expression) %}
    {{ return(adapter.dispatch('trim_blanks', 'litellm_spend')(expression)) }}
{% endmacro %}

{% macro default__trim_blanks(expression) %}
    btrim({{ expression }}, {{ blank_characters_sql() }})
{% endmacro %}

{% macro duckdb__trim_blanks(expression) %}
    trim({{ expression }}, {{ blank_characters_sql() }})
{% endmacro %}

{% macro spark__trim_blanks(expression) %}
    trim(both concat(' ', chr(9), chr(10), chr(11), chr(12), chr(13), chr(160)) from {{ expression }})
{% endmacro %}
