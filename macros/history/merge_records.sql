{#-
    The incremental mechanism for the system of record (the history layer): the
    model selects only records that are new or changed, and each replaces the held
    record with the same unique_key (none: append only).

    With config merge_bound (a start-time column) the delete is bounded to what
    this run read (run/run_window's load set), so a run costs in proportion to the
    new data, not to everything ever held. A request whose start time moved has its
    held copy outside that bound: run_window lists such requests' old days, and
    only then a second delete removes held copies by key outside the bound.
    Rows are inserted in started_at order when the model has that column, so later
    window reads find their rows together (zone maps, few pages).
-#}
{% macro get_incremental_merge_records_sql(arg_dict) %}
    {%- set target = arg_dict['target_relation'] -%}
    {%- set new_rows = arg_dict['temp_relation'] -%}
    {%- set unique_key = arg_dict['unique_key'] -%}
    {%- set column_names = arg_dict['dest_columns'] | map(attribute='name') | list -%}
    {%- set columns = get_quoted_csv(column_names) -%}
    {%- set bound = config.get('merge_bound', none) -%}
    {%- set new_keys = 'select new_rows.' ~ unique_key ~ ' from ' ~ new_rows ~ ' as new_rows' if unique_key else none -%}
    {%- if unique_key and bound %}
    delete from {{ target }}
    where {{ in_load_set(bound) }}
        and {{ unique_key }} in ({{ new_keys }});
        {%- if run_window_has_moved_requests() %}
    delete from {{ target }}
    where not {{ in_load_set(bound) }}
        and {{ unique_key }} in ({{ new_keys }});
        {%- endif %}
    {%- elif unique_key %}
    delete from {{ target }}
    where {{ unique_key }} in ({{ new_keys }});
    {%- endif %}
    insert into {{ target }} ({{ columns }})
    select {{ columns }} from {{ new_rows }}
    {%- if 'started_at' in column_names %}
    order by started_at
    {%- endif %}
{% endmacro %}

{% macro run_window_has_moved_requests() %}
    {%- if not execute -%}
        {{ return(true) }}
    {%- endif -%}
    {%- set moved = run_query(
        "select count(*) from " ~ ref('run_window') ~ " where window_part = 'rebuild' and moved_requests > 0"
    ).columns[0].values()[0] -%}
    {{ return(moved > 0) }}
{% endmacro %}
