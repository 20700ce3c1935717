{#-
    The one incremental mechanism for day-grained tables: replace whole days.
    Every spend_date this run rebuilds (run/run_window) is deleted, then the new
    rows of those days are inserted, in one transaction. A rebuilt day that has no
    rows any more (all its usage became BYOK, say) ends up empty, which keyed
    delete+insert would miss.

    Engines override get_incremental_replace_days_sql through adapter.dispatch
    (Spark's insert_overwrite keeps a partition that receives no rows, so it must
    empty such days on its own).
-#}
{% macro get_incremental_replace_days_sql(arg_dict) %}
    {{ return(adapter.dispatch('replace_days_sql', 'litellm_spend')(arg_dict)) }}
{% endmacro %}

{% macro default__replace_days_sql(arg_dict) %}
    {%- set target = arg_dict['target_relation'] -%}
    {%- set new_rows = arg_dict['temp_relation'] -%}
    {%- set columns = get_quoted_csv(arg_dict['dest_columns'] | map(attribute='name')) -%}
    delete from {{ target }}
    where {{ in_rebuild_days('spend_date') }};
    insert into {{ target }} ({{ columns }})
    select {{ columns }} from {{ new_rows }}
{% endmacro %}
