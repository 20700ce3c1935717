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
                                          text: the parse, once per row)
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

{% macro duckdb__json_document(column, kind) %}
    {%- if kind == 'native' -%}
        cast({{ column }} as json)
    {%- else -%}
        case when json_valid({{ column }}) then cast({{ column }} as json) end
    {%- endif -%}
{% endmacro %}

{#- Blank text counts as absent (a CSV export writes NULL as ''), not as invalid. -#}
{% macro json_is_invalid(column, document, kind) %}
    {%- if kind == 'native' -%}
        false
    {%- else -%}
        ({{ column }} is not null and trim(cast({{ column }} as {{ dbt.type_string() }})) <> '' and {{ document }} is null)
    {%- endif -%}
{% endmacro %}

{#-
    Postgres (15 has no pg_input_is_valid) parses text with a small function the
    project owns, in the staging model's schema (never in LiteLLM's): the text as
    jsonb, or NULL when it is not valid JSON. Created once, at the start of a run
    (on-run-start), so that unit tests and models find it. Parallel unsafe: its
    exception block needs a subtransaction, which parallel workers cannot start.
-#}
{% macro json_parser_function() %}
    {{- adapter.quote(json_parser_schema()) ~ '.' ~ adapter.quote('litellm_spend_jsonb_or_null') -}}
{% endmacro %}

{% macro json_parser_schema() %}
    {#- A unit test's context has no graph; it carries the tested model's schema. -#}
    {%- if execute and model is defined and model.resource_type == 'unit_test' -%}
        {{ return(model.schema) }}
    {%- endif -%}
    {%- if execute and graph.nodes is defined -%}
        {%- for node in graph.nodes.values() -%}
            {%- if node.resource_type == 'model' and node.package_name == project_name
                and node.name == 'stg_litellm__spend_logs' -%}
                {{ return(node.schema) }}
            {%- endif -%}
        {%- endfor -%}
    {%- endif -%}
    {{ return(generate_schema_name('staging', none)) }}
{% endmacro %}

{% macro create_json_parser() %}
    {{ return(adapter.dispatch('create_json_parser', 'litellm_spend')()) }}
{% endmacro %}

{% macro default__create_json_parser() %}
    {%- if not execute -%}
        {{ return('select 1') }}
    {%- endif -%}
    {%- set schema = json_parser_schema() -%}
    {%- set body = '\nbegin\n    return document::jsonb;\nexception when others then\n    return null;\nend\n' -%}
    {#- Created when missing or different (a later version of this macro), else left alone. -#}
    {%- set found = run_query(
        "select count(*) from pg_catalog.pg_proc as p"
        ~ " inner join pg_catalog.pg_namespace as n on p.pronamespace = n.oid"
        ~ " where n.nspname = '" ~ dbt.escape_single_quotes(schema) ~ "'"
        ~ " and p.proname = 'litellm_spend_jsonb_or_null' and p.proparallel = 'u'"
        ~ " and p.prosrc = '" ~ dbt.escape_single_quotes(body) ~ "'"
    ).columns[0].values()[0] -%}
    {%- if found > 0 -%}
        {{ return('select 1') }}
    {%- endif -%}
    {{ return(
        'create schema if not exists ' ~ adapter.quote(schema) ~ ';\n'
        ~ 'create or replace function ' ~ json_parser_function() ~ '(document text) returns jsonb\n'
        ~ '    language plpgsql immutable strict parallel unsafe\n'
        ~ 'as $parse$' ~ body ~ '$parse$'
    ) }}
{% endmacro %}

{% macro duckdb__create_json_parser() %}
    {{ return('select 1') }}
{% endmacro %}
