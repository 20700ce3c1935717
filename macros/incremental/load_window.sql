{#-
    Predicates on this run's load window (stg_litellm__spend_log_load_window) and
    on the days it reprocesses (int_days_to_reprocess). Models and singular tests
    pass nothing and get ref()s; the where-placeholders of generic tests, whose
    refs dbt cannot see at parse time, pass the relations themselves.

    The start-time bounds are read once when the node runs (both relations are
    built earlier in the run) and written into the SQL as literals: DuckDB skips
    row groups by zone maps only for constants, and a subquery bound made it read
    every column of the whole source before filtering. Where the relation does not
    exist yet (dbt compile on an empty database) the bound stays a subquery.
-#}

{#- True for rows whose UTC start time is inside the window the run reads. -#}
{% macro started_in_load_window(column='started_at', load_window=none) %}
    {%- set load_window = load_window or ref('stg_litellm__spend_log_load_window') -%}
    {{ column }} >= {{ bound_from_relation(
        "coalesce(load_from, cast('1900-01-01 00:00:00' as " ~ dbt.type_timestamp() ~ "))",
        load_window,
    ) }}
{% endmacro %}

{#-
    True for rows of the spend_dates this run reprocesses. The started_at bound is
    redundant but lets engines use an index or zone maps on the start time.
-#}
{% macro in_days_to_reprocess(date_column='spend_date', start_column='started_at', days_to_reprocess=none) %}
    {%- set days_to_reprocess = days_to_reprocess or ref('int_days_to_reprocess') %}
    {{ date_column }} in (select days.spend_date from {{ days_to_reprocess }} as days)
    {%- if start_column %}
    and {{ start_column }} >= {{ bound_from_relation(
        "coalesce(cast(" ~ dbt.dateadd('day', -1, 'min(spend_date)') ~ " as " ~ dbt.type_timestamp() ~ "), "
        ~ "cast('1900-01-01 00:00:00' as " ~ dbt.type_timestamp() ~ "))",
        days_to_reprocess,
    ) }}
    {%- endif %}
{% endmacro %}

{#- True for rows of the whole spend_dates the load window covers. -#}
{% macro in_load_window_days(date_column='spend_date', start_column='started_at') %}
    {{ started_in_load_window(start_column) }}
    and {{ date_column }} >= (
        select coalesce(reprocess_from_date, cast('1900-01-01' as date))
        from {{ ref('stg_litellm__spend_log_load_window') }}
    )
{% endmacro %}

{#- A timestamp bound computed from a one-row aggregate of relation: a literal once it exists. -#}
{% macro bound_from_relation(expression, relation) %}
    {%- set subquery = '(select ' ~ expression ~ ' from ' ~ relation ~ ')' -%}
    {%- if not execute or relation.schema is not defined -%}
        {{ return(subquery) }}
    {%- endif -%}
    {%- if adapter.get_relation(relation.database, relation.schema, relation.identifier) is none -%}
        {{ return(subquery) }}
    {%- endif -%}
    {%- set value = run_query('select ' ~ expression ~ ' as bound from ' ~ relation).columns[0].values()[0] -%}
    {{ return('cast(' ~ dbt.string_literal(value.strftime('%Y-%m-%d %H:%M:%S')) ~ ' as ' ~ dbt.type_timestamp() ~ ')') }}
{% endmacro %}
