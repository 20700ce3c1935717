-- Every row now in the source is in the history or among the rejected rows. A row
-- missing here reached the source after its day left the load window (later than
-- var lookback_days): the build fails naming the days, and a run with var
-- reprocess_from picks them up. Reads only the source's ids and start times, so a
-- scheduled run can afford it over the whole source.
{% set missing_days %}
    with

    source_ids as (

        select
            request_id,
            "startTime" as started_at
        from {{ source('litellm', 'spend_logs') }}
        where trim(request_id) <> ''

    ),

    held_ids as (

        select request_id from {{ ref('stg_litellm__spend_log_history') }}
        union all
        select request_id from {{ ref('stg_litellm__spend_log_rejections') }}
        where request_id is not null

    ),

    missing as (

        select source_ids.started_at
        from source_ids
        left join held_ids
            on source_ids.request_id = held_ids.request_id
        where held_ids.request_id is null

    ),

    missing_days as (

        select
            cast(started_at as date) as utc_day,
            count(*) as missing_rows
        from missing
        group by cast(started_at as date)

    ),

    source_blank_ids as (

        select count(*) as blank_rows
        from {{ source('litellm', 'spend_logs') }}
        where request_id is null or trim(request_id) = ''

    ),

    held_blank_ids as (

        select coalesce(sum(delivery_count), 0) as blank_rows
        from {{ ref('stg_litellm__spend_log_rejections') }}
        where request_id is null

    ),

    blank_ids as (

        -- Rows without a request_id can only be counted: the rejected ones held
        -- (which outlive purges) must be at least as many as the source has.
        select source_blank_ids.blank_rows - held_blank_ids.blank_rows as missing_rows
        from source_blank_ids
        cross join held_blank_ids
        where source_blank_ids.blank_rows > held_blank_ids.blank_rows

    )

    select
        utc_day,
        missing_rows,
        {{ dbt.concat([
            "cast(utc_day as " ~ dbt.type_string() ~ ")", "': '",
            "cast(missing_rows as " ~ dbt.type_string() ~ ")", "' rows'",
        ]) }} as message
    from missing_days
    union all
    select
        cast(null as date) as utc_day,
        missing_rows,
        {{ dbt.concat([
            "'rows without request_id: '", "cast(missing_rows as " ~ dbt.type_string() ~ ")", "' rows'",
        ]) }} as message
    from blank_ids
{% endset %}
{{ raise_if_rows(
    missing_days,
    'message',
    'Source rows are missing from the history, on these UTC days (they arrived after their day left the '
    ~ 'lookback window). Load them with: dbt build --vars \'{"reprocess_from": "<earliest day>"}\''
) }}

{{ missing_days }}
