{#-
    Spark (dbt-spark): its incremental materialization knows only append,
    insert_overwrite, merge (Delta/Iceberg/Hudi) and microbatch, and raises on any
    other strategy; it does not call dbt-core's get_incremental_<strategy>_sql.
    These two root-project macros shadow dbt-spark's of the same names, so the
    project's strategies (replace_days, merge_records) run on Spark too.

    Parquet tables cannot DELETE, and Spark refuses to overwrite a table a query
    still reads (a history model reads `this`): new rows are first materialized
    into <table>__dbt_new, a real table, then written with INSERT OVERWRITE.
-#}
{% macro dbt_spark_validate_get_incremental_strategy(raw_strategy, file_format) %}
    {%- if raw_strategy in ['replace_days', 'merge_records'] -%}
        {{ return(raw_strategy) }}
    {%- endif -%}
    {{ return(dbt.dbt_spark_validate_get_incremental_strategy(raw_strategy, file_format)) }}
{% endmacro %}

{% macro dbt_spark_get_incremental_sql(strategy, source, target, existing, unique_key, incremental_predicates) %}
    {%- if strategy in ['replace_days', 'merge_records'] -%}
        {%- set arg_dict = {
            'target_relation': target, 'temp_relation': source, 'unique_key': unique_key,
            'dest_columns': adapter.get_columns_in_relation(target),
            'incremental_predicates': incremental_predicates,
        } -%}
        {%- if strategy == 'replace_days' -%}
            {{ return(get_incremental_replace_days_sql(arg_dict)) }}
        {%- else -%}
            {{ return(spark__merge_records_sql(arg_dict)) }}
        {%- endif -%}
    {%- endif -%}
    {{ return(dbt.dbt_spark_get_incremental_sql(strategy, source, target, existing, unique_key, incremental_predicates)) }}
{% endmacro %}

{#- <target>__dbt_new: the temporary view's rows, as a table. -#}
{% macro spark_materialize_new_rows(target, new_rows) %}
    {%- set staged = target.incorporate(path={'identifier': target.identifier ~ '__dbt_new'}) -%}
    {%- do run_query('drop table if exists ' ~ staged) -%}
    {%- do run_query('create table ' ~ staged ~ ' using parquet as select * from ' ~ new_rows) -%}
    {{ return(staged) }}
{% endmacro %}

{#-
    replace_days on Spark: the table is partitioned by spend_date (config
    partition_by). INSERT OVERWRITE in dynamic mode replaces the partitions that
    receive rows; a rebuilt day that receives none keeps its old rows, so its
    partition is dropped afterwards.
-#}
{% macro spark__replace_days_sql(arg_dict) %}
    {%- set target = arg_dict['target_relation'] -%}
    {%- set partition_by = config.get('partition_by') -%}
    {%- if partition_by is string -%}{%- set partition_by = [partition_by] -%}{%- endif -%}
    {%- if partition_by != ['spend_date'] -%}
        {{ exceptions.raise_compiler_error('replace_days on Spark needs partition_by=spend_date on ' ~ target ~ ', got ' ~ partition_by) }}
    {%- endif -%}
    {%- set staged = spark_materialize_new_rows(target, arg_dict['temp_relation']) -%}
    {%- set columns = get_quoted_csv(arg_dict['dest_columns'] | map(attribute='name')) -%}
    {%- do run_query('set spark.sql.sources.partitionOverwriteMode = DYNAMIC') -%}
    {%- do run_query('insert overwrite table ' ~ target ~ ' partition (spend_date) select ' ~ columns ~ ' from ' ~ staged) -%}
    {%- set emptied = run_query(
        "select window_rows.spend_date from " ~ ref('run_window') ~ " as window_rows"
        ~ " where window_rows.window_part = 'rebuild'"
        ~ " and window_rows.spend_date not in (select distinct spend_date from " ~ staged ~ " where spend_date is not null)"
    ).columns[0].values() -%}
    {%- for day in emptied -%}
        {%- do run_query('alter table ' ~ target ~ ' drop if exists partition (spend_date = date' ~ dbt.string_literal(day.strftime('%Y-%m-%d')) ~ ')') -%}
    {%- endfor -%}
    drop table if exists {{ staged }}
{% endmacro %}

{#-
    merge_records on Spark: a Parquet table cannot DELETE, so the table is
    rewritten whole: the held rows the default strategy would keep (its delete
    predicates, NULL counting as "not deleted"), plus the new rows. The kept rows go
    through <target>__dbt_merged, as Spark will not overwrite a table it reads.
-#}
{% macro spark__merge_records_sql(arg_dict) %}
    {%- set target = arg_dict['target_relation'] -%}
    {%- set unique_key = arg_dict['unique_key'] -%}
    {%- set column_names = arg_dict['dest_columns'] | map(attribute='name') | list -%}
    {%- set columns = get_quoted_csv(column_names) -%}
    {%- set bound = config.get('merge_bound', none) -%}
    {%- set staged = spark_materialize_new_rows(target, arg_dict['temp_relation']) -%}
    {%- set merged = target.incorporate(path={'identifier': target.identifier ~ '__dbt_merged'}) -%}
    {%- set new_keys = 'select new_rows.' ~ unique_key ~ ' from ' ~ staged ~ ' as new_rows' if unique_key else none -%}
    {%- set deleted = [] -%}
    {%- if unique_key and bound -%}
        {%- do deleted.append('(' ~ in_load_set(bound) ~ ' and ' ~ unique_key ~ ' in (' ~ new_keys ~ '))') -%}
        {%- if run_window_has_moved_requests() -%}
            {%- do deleted.append('(not ' ~ in_load_set(bound) ~ ' and ' ~ unique_key ~ ' in (' ~ new_keys ~ '))') -%}
        {%- endif -%}
    {%- elif unique_key -%}
        {%- do deleted.append('(' ~ unique_key ~ ' in (' ~ new_keys ~ '))') -%}
    {%- endif -%}
    {%- if deleted -%}
        {%- do run_query('drop table if exists ' ~ merged) -%}
        {%- do run_query(
            'create table ' ~ merged ~ ' using parquet as'
            ~ ' select ' ~ columns ~ ' from ' ~ target
            ~ ' where not coalesce(' ~ (deleted | join(' or ')) ~ ', false)'
            ~ ' union all select ' ~ columns ~ ' from ' ~ staged
        ) -%}
        {%- do run_query(
            'insert overwrite table ' ~ target ~ ' select ' ~ columns ~ ' from ' ~ merged
            ~ (' order by started_at' if 'started_at' in column_names else '')
        ) -%}
        {%- do run_query('drop table if exists ' ~ merged) -%}
    {%- else -%}
        {%- do run_query(
            'insert into table ' ~ target ~ ' select ' ~ columns ~ ' from ' ~ staged
            ~ (' order by started_at' if 'started_at' in column_names else '')
        ) -%}
    {%- endif -%}
    drop table if exists {{ staged }}
{% endmacro %}
