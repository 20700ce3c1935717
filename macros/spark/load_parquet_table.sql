{#-
    macros/spark/ holds what is Spark's alone, with no default to sit beside (spark__
    variants of cross-db macros are in cross_db/, the strategies' in incremental/).

    Development: a Parquet file of one LiteLLM table becomes the Spark target's source
    table <litellm_schema>.<identifier> (litellm_spend_dev.spark_source runs it). append
    adds the file's rows by column name, as a lakehouse copy receives new logs.
-#}
{% macro load_parquet_table(path, identifier, append=false) %}
    {%- set schema = litellm_schema() -%}
    {%- set table = adapter.quote(schema) ~ '.' ~ adapter.quote(identifier) -%}
    {%- set file = 'parquet.' ~ adapter.quote(path) -%}
    {%- do run_query('create schema if not exists ' ~ adapter.quote(schema)) -%}
    {%- if append -%}
        {%- do run_query('insert into ' ~ table ~ ' by name select * from ' ~ file) -%}
    {%- else -%}
        {%- do run_query('drop table if exists ' ~ table) -%}
        {%- do run_query('create table ' ~ table ~ ' using parquet as select * from ' ~ file) -%}
    {%- endif -%}
    {%- set rows = run_query('select count(*) from ' ~ table).columns[0].values()[0] -%}
    {{ log(table ~ ': ' ~ rows ~ ' rows', info=true) }}
{% endmacro %}
