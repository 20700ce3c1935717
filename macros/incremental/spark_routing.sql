{#-
    How Spark reaches the project's two mechanisms. dbt-spark's incremental
    materialization knows only append, insert_overwrite, merge (Delta/Iceberg/Hudi)
    and microbatch, raises on any other strategy, and does not call dbt-core's
    get_incremental_<strategy>_sql. These two root-project macros shadow dbt-spark's
    of the same names: replace_days and merge_records go to their
    get_incremental_<name>_sql (replace_days.sql, merge_records.sql), whose
    spark__ variants do the work; every other strategy, dbt's built-in append of the
    invoicing ledger among them, stays dbt-spark's.

    Parquet tables cannot DELETE, and Spark refuses to overwrite a table a query
    still reads (a history model reads `this`): both variants first materialize the
    new rows into <table>__dbt_new_<run>, a real table, then write with INSERT OVERWRITE.
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
            {{ return(get_incremental_merge_records_sql(arg_dict)) }}
        {%- endif -%}
    {%- endif -%}
    {{ return(dbt.dbt_spark_get_incremental_sql(strategy, source, target, existing, unique_key, incremental_predicates)) }}
{% endmacro %}

{#- <target>__dbt_new_<run>: the temporary view's rows, as a table (a run's own name: spark_run_suffix). -#}
{% macro spark_materialize_new_rows(target, new_rows) %}
    {%- set staged = target.incorporate(path={'identifier': target.identifier ~ '__dbt_new_' ~ spark_run_suffix()}) -%}
    {%- do run_query('drop table if exists ' ~ staged) -%}
    {%- do run_query('create table ' ~ staged ~ ' using parquet as select * from ' ~ new_rows) -%}
    {{ return(staged) }}
{% endmacro %}
