{#-
    The one way this project reads what earlier runs left behind: the table of a
    model of this project as the previous run left it, or none before its first
    build.

    Only the run layer calls it (models/run/ and models/invoicing/run/): run_window (what to rebuild) and the invoice
    window with its two snapshots (what to invoice). Every model they read depends
    on them, so they always run first and see the previous run's state; every
    other model reads this run's data through ref() and flows down the DAG once.
    (Incremental models still read their own table through `this`, as dbt does.)
-#}
{% macro previous_state(model_name) %}
    {%- if not execute -%}
        {{ return(none) }}
    {%- endif -%}
    {%- set relation = project_relation(model_name) -%}
    {{ return(adapter.get_relation(relation.database, relation.schema, relation.identifier)) }}
{% endmacro %}

{#- The relation a model of this project builds, without ref() (and its parse-time dependency). -#}
{% macro project_relation(model_name) -%}
    {%- set node = graph.nodes.get('model.' ~ project_name ~ '.' ~ model_name) -%}
    {%- if node is none -%}
        {{ exceptions.raise_compiler_error('project_relation: model ' ~ model_name ~ ' is not in this project') }}
    {%- endif -%}
    {%- do return(api.Relation.create(database=node.database, schema=node.schema, identifier=node.alias)) -%}
{%- endmacro %}


{#- A source table of this project, without source() (only staging depends on sources); none while parsing. -#}
{% macro project_source_relation(source_name, table_name) -%}
    {%- if not execute -%}
        {{ return(none) }}
    {%- endif -%}
    {%- set node = graph.sources.get('source.' ~ project_name ~ '.' ~ source_name ~ '.' ~ table_name) -%}
    {%- if node is none -%}
        {{ exceptions.raise_compiler_error('project_source_relation: source ' ~ source_name ~ '.' ~ table_name
            ~ ' is not in this project') }}
    {%- endif -%}
    {%- do return(api.Relation.create(database=node.database, schema=node.schema, identifier=node.identifier,
                                      quote_policy={'database': true, 'schema': true, 'identifier': true})) -%}
{%- endmacro %}
