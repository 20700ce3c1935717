-- Every row now in the source is in the history (by request_id) or among the
-- rejected rows (by fingerprint). A row missing here reached the source after its
-- day left the load window (it arrived later than var lookback_days): the build
-- fails naming the days, and a run with var reprocess_from picks them up.
{% set missing_days %}
    with

    source_rows as (

        select * from {{ ref('stg_litellm__spend_log_rows') }}

    ),

    history as (

        select request_id from {{ ref('stg_litellm__spend_log_history') }}

    ),

    rejections as (

        select row_fingerprint from {{ ref('stg_litellm__spend_log_rejections') }}

    ),

    missing as (

        select
            source_rows.started_at,
            source_rows.spend
        from source_rows
        left join history
            on source_rows.request_id = history.request_id
        left join rejections
            on source_rows.row_fingerprint = rejections.row_fingerprint
        where
            (source_rows.rejection_reason is null and history.request_id is null)
            or (source_rows.rejection_reason is not null and rejections.row_fingerprint is null)

    ),

    missing_days as (

        select
            cast(started_at as date) as utc_day,
            count(*) as missing_rows,
            sum(spend) as missing_spend
        from missing
        group by cast(started_at as date)

    )

    select
        utc_day,
        missing_rows,
        missing_spend,
        {{ dbt.concat([
            "cast(utc_day as " ~ dbt.type_string() ~ ")", "': '",
            "cast(missing_rows as " ~ dbt.type_string() ~ ")", "' rows, spend '",
            "coalesce(cast(missing_spend as " ~ dbt.type_string() ~ "), '0')",
        ]) }} as message
    from missing_days
{% endset %}

{{ raise_if_rows(
    missing_days,
    'message',
    'Source rows are missing from the history, on these UTC days (they arrived after their day left the '
    ~ 'lookback window). Load them with: dbt build --vars \'{"reprocess_from": "<earliest day>"}\''
) }}

{{ missing_days }}
