{#-
    Predicates on this run's load window (stg_litellm__spend_log_load_window) and
    on the days it reprocesses (int_days_to_reprocess). Models and singular tests
    pass nothing and get ref()s; the where-placeholders of generic tests, whose
    refs dbt cannot see at parse time, pass the relations themselves.
-#}

{#- True for rows whose UTC start time is inside the window the run reads. -#}
{% macro started_in_load_window(column='started_at', load_window=none) %}
    {%- set load_window = load_window or ref('stg_litellm__spend_log_load_window') %}
    {{ column }} >= (
        select coalesce(load_from, cast('1900-01-01 00:00:00' as {{ dbt.type_timestamp() }}))
        from {{ load_window }}
    )
{% endmacro %}

{#-
    True for rows of the spend_dates this run reprocesses. The started_at bound is
    redundant but lets engines use an index or zone maps on the start time.
-#}
{% macro in_days_to_reprocess(date_column='spend_date', start_column='started_at', days_to_reprocess=none) %}
    {%- set days_to_reprocess = days_to_reprocess or ref('int_days_to_reprocess') %}
    {{ date_column }} in (select days.spend_date from {{ days_to_reprocess }} as days)
    {%- if start_column %}
    and {{ start_column }} >= (
        select coalesce(
            cast({{ dbt.dateadd('day', -1, 'min(days.spend_date)') }} as {{ dbt.type_timestamp() }}),
            cast('1900-01-01 00:00:00' as {{ dbt.type_timestamp() }})
        )
        from {{ days_to_reprocess }} as days
    )
    {%- endif %}
{% endmacro %}

{#- True for rows of the whole spend_dates the load window covers. -#}
{% macro in_load_window_days(date_column='spend_date', start_column='started_at') %}
    {{ started_in_load_window(start_column) }}
    and {{ date_column }} >= (
        select coalesce(reprocess_from_date, cast('1900-01-01' as date))
        from {{ ref('stg_litellm__spend_log_load_window') }}
    )
{% endmacro %}

