{#-
    JSON columns that may hold text. LiteLLM's own tables hold metadata as JSONB,
    always valid; a warehouse copy (CSV, Parquet exports) may hold it as text, and
    text may be anything. One bad row must not fail the build, so text is parsed
    per row: NULL where it is not valid JSON, and the row is quarantined.

      json_column_kind(relation, column)  'native' (json/jsonb: nothing to check),
                                          'text', or 'unknown' (the relation is a
                                          unit test's fixture: check, as for text)
      json_document(column, kind)         the value as native JSON, NULL when the
                                          text is not valid JSON
      json_document_join(relation, column, kind)
                                          what the FROM clause needs for it (Postgres
                                          text: the parse, once per row, with the
                                          function of json_parser.sql)
      json_is_invalid(column, document, kind)
                                          true when non-blank text did not parse
-#}
{% macro json_column_kind(relation, column_name) %}
    {%- if not execute -%}
        {{ return('unknown') }}
    {%- endif -%}
    {%- for column in adapter.get_columns_in_relation(relation) -%}
        {%- if column.name | lower == column_name | lower -%}
            {{ return('native' if (column.data_type | lower) in ('json', 'jsonb') else 'text') }}
        {%- endif -%}
    {%- endfor -%}
    {{ return('unknown') }}
{% endmacro %}

{% macro json_document(column, kind) %}
    {{ return(adapter.dispatch('json_document', 'litellm_spend')(column, kind)) }}
{% endmacro %}

{#- Text is parsed in json_document_join's lateral subquery: a function call written
    into the select list would run again at every mention of the column it feeds. -#}
{% macro default__json_document(column, kind) %}
    {%- if kind == 'native' -%}
        cast({{ column }} as jsonb)
    {%- else -%}
        {{ 'parsed_' ~ column }}.document
    {%- endif -%}
{% endmacro %}

{% macro duckdb__json_document(column, kind) %}
    {%- if kind == 'native' -%}
        cast({{ column }} as json)
    {%- else -%}
        case when json_valid({{ column }}) then cast({{ column }} as json) end
    {%- endif -%}
{% endmacro %}

{#- No JSON type: the document stays text, NULL when try_parse_json rejects it. -#}
{% macro spark__json_document(column, kind) %}
    {%- if kind == 'native' -%}
        {{ column }}
    {%- else -%}
        case when try_parse_json({{ column }}) is not null then {{ column }} end
    {%- endif -%}
{% endmacro %}

{% macro json_document_join(relation_alias, column, kind) %}
    {{ return(adapter.dispatch('json_document_join', 'litellm_spend')(relation_alias, column, kind)) }}
{% endmacro %}

{#- offset 0 keeps the subquery from being merged into the query: one call per row. -#}
{% macro default__json_document_join(relation_alias, column, kind) %}
    {%- if kind != 'native' -%}
    cross join lateral (
        select {{ json_parser_function() }}(cast({{ relation_alias }}.{{ column }} as text)) as document
        offset 0
    ) as {{ 'parsed_' ~ column }}
    {%- endif -%}
{% endmacro %}

{% macro duckdb__json_document_join(relation_alias, column, kind) %}
{% endmacro %}

{% macro spark__json_document_join(relation_alias, column, kind) %}
{% endmacro %}

{#- Blank text counts as absent (a CSV export writes NULL as ''), not as invalid. -#}
{% macro json_is_invalid(column, document, kind) %}
    {%- if kind == 'native' -%}
        false
    {%- else -%}
        ({{ column }} is not null and trim(cast({{ column }} as {{ dbt.type_string() }})) <> '' and {{ document }} is null)
    {%- endif -%}
{% endmacro %}
