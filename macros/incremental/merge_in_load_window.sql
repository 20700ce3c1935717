{#-
    Incremental strategy for the accumulating history: delete+insert on unique_key,
    with the delete bounded to this run's load window. Every copy of a request
    shares its start time, so a replaced copy is always inside the window; without
    the bound the delete would probe every key of the history, and a run would cost
    in proportion to everything ever loaded instead of to the new data. The insert
    keeps the history in started_at order (see the model), which the bounded delete
    and every window read rely on to skip the rest of the history.
-#}
{% macro get_incremental_merge_in_load_window_sql(arg_dict) %}
    {%- set target = arg_dict['target_relation'] -%}
    {%- set new_rows = arg_dict['temp_relation'] -%}
    {%- set unique_key = arg_dict['unique_key'] -%}
    {%- set columns = get_quoted_csv(arg_dict['dest_columns'] | map(attribute='name')) -%}
    delete from {{ target }}
    where {{ started_in_load_window('started_at') }}
        and {{ unique_key }} in (select new_rows.{{ unique_key }} from {{ new_rows }} as new_rows);
    insert into {{ target }} ({{ columns }})
    select {{ columns }} from {{ new_rows }}
    order by started_at
{% endmacro %}
