-- Every row now in the source is in the history or among the rejected rows.
-- Inside this run's load window that is checked row by row. Before it, a day whose
-- source has more rows than when it was loaded (stg_litellm__spend_log_source_day_counts)
-- got rows after it left the window, later than var lookback_days: the build fails
-- naming the days, and a run with var reprocess_from picks them up. (Retention
-- purges only ever lower a day's count.) Rows without a request_id have no id to
-- look up: inside the window assert_source_window_reconciles counts them among the
-- rejected rows, and a late one before it raises its day's count here. Nothing in
-- this test reads the whole source beyond its start times.
{% set missing_days %}
    with

    window_ids as (

        select
            source_rows.request_id,
            source_rows."startTime" as started_at
        from {{ source('litellm', 'spend_logs') }} as source_rows
        where {{ started_in_load_window('source_rows."startTime"') }}
            and trim(source_rows.request_id) <> ''

    ),

    held_ids as (

        select history.request_id
        from {{ ref('stg_litellm__spend_log_history') }} as history
        where {{ started_in_load_window('history.started_at') }}
        union all
        select rejections.request_id
        from {{ ref('stg_litellm__spend_log_rejections') }} as rejections
        where rejections.request_id is not null

    ),

    missing_in_window as (

        select
            cast(window_ids.started_at as date) as utc_day,
            count(*) as missing_rows
        from window_ids
        left join held_ids
            on window_ids.request_id = held_ids.request_id
        where held_ids.request_id is null
        group by cast(window_ids.started_at as date)

    ),

    source_days as (

        select
            cast("startTime" as date) as utc_day,
            count(*) as source_rows
        from {{ source('litellm', 'spend_logs') }}
        where "startTime" is not null
        group by cast("startTime" as date)

    ),

    grown_days as (

        select
            source_days.utc_day,
            source_days.source_rows - coalesce(recorded.source_rows, 0) as missing_rows
        from source_days
        left join {{ ref('stg_litellm__spend_log_source_day_counts') }} as recorded
            on source_days.utc_day = recorded.utc_day
        where source_days.source_rows > coalesce(recorded.source_rows, 0)

    ),

    missing as (

        select
            utc_day,
            missing_rows
        from missing_in_window
        union all
        select
            utc_day,
            missing_rows
        from grown_days

    )

    select
        utc_day,
        sum(missing_rows) as missing_rows,
        {{ dbt.concat([
            "cast(utc_day as " ~ dbt.type_string() ~ ")", "': '",
            "cast(sum(missing_rows) as " ~ dbt.type_string() ~ ")", "' rows'",
        ]) }} as message
    from missing
    group by utc_day
{% endset %}

{{ raise_if_rows(
    missing_days,
    'message',
    'Source rows are missing from the history, on these UTC days (they arrived after their day left the '
    ~ 'lookback window). Load them with: dbt build --vars \'{"reprocess_from": "<earliest day>"}\''
) }}
