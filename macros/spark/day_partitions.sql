{#-
    macros/spark/ holds what is Spark's alone, with no default to sit beside (spark__
    variants of cross-db macros are in cross_db/, the strategies' in incremental/).

    The history tables that grow with requests (config partition_by: started_utc_day,
    Spark only, dbt_project.yml) are Parquet partitioned by the UTC day of started_at,
    so a run rewrites only the days it touches (spark_merge_records_by_day). Spark
    partitions on table columns only: started_utc_day is a column of the Spark table
    alone, derived here when dbt creates the table; the models and the DuckDB and
    Postgres tables do not have it.
-#}
{% macro spark_day_column() %}{{ return('started_utc_day') }}{% endmacro %}

{% macro spark_is_day_partitioned() %}
    {%- set partition_by = config.get('partition_by') -%}
    {{ return(partition_by == spark_day_column() or partition_by == [spark_day_column()]) }}
{% endmacro %}

{% macro spark__create_table_as(temporary, relation, compiled_code, language='sql') %}
    {%- if not temporary and language == 'sql' and spark_is_day_partitioned() -%}
        {%- set compiled_code = 'select with_day.*, cast(with_day.started_at as date) as ' ~ spark_day_column()
            ~ ' from (' ~ compiled_code ~ ') as with_day order by with_day.started_at' -%}
    {%- endif -%}
    {{ return(dbt.spark__create_table_as(temporary, relation, compiled_code, language)) }}
{% endmacro %}

{#-
    A run's own suffix for the tables it stages. A kill during a CREATE TABLE AS
    leaves the files without the table, and Spark refuses to create a table where
    files are (LOCATION_ALREADY_EXISTS): a fixed name would block every later run.
-#}
{% macro spark_run_suffix() %}
    {{ return(run_started_at.strftime('%Y%m%d%H%M%S%f')) }}
{% endmacro %}

{#- The days the load set can hold rows of, on the day column: in_load_set's bounds by day. -#}
{% macro spark_load_set_days(day_column, window=none) %}
    {%- set window = window or ref('run_window') -%}
    {%- set load_from = run_query('select max(load_from) from ' ~ window).columns[0].values()[0] -%}
    {%- set fresh = run_query("select count(*) from " ~ window ~ " where load_kind = 'everything'").columns[0].values()[0] -%}
    {%- if fresh > 0 or load_from is none -%}
        {{ return('(1 = 1)') }}
    {%- endif -%}
    {%- set grown = run_query("select utc_day from " ~ window ~ " where load_kind = 'grown'").columns[0].values() -%}
    {%- set ranges = [day_column ~ ' >= ' ~ spark_date_literal(load_from)] -%}
    {%- for day in grown -%}
        {%- do ranges.append(day_column ~ ' = ' ~ spark_date_literal(day)) -%}
    {%- endfor -%}
    {{ return('(' ~ (ranges | join(' or ')) ~ ')') }}
{% endmacro %}

{#-
    in_load_set's bound on started_at again on the day column, for a read of a
    day-partitioned table: Spark derives no partition filter from a bound on
    started_at (EXPLAIN: PartitionFilters: []), so without it every bounded read of
    the history opens every day. The same rows either way (the day is started_at's
    UTC date); empty off Spark, for other tables and before run_window exists.
-#}
{% macro spark_day_bound(relation, start_column, window=none) %}
    {%- set window = window or ref('run_window') -%}
    {%- if target.type != 'spark' or start_column != 'started_at' or not run_window_is_built(window) -%}
        {{ return('') }}
    {%- endif -%}
    {%- for node in graph.nodes.values() if node.resource_type == 'model'
            and (node.alias or node.name) == relation.identifier and node.schema == relation.schema
            and node.config.get('partition_by') in [spark_day_column(), [spark_day_column()]] -%}
        {{ return(' and ' ~ spark_load_set_days(spark_day_column(), window)) }}
    {%- endfor -%}
    {{ return('') }}
{% endmacro %}

{% macro spark_date_literal(value) %}
    {{ return('date' ~ dbt.string_literal(value.strftime('%Y-%m-%d'))) }}
{% endmacro %}

{#- Rows of the given days (none = the rows without a start time, Hive's default partition). -#}
{% macro spark_in_days(day_column, days) %}
    {%- set literals = [] -%}
    {%- for day in days if day is not none -%}
        {%- do literals.append(spark_date_literal(day)) -%}
    {%- endfor -%}
    {%- set terms = ['false'] -%}
    {%- if literals -%}
        {%- do terms.append(day_column ~ ' in (' ~ (literals | join(', ')) ~ ')') -%}
    {%- endif -%}
    {%- if none in days -%}
        {%- do terms.append(day_column ~ ' is null') -%}
    {%- endif -%}
    {{ return('(' ~ (terms | join(' or ')) ~ ')') }}
{% endmacro %}
