{#-
    merge_records: the incremental mechanism of the system of record (the history
    layer): records are replaced by key. The model selects only records that are new
    or changed, and each replaces the held record with the same unique_key (none:
    append only).

    With config merge_bound (a start-time column) the delete is bounded to what
    this run read (in_load_set, macros/run/run_window_predicates.sql), so a run costs
    in proportion to the new data, not to everything ever held. A request whose start
    time moved has its held copy outside that bound: run_window lists such requests'
    old days, and only then a second delete removes held copies by key outside the
    bound. Rows are inserted in started_at order when the model has that column, so
    later window reads find their rows together (zone maps, few pages).

    get_incremental_merge_records_sql is dbt's hook for the strategy; it dispatches
    merge_records_sql per engine (Spark reaches it through spark_routing.sql). The
    project's other incremental mechanisms: replace_days (marts and candidate-day
    tables: whole days replaced) and dbt's built-in append (the invoicing ledger).
-#}
{% macro get_incremental_merge_records_sql(arg_dict) %}
    {{ return(adapter.dispatch('merge_records_sql', 'litellm_spend')(arg_dict)) }}
{% endmacro %}

{#- The held records the new ones replace: one predicate per delete, on the target's columns. -#}
{% macro merge_records_replaced(unique_key, new_rows) %}
    {%- set bound = config.get('merge_bound', none) -%}
    {%- set new_keys = 'select new_rows.' ~ unique_key ~ ' from ' ~ new_rows ~ ' as new_rows' if unique_key else none -%}
    {%- set replaced = [] -%}
    {%- if unique_key and bound -%}
        {%- do replaced.append(in_load_set(bound) ~ '\n        and ' ~ unique_key ~ ' in (' ~ new_keys ~ ')') -%}
        {%- if run_window_has_moved_requests() -%}
            {%- do replaced.append('not ' ~ in_load_set(bound) ~ '\n        and ' ~ unique_key ~ ' in (' ~ new_keys ~ ')') -%}
        {%- endif -%}
    {%- elif unique_key -%}
        {%- do replaced.append(unique_key ~ ' in (' ~ new_keys ~ ')') -%}
    {%- endif -%}
    {{ return(replaced) }}
{% endmacro %}

{% macro default__merge_records_sql(arg_dict) %}
    {%- set target = arg_dict['target_relation'] -%}
    {%- set new_rows = arg_dict['temp_relation'] -%}
    {%- set column_names = arg_dict['dest_columns'] | map(attribute='name') | list -%}
    {%- set columns = get_quoted_csv(column_names) -%}
    {%- for replaced in merge_records_replaced(arg_dict['unique_key'], new_rows) %}
    delete from {{ target }}
    where {{ replaced }};
    {%- endfor %}
    insert into {{ target }} ({{ columns }})
    select {{ columns }} from {{ new_rows }}
    {%- if 'started_at' in column_names %}
    order by started_at
    {%- endif %}
{% endmacro %}

{#-
    Spark: a Parquet table cannot DELETE. A history table partitioned by day
    (spend_log_history, spend_log_rejections: macros/spark/day_partitions.sql) has
    only the partitions of the days this run touches rewritten
    (spark_merge_records_by_day). Any other (the small ones, whose size does not grow
    with requests) is rewritten whole: the held rows none of merge_records_replaced's
    predicates names (NULL counting as "not replaced"), plus the new rows, through
    <target>__dbt_merged, as Spark will not overwrite a table it reads.
-#}
{% macro spark__merge_records_sql(arg_dict) %}
    {%- set target = arg_dict['target_relation'] -%}
    {%- set column_names = arg_dict['dest_columns'] | map(attribute='name') | list -%}
    {%- set columns = get_quoted_csv(column_names) -%}
    {%- set staged = spark_materialize_new_rows(target, arg_dict['temp_relation']) -%}
    {%- set merged = target.incorporate(path={'identifier': target.identifier ~ '__dbt_merged'}) -%}
    {%- set replaced = merge_records_replaced(arg_dict['unique_key'], staged) -%}
    {%- if spark_day_column() in column_names -%}
        {%- do spark_merge_records_by_day(target, staged, column_names, arg_dict['unique_key']) -%}
    {%- elif replaced -%}
        {%- do run_query('drop table if exists ' ~ merged) -%}
        {%- do run_query(
            'create table ' ~ merged ~ ' using parquet as'
            ~ ' select ' ~ columns ~ ' from ' ~ target
            ~ ' where not coalesce((' ~ (replaced | join(') or (')) ~ '), false)'
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
