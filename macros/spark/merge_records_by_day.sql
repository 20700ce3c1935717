{#-
    macros/spark/ holds what is Spark's alone, with no default to sit beside (spark__
    variants of cross-db macros are in cross_db/, the strategies' in incremental/).

    merge_records on a day-partitioned history table (spark_day_partitions.sql): only
    the partitions of the days this run touches are rewritten, those holding a new row
    or a held row merge_records_replaced names (the load set's days, and the old days
    of moved requests, found by key then). Spark will not overwrite a table it reads,
    so the touched days' complete new image is staged first, as <t>__dbt_image_<run>;
    then <t>__dbt_touched_<run> lists the days (a CREATE TABLE AS registers the table
    only after its files are written, so the list exists only beside a complete image);
    then a dynamic partition overwrite puts the image in, and the touched days the
    image has no rows of are dropped. Spark's commit deletes a partition and renames
    the new one in: a kill there loses held rows until spark_replay_day_images (on the
    next run's start) writes the image again; the list and image go only after that.
-#}
{% macro spark_merge_records_by_day(target, staged, column_names, unique_key) %}
    {%- set day = spark_day_column() -%}
    {%- set columns = get_quoted_csv(column_names | reject('equalto', day) | list) -%}
    {%- set replaced = merge_records_replaced(unique_key, staged) -%}
    {%- set new_day = 'cast(started_at as date)' -%}
    {%- if not replaced -%}
        {%- do run_query('insert into table ' ~ target ~ ' partition (' ~ day ~ ') select ' ~ columns ~ ', '
            ~ new_day ~ ' from ' ~ staged ~ ' order by started_at') -%}
        {{ return(none) }}
    {%- endif -%}
    {%- set replaced_rows = 'coalesce((' ~ (replaced | join(') or (')) ~ '), false)' -%}
    {%- set pruned = spark_load_set_days(day) if config.get('merge_bound') and replaced | length == 1 else '(1 = 1)' -%}
    {%- set touched = run_query(
        'select distinct ' ~ new_day ~ ' from ' ~ staged
        ~ ' union select distinct ' ~ day ~ ' from ' ~ target ~ ' where ' ~ pruned ~ ' and ' ~ replaced_rows
    ).columns[0].values() | list -%}
    {%- if not touched -%}
        {{ return(none) }}
    {%- endif -%}
    {%- set suffix = spark_run_suffix() -%}
    {%- set image = target.incorporate(path={'identifier': target.identifier ~ '__dbt_image_' ~ suffix}) -%}
    {%- set listed = target.incorporate(path={'identifier': target.identifier ~ '__dbt_touched_' ~ suffix}) -%}
    {%- do run_query(
        'create table ' ~ image ~ ' using parquet as'
        ~ ' select ' ~ columns ~ ', ' ~ day ~ ' from ' ~ target
        ~ ' where ' ~ spark_in_days(day, touched) ~ ' and not ' ~ replaced_rows
        ~ ' union all select ' ~ columns ~ ', ' ~ new_day ~ ' from ' ~ staged
    ) -%}
    {%- set values = [] -%}
    {%- for touched_day in touched -%}
        {%- do values.append('(' ~ (spark_date_literal(touched_day) if touched_day is not none else 'cast(null as date)') ~ ')') -%}
    {%- endfor -%}
    {%- do run_query('create table ' ~ listed ~ ' using parquet as select * from values ' ~ values | join(', ') ~ ' as touched(' ~ day ~ ')') -%}
    {%- do spark_test_pause(target.identifier, 'overwrite') -%}
    {%- do spark_replay_day_image(target, image, listed) -%}
{% endmacro %}

{#- Puts a staged image in, drops the touched days it has no rows of, then the image. Idempotent. -#}
{% macro spark_replay_day_image(target, image, listed) %}
    {%- set day = spark_day_column() -%}
    {%- set columns = get_quoted_csv(adapter.get_columns_in_relation(target) | map(attribute='name') | reject('equalto', day) | list) -%}
    {%- do run_query('set spark.sql.sources.partitionOverwriteMode = DYNAMIC') -%}
    {%- do run_query('insert overwrite table ' ~ target ~ ' partition (' ~ day ~ ') select ' ~ columns ~ ', ' ~ day
        ~ ' from ' ~ image ~ ' order by started_at') -%}
    {%- set emptied = run_query(
        'select ' ~ day ~ ' from ' ~ listed ~ ' where ' ~ day ~ ' is not null and ' ~ day
        ~ ' not in (select distinct ' ~ day ~ ' from ' ~ image ~ ' where ' ~ day ~ ' is not null)'
    ).columns[0].values() -%}
    {%- for emptied_day in emptied -%}
        {%- do run_query('alter table ' ~ target ~ ' drop if exists partition (' ~ day ~ ' = ' ~ spark_date_literal(emptied_day) ~ ')') -%}
    {%- endfor -%}
    {%- do run_query('drop table if exists ' ~ listed) -%}
    {%- do run_query('drop table if exists ' ~ image) -%}
{% endmacro %}

{#-
    A test hook (tests/pytest/test_spark_kills.py): with SPEND_SPARK_PAUSE_AT set to
    <model>:<point>, the run logs a marker line there and sleeps in a Spark query, for
    the test to kill it at that point. Unset, it costs one env lookup.
-#}
{% macro spark_test_pause(model_name, point) %}
    {%- if env_var('SPEND_SPARK_PAUSE_AT', '') == model_name ~ ':' ~ point -%}
        {{ log('SPEND_SPARK_PAUSED ' ~ model_name ~ ':' ~ point, info=true) }}
        {%- do run_query("select reflect('java.lang.Thread', 'sleep', cast(600000 as bigint))") -%}
    {%- endif -%}
{% endmacro %}
