{#-
    versioned_days: how a mart is published on Spark, atomically (the billing marts;
    dbt_project.yml picks it on Spark only). The mart is a view, its name and columns
    unchanged, over two tables:
      <mart>__days       the rows, partitioned by (spend_date, published_by), where
                         published_by names the run that wrote them;
      <mart>__published  the registry: one row (spend_date, published_by) per day a
                         run published, a day left without rows included (tombstone).
    The view shows, per spend_date, the rows of the latest published_by registered.
    A run only appends partitions of its own published_by (never rewrites a live one),
    then commits by appending ONE file of registry rows, its publish: a reader sees
    every day of the run or none. Superseded and orphaned (killed-run) partitions are
    dropped after the commit. A run killed anywhere leaves the mart as before (not yet
    committed) or as after (committed); the next run rebuilds the unpublished days.

    First build: the tables are created and the view on them. A mart that is still a
    plain table (the layout before) is adopted once, its rows registered as the
    earliest publish. --full-refresh publishes every day of the model anew, and a
    tombstone for every registered day it no longer has; readers see the old days
    until its commit. on_schema_change=fail and the contract hold as in incremental.
-#}
{% materialization versioned_days, adapter='spark' %}
    {%- set view = this.incorporate(type='view') -%}
    {%- set data = this.incorporate(path={'identifier': this.identifier ~ '__days'}, type='table') -%}
    {%- set registry = this.incorporate(path={'identifier': this.identifier ~ '__published'}, type='table') -%}
    {#- Text that sorts by time (a number-like one would be read back as a number). -#}
    {%- set run_id = 'at' ~ spark_run_suffix() ~ 'p' -%}
    {%- set new_rows = this.incorporate(path={'identifier': this.identifier ~ '__dbt_tmp'}).include(database=false, schema=false) -%}
    {{ run_hooks(pre_hooks) }}
    {%- if config.get('contract').enforced -%}
        {%- do get_assert_columns_equivalent(sql) -%}
    {%- endif -%}
    {%- set existing = load_relation(this) -%}
    {%- if existing is not none and not existing.is_view -%}
        {%- do versioned_days_adopt(existing, data, registry, 'at' ~ spark_run_suffix() ~ 'a') -%}
    {%- elif load_relation(data) is not none and load_relation(registry) is none -%}
        {#- Killed before its first commit: nothing was ever published from it. -#}
        {%- do run_query('drop table if exists ' ~ data) -%}
        {%- do adapter.cache_dropped(data) -%}
    {%- endif -%}
    {%- call statement('new_rows') -%}
        create or replace temporary view {{ new_rows }} as {{ sql }}
    {%- endcall -%}
    {%- set columns = adapter.get_columns_in_relation(new_rows) -%}
    {%- if load_relation(data) is none -%}
        {%- do spark_test_pause(this.identifier, 'write') -%}
        {%- do run_query('create table ' ~ data ~ ' using parquet partitioned by (spend_date, published_by) as select new_rows.*, '
            ~ dbt.string_literal(run_id) ~ ' as published_by from ' ~ new_rows ~ ' as new_rows') -%}
        {%- do spark_test_pause(this.identifier, 'commit') -%}
        {%- do run_query('create table ' ~ registry ~ ' using parquet as select distinct spend_date, published_by from ' ~ data) -%}
    {%- else -%}
        {%- set held = adapter.get_columns_in_relation(data) | rejectattr('name', 'equalto', 'published_by') | list -%}
        {%- if versioned_days_signature(held) != versioned_days_signature(columns) -%}
            {{ exceptions.raise_compiler_error('The source and target schemas on this versioned_days model are out of sync (on_schema_change=fail): '
                ~ this ~ ' holds ' ~ versioned_days_signature(held) ~ ', the model gives ' ~ versioned_days_signature(columns)
                ~ '. Drop ' ~ this ~ ', ' ~ data ~ ' and ' ~ registry ~ ' to rebuild it with the new columns.') }}
        {%- endif -%}
        {%- do spark_test_pause(this.identifier, 'write') -%}
        {%- set data_columns = held | rejectattr('name', 'equalto', 'spend_date') | map(attribute='name') | list -%}
        {%- do run_query('insert into table ' ~ data ~ ' partition (spend_date, published_by) select '
            ~ get_quoted_csv(data_columns + ['spend_date']) ~ ', ' ~ dbt.string_literal(run_id) ~ ' from ' ~ new_rows) -%}
        {%- do spark_test_pause(this.identifier, 'commit') -%}
        {%- do versioned_days_commit(data, registry, run_id, should_full_refresh()) -%}
    {%- endif -%}
    {#- A standing view is left alone: Spark replaces a view by dropping it first. Its
        columns are the model's (on_schema_change=fail above), its rows the registry's. -#}
    {%- call statement('main') -%}
        {%- if existing is not none -%}
        select 1
        {%- else -%}
        create view {{ view }} as {{ versioned_days_view_sql(columns, data, registry) }}
        {%- endif -%}
    {%- endcall -%}
    {%- do spark_test_pause(this.identifier, 'cleanup') -%}
    {%- do versioned_days_cleanup(data, registry) -%}
    {%- do run_query('drop view if exists ' ~ new_rows) -%}
    {{ run_hooks(post_hooks) }}
    {{ return({'relations': [view]}) }}
{% endmaterialization %}
