{#-
    macros/spark/ holds what is Spark's alone, with no default to sit beside (spark__
    variants of cross-db macros are in cross_db/, the strategies' in incremental/).

    On-run-start, Spark only, before anything reads the history (run_window does):
    - a day-partitioned history table whose last write was killed after its image was
      staged (a <t>__dbt_touched_<run> list exists) gets that image written again
      (spark_replay_day_image), so a kill during Spark's partition commit loses no row;
    - a history table of the layout before day partitions (no started_utc_day column)
      is converted once: copied, partitioned, into <t>__dbt_partitioned_<run> (the copy
      is registered only once complete), then the old table is dropped and the copy
      renamed in; a run killed between those two finds the copy and renames it;
    - tables staged by a killed run (<t>__dbt_new_<run>, an image without its list) go.
    Nothing pending costs one SHOW TABLES per history schema and one DESCRIBE per table.
-#}
{% macro spark_heal_interrupted_writes() %}
    {#- Elsewhere no SQL at all: dbt runs nothing for an empty hook. -#}
    {%- if not execute or target.type != 'spark' or flags.WHICH not in ('build', 'run') -%}
        {{ return('') }}
    {%- endif -%}
    {%- set listed_schemas = {} -%}
    {%- for node in graph.nodes.values() if node.resource_type == 'model' and node.config.get('partition_by') in [spark_day_column(), [spark_day_column()]] -%}
        {%- set key = node.database ~ '.' ~ node.schema -%}
        {%- if key not in listed_schemas -%}
            {%- set names = [] -%}
            {%- if run_query("show databases like '" ~ node.schema ~ "'") | length > 0 -%}
                {%- for row in run_query('show tables in ' ~ adapter.quote(node.schema)) if not row[2] -%}
                    {%- do names.append(row[1]) -%}
                {%- endfor -%}
            {%- endif -%}
            {%- do listed_schemas.update({key: names}) -%}
        {%- endif -%}
        {%- do spark_heal_table(node, listed_schemas[key]) -%}
    {%- endfor -%}
    {{ return('select 1') }}
{% endmacro %}

{% macro spark_heal_table(node, names) %}
    {%- set table = api.Relation.create(database=node.database, schema=node.schema, identifier=node.alias, type='table') -%}
    {%- set prefix = node.alias ~ '__dbt_' -%}
    {%- set staged = [] -%}
    {%- for name in names | sort if name.startswith(prefix) -%}
        {%- do staged.append(name) -%}
    {%- endfor -%}
    {%- set held = node.alias in names -%}
    {%- set copies = [] -%}
    {%- for name in staged if name.startswith(prefix ~ 'partitioned_') -%}
        {%- do copies.append(name) -%}
    {%- endfor -%}
    {%- if copies and not held -%}
        {#- Killed between dropping the old table and renaming the copy in. -#}
        {%- do run_query('alter table ' ~ table.incorporate(path={'identifier': copies[-1]}) ~ ' rename to ' ~ table) -%}
        {{ log('Renamed ' ~ copies[-1] ~ ' to ' ~ table ~ ' (a conversion to day partitions was interrupted).', info=true) }}
        {%- do staged.remove(copies[-1]) -%}
        {%- set held = true -%}
    {%- endif -%}
    {%- for name in staged if name.startswith(prefix ~ 'touched_') -%}
        {%- set image = table.incorporate(path={'identifier': prefix ~ 'image_' ~ name[(prefix ~ 'touched_') | length:]}) -%}
        {%- do spark_replay_day_image(table, image, table.incorporate(path={'identifier': name})) -%}
        {{ log('Replayed ' ~ image ~ ' into ' ~ table ~ ' (its last write was interrupted).', info=true) }}
    {%- endfor -%}
    {%- for name in staged if not name.startswith(prefix ~ 'touched_') -%}
        {%- do run_query('drop table if exists ' ~ table.incorporate(path={'identifier': name})) -%}
    {%- endfor -%}
    {%- if held and spark_day_column() not in (adapter.get_columns_in_relation(table) | map(attribute='name') | list) -%}
        {%- set copy = table.incorporate(path={'identifier': prefix ~ 'partitioned_' ~ spark_run_suffix()}) -%}
        {%- do run_query('create table ' ~ copy ~ ' using parquet partitioned by (' ~ spark_day_column() ~ ') as'
            ~ ' select held.*, cast(held.started_at as date) as ' ~ spark_day_column() ~ ' from ' ~ table ~ ' as held order by held.started_at') -%}
        {%- do run_query('drop table ' ~ table) -%}
        {%- do run_query('alter table ' ~ copy ~ ' rename to ' ~ table) -%}
        {{ log('Converted ' ~ table ~ ' to day partitions (' ~ spark_day_column() ~ ').', info=true) }}
    {%- endif -%}
{% endmacro %}
