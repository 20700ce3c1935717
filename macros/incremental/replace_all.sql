{#-
    replace_all: a table rebuilt whole every run, replaced in place (delete, then
    insert, in the model's transaction) rather than swapped by renames. For the
    tables a BI reader reaches on Postgres (budget_burn, metricflow_time_spine, and
    run_published_days under the view published_days): a rename needs an exclusive
    lock, which waits for every reader's open transaction; a delete and an insert take
    only row locks, and a reader's transaction keeps seeing the rows it started with.
    On DuckDB and Spark these models stay tables (reader_safe_table).
-#}
{% macro reader_safe_table() %}
    {{ return('incremental' if target.type == 'postgres' else 'table') }}
{% endmacro %}

{% macro get_incremental_replace_all_sql(arg_dict) %}
    {%- set columns = get_quoted_csv(arg_dict['dest_columns'] | map(attribute='name')) -%}
    delete from {{ arg_dict['target_relation'] }};
    insert into {{ arg_dict['target_relation'] }} ({{ columns }})
    select {{ columns }} from {{ arg_dict['temp_relation'] }}
{% endmacro %}
