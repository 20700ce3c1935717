-- Audit: every source row this run read (run_window's load set, as the source held
-- it when the run started) is in the history or among the rejected rows. A row
-- missing after the load is lost: the build fails naming its UTC days, and the
-- marts are not published. Rows that reached the source late are not lost: run_window
-- loads them (self-healing), so they never fail this check.
{% set missing_days %}
    with

    read_rows as (

        select
            request_id,
            rejection_reason,
            row_fingerprint,
            cast(started_at as date) as utc_day
        from {{ ref('stg_litellm__spend_logs') }}
        where {{ read_by_this_run() }}

    ),

    missing_requests as (

        select read_rows.utc_day
        from read_rows
        left join {{ held_where_this_run_reads() }} as history
            on read_rows.request_id = history.request_id
        where read_rows.rejection_reason is null
            and history.request_id is null

    ),

    missing_rejections as (

        select read_rows.utc_day
        from read_rows
        left join {{ ref('spend_log_rejections') }} as rejections
            on read_rows.row_fingerprint = rejections.row_fingerprint
        where read_rows.rejection_reason is not null
            and rejections.row_fingerprint is null

    ),

    missing as (

        select utc_day from missing_requests
        union all
        select utc_day from missing_rejections

    )

    select
        utc_day,
        count(*) as missing_rows,
        {{ dbt.concat([
            "coalesce(cast(utc_day as " ~ dbt.type_string() ~ "), 'no start time')", "': '",
            "cast(count(*) as " ~ dbt.type_string() ~ ")", "' rows'",
        ]) }} as message
    from missing
    group by utc_day
{% endset %}

{{ raise_if_rows(
    missing_days,
    'message',
    'Source rows this run read are missing from the history and the rejected rows, on these UTC days. '
    ~ 'Nothing was published; this is a bug, not bad data: rerun, and report it if it persists'
) }}
