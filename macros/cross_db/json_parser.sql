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

{% macro spark__create_json_parser() %}
    {{ return('select 1') }}
{% endmacro %}
