{#-
    Predicates on this run's window (run/run_window), the only way models and
    audits ask "is this row part of what this run reads or rewrites?":

      in_load_set(start_column)     source or history rows whose UTC start time
                                    lies in what this run reads from the source
      in_rebuild_days(date_column)  rows of the spend_dates this run rebuilds and
                                    publishes
      rewritten_by_this_run(column) for audits: in_load_set when the column is
                                    started_at (history layer), in_rebuild_days
                                    when it is spend_date (day-grained tables)

    Models and singular tests pass no window and get ref('run_window'); a generic
    test's where-placeholder (macros/tests/get_where_subquery.sql) passes the
    relation itself, since a generic test cannot declare a ref.

    When the node runs, run_window exists and the bounds are read from it once and
    written into the SQL as literals: DuckDB skips row groups by zone maps only for
    constants, and Postgres can then use the start-time index. Where run_window
    does not exist yet (dbt compile on an empty database, sqlfluff) the bounds
    stay subqueries.
-#}

{% macro in_load_set(start_column='started_at', window=none) %}
    {%- set window = window or ref('run_window') -%}
    {%- if not run_window_is_built(window) -%}
    ({{ start_column }} >= coalesce(
        (select max(window_rows.load_from) from {{ window }} as window_rows),
        cast('1900-01-01 00:00:00' as {{ dbt.type_timestamp() }})
    ) or cast({{ start_column }} as date) in (
        select window_rows.utc_day from {{ window }} as window_rows where window_rows.load_kind = 'grown'
    ))
    {%- else -%}
        {%- set load_from = run_query('select max(load_from) from ' ~ window).columns[0].values()[0] -%}
        {%- set fresh = run_query("select count(*) from " ~ window ~ " where load_kind = 'everything'").columns[0].values()[0] -%}
        {%- if fresh > 0 -%}
            (1 = 1)
        {%- else -%}
            {%- set ranges = [start_column ~ ' >= ' ~ timestamp_literal(load_from)] -%}
            {%- set grown = run_query("select utc_day from " ~ window ~ " where load_kind = 'grown' order by 1") -%}
            {%- for day in grown.columns[0].values() -%}
                {%- do ranges.append('(' ~ start_column ~ ' >= ' ~ timestamp_literal(day) ~ ' and '
                    ~ start_column ~ ' < ' ~ timestamp_literal(day + modules.datetime.timedelta(days=1)) ~ ')') -%}
            {%- endfor -%}
            ({{ ranges | join(' or ') }})
        {%- endif -%}
    {%- endif -%}
{% endmacro %}

{#-
    Once run_window is built, the rebuilt days are written as date literals (a long
    list as its range, with the subquery), so DuckDB prunes row groups and Postgres
    uses an index: a subquery's days are only known when the query runs, and the
    engines then read every day of the table. The start_column bound lets engines
    prune by start time too: a spend_date starts at most one day before its UTC date.
-#}
{% macro in_rebuild_days(date_column='spend_date', start_column=none, window=none) %}
    {%- set window = window or ref('run_window') -%}
    {%- set subquery = date_column ~ ' in (\n        select window_rows.spend_date from ' ~ window
        ~ " as window_rows where window_rows.window_part = 'rebuild'\n    )" -%}
    {%- if not run_window_is_built(window) -%}
        {{ return(subquery) }}
    {%- endif -%}
    {%- set days = run_query(
        "select distinct spend_date from " ~ window ~ " where window_part = 'rebuild' order by 1"
    ).columns[0].values() -%}
    {%- if days | length == 0 -%}
        {{ return('(1 = 0)') }}
    {%- endif -%}
    {%- set literals = [] -%}
    {%- for day in days -%}
        {%- do literals.append('date ' ~ dbt.string_literal(day.strftime('%Y-%m-%d'))) -%}
    {%- endfor -%}
    {%- if days | length <= 400 -%}
        {%- set predicate = date_column ~ ' in (' ~ (literals | join(', ')) ~ ')' -%}
    {%- else -%}
        {%- set predicate = date_column ~ ' between ' ~ literals[0] ~ ' and ' ~ literals[-1] ~ '\n    and ' ~ subquery -%}
    {%- endif -%}
    {%- if start_column -%}
        {%- set predicate = predicate ~ '\n    and ' ~ start_column ~ ' >= '
            ~ timestamp_literal(days[0] - modules.datetime.timedelta(days=1)) -%}
    {%- endif -%}
    {{ return(predicate) }}
{% endmacro %}

{#- False in a unit test, where ref('run_window') names a fixture, not a table. -#}
{% macro run_window_is_built(window) %}
    {%- if not execute or window.schema is not defined or not window.schema -%}
        {{ return(false) }}
    {%- endif -%}
    {{ return(adapter.get_relation(window.database, window.schema, window.identifier) is not none) }}
{% endmacro %}

{#- To the microsecond: a run's start compared with rows written in the same second. -#}
{% macro timestamp_literal(value) %}
    {%- if value is none -%}
        {{ return("cast('1900-01-01 00:00:00' as " ~ dbt.type_timestamp() ~ ")") }}
    {%- endif -%}
    {{ return('cast(' ~ dbt.string_literal(value.strftime('%Y-%m-%d %H:%M:%S.%f')) ~ ' as ' ~ dbt.type_timestamp() ~ ')') }}
{% endmacro %}

{#- The rows of a table this run rewrote: the one way audits are scoped to a run. -#}
{% macro rewritten_by_this_run(column, window=none) %}
    {%- if column == 'started_at' -%}
        {{ return(in_load_set(column, window)) }}
    {%- elif column == 'spend_date' -%}
        {{ return(in_rebuild_days(column, none, window)) }}
    {%- endif -%}
    {{ exceptions.raise_compiler_error('rewritten_by_this_run: a table is rewritten by started_at (history layer) or spend_date (day tables), not ' ~ column) }}
{% endmacro %}

{#-
    Source rows that were in the source when this run started. A row written while
    the run is going (LiteLLM writes all the time) is the next run's to load, and an
    audit must not count it as lost. created_at where LiteLLM has it (newer
    versions), else the start time.
-#}
{% macro existed_when_run_started(created_column='source_created_at', start_column='started_at') %}
    coalesce({{ created_column }}, {{ start_column }}) < {{ timestamp_literal(run_started_at) }}
{% endmacro %}

{#- Staged source rows this run read: its load set (rows without a start time belong to
    every run), as the source held it when the run started. What the audits check. -#}
{% macro read_by_this_run(start_column='started_at') %}
    {%- if deep_check() %}
    {{ existed_when_run_started(start_column=start_column) }}
    {%- else %}
    ({{ in_load_set(start_column) }} or {{ start_column }} is null)
    and {{ existed_when_run_started(start_column=start_column) }}
    {%- endif %}
{% endmacro %}

{#- Whether run_window saw a request whose start time moved: held copies outside the load set then matter. -#}
{% macro run_window_has_moved_requests() %}
    {%- if not execute -%}
        {{ return(true) }}
    {%- endif -%}
    {%- set moved = run_query(
        "select count(*) from " ~ ref('run_window') ~ " where window_part = 'rebuild' and moved_requests > 0"
    ).columns[0].values()[0] -%}
    {{ return(moved > 0) }}
{% endmacro %}

{#-
    The rows of a history-layer table (`relation`, default the history) that can hold
    a copy of what this run read: those in the load set, and, only when run_window saw
    a request whose start time moved, the rest too. Reading only the load set keeps a
    run's cost to its new data; a moved request is rare and costs one full read then,
    as the deep check (var deep_check) does every time.
-#}
{% macro held_where_this_run_reads(relation=none) %}
    {%- set relation = relation or ref('spend_log_history') -%}
    {%- set in_this_run = in_load_set('started_at') -%}
    {%- if deep_check() or run_window_has_moved_requests() -%}
        (select * from {{ relation }})
    {%- else -%}
        (select * from {{ relation }} where {{ in_this_run }}{{ spark_day_bound(relation, 'started_at') }})
    {%- endif -%}
{% endmacro %}
