{#-
    replace_days: the incremental mechanism of the day-grained tables (the marts and
    the candidate-day tables int_spend_daily_candidate, int_catalog_requested_keys):
    whole days are replaced. Every spend_date this run rebuilds (run/run_window) is
    deleted, then the new rows of those days are inserted, in one transaction. A
    rebuilt day that has no rows any more (all its usage became BYOK, say) ends up
    empty, which keyed delete+insert would miss.

    The days replaced are the run window's rebuild days (in_rebuild_days,
    macros/run/run_window_predicates.sql): the delete names them, and so does the
    select side, in the marts (candidate_days_to_publish) as in the candidate-day
    tables, so a table never holds a day half replaced.

    get_incremental_replace_days_sql is dbt's hook for the strategy; it dispatches
    replace_days_sql per engine (Spark reaches it through spark_routing.sql). The
    project's other incremental mechanisms: merge_records (the history: records
    replaced by key) and dbt's built-in append (the invoicing ledger).
-#}
{% macro get_incremental_replace_days_sql(arg_dict) %}
    {{ return(adapter.dispatch('replace_days_sql', 'litellm_spend')(arg_dict)) }}
{% endmacro %}

{#- The days a replace_days table has replaced: on its spend_date column. -#}
{% macro replace_days_replaced() %}
    {{ return(in_rebuild_days('spend_date')) }}
{% endmacro %}

{#-
    The select side of the marts: the audited candidate's rows (int_spend_daily_candidate),
    on an incremental run only those of the days replaced (on Spark, where the marts are
    versioned_days, once their tables exist: publishes_rebuilt_days_only). Every mart
    reads the candidate through this, so all publish the same days.
-#}
{% macro candidate_days_to_publish() %}
    {#- Rendered on every parse, so dbt sees the ref to run_window it makes. -#}
    {%- set rebuilt_days = replace_days_replaced() %}
    select * from {{ ref('int_spend_daily_candidate') }}
    {%- if publishes_rebuilt_days_only() %}
    where {{ rebuilt_days }}
    {%- endif %}
{% endmacro %}

{% macro default__replace_days_sql(arg_dict) %}
    {%- set target = arg_dict['target_relation'] -%}
    {%- set new_rows = arg_dict['temp_relation'] -%}
    {%- set columns = get_quoted_csv(arg_dict['dest_columns'] | map(attribute='name')) -%}
    delete from {{ target }}
    where {{ replace_days_replaced() }};
    insert into {{ target }} ({{ columns }})
    select {{ columns }} from {{ new_rows }}
{% endmacro %}

{#-
    Spark: the table is partitioned by spend_date (config partition_by), and Parquet
    cannot DELETE. INSERT OVERWRITE in dynamic mode replaces the partitions that
    receive rows; a rebuilt day that receives none keeps its old rows, so its
    partition is dropped afterwards.
-#}
{% macro spark__replace_days_sql(arg_dict) %}
    {%- set target = arg_dict['target_relation'] -%}
    {%- set partition_by = config.get('partition_by') -%}
    {%- if partition_by is string -%}{%- set partition_by = [partition_by] -%}{%- endif -%}
    {%- if partition_by != ['spend_date'] -%}
        {{ exceptions.raise_compiler_error('replace_days on Spark needs partition_by=spend_date on ' ~ target ~ ', got ' ~ partition_by) }}
    {%- endif -%}
    {%- set staged = spark_materialize_new_rows(target, arg_dict['temp_relation']) -%}
    {%- set columns = get_quoted_csv(arg_dict['dest_columns'] | map(attribute='name')) -%}
    {%- do run_query('set spark.sql.sources.partitionOverwriteMode = DYNAMIC') -%}
    {%- do run_query('insert overwrite table ' ~ target ~ ' partition (spend_date) select ' ~ columns ~ ' from ' ~ staged) -%}
    {%- set emptied = run_query(
        "select window_rows.spend_date from " ~ ref('run_window') ~ " as window_rows"
        ~ " where window_rows.window_part = 'rebuild'"
        ~ " and window_rows.spend_date not in (select distinct spend_date from " ~ staged ~ " where spend_date is not null)"
    ).columns[0].values() -%}
    {%- for day in emptied -%}
        {%- do run_query('alter table ' ~ target ~ ' drop if exists partition (spend_date = date' ~ dbt.string_literal(day.strftime('%Y-%m-%d')) ~ ')') -%}
    {%- endfor -%}
    drop table if exists {{ staged }}
{% endmacro %}
