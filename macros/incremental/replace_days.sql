{#-
    Incremental strategy for tables partitioned by spend_date: delete every day
    this run reprocesses (int_days_to_reprocess), then insert their new rows. A
    day that has no rows any more (all its usage became BYOK, say) is emptied,
    which delete+insert keyed on the new rows would miss.
-#}
{% macro get_incremental_replace_days_sql(arg_dict) %}
    {%- set target = arg_dict['target_relation'] -%}
    {%- set new_rows = arg_dict['temp_relation'] -%}
    {%- set columns = get_quoted_csv(arg_dict['dest_columns'] | map(attribute='name')) -%}
    delete from {{ target }}
    where spend_date in (select days.spend_date from {{ ref('int_days_to_reprocess') }} as days);
    insert into {{ target }} ({{ columns }})
    select {{ columns }} from {{ new_rows }}
{% endmacro %}
