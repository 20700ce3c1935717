{#-
    dbt's hook for a generic test's `where` config, extended with placeholders that
    bound a test to what this run changed. An incremental run only rewrites the
    history's load window and the marts' reprocessed days, and rows outside them
    were tested by the run that wrote them, so re-testing whole tables on every
    scheduled run would cost in proportion to the history, not to the new data.
    On a first run or a full rebuild the bounds cover everything.

      __in_load_window__           rows whose started_at is in this run's load window
      __in_reprocessed_days__      rows whose spend_date this run rebuilt
      __in_reprocessed_requests__  the same, for request-grain relations (it also
                                   bounds started_at, for the start-time index)

    The where config is static YAML and cannot call macros (dbt docs, "where"), and
    a generic test cannot declare refs, so the relations are looked up in the graph:
    every test runs after its model, which runs after both of them.
-#}
{% macro get_where_subquery(relation) -%}
    {%- set where = config.get('where', '') -%}
    {%- if not where -%}
        {%- do return(relation) -%}
    {%- endif -%}
    {%- if '__in_' in where and execute -%}
        {%- set load_window = project_relation('stg_litellm__spend_log_load_window') -%}
        {%- set days_to_reprocess = project_relation('int_days_to_reprocess') -%}
        {%- set where = where
            | replace('__in_load_window__', started_in_load_window('started_at', load_window=load_window))
            | replace('__in_reprocessed_requests__', in_days_to_reprocess(days_to_reprocess=days_to_reprocess))
            | replace('__in_reprocessed_days__', in_days_to_reprocess(start_column=none, days_to_reprocess=days_to_reprocess)) -%}
    {%- endif -%}
    {%- do return('(select * from ' ~ relation ~ ' where ' ~ where ~ ') as dbt_subquery') -%}
{%- endmacro %}

{#- The relation a model of this project builds, without ref() (and its parse-time dependency). -#}
{% macro project_relation(model_name) -%}
    {%- set node = graph.nodes.get('model.' ~ project_name ~ '.' ~ model_name) -%}
    {%- if node is none -%}
        {{ exceptions.raise_compiler_error('get_where_subquery: model ' ~ model_name ~ ' is not in this project') }}
    {%- endif -%}
    {%- do return(api.Relation.create(database=node.database, schema=node.schema, identifier=node.alias)) -%}
{%- endmacro %}
