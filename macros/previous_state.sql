{#-
    The one way this project reads what earlier runs left behind: the table of a
    model of this project as the previous run left it, or none before its first
    build.

    Only run/run_window calls it. Every model it reads depends on run_window, so
    run_window always runs before them and sees the previous run's state; every
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

