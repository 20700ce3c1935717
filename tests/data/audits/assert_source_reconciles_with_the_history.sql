-- Audit over what this run read (run_window's load set, as the source held it when
-- the run started; everything on a first run), in one read of the source:
-- 1. every source row is in the history or among the rejected rows: a row missing
--    after the load is lost, and its UTC day is named (rows that reached the source
--    late are not lost: run_window loads them, so they never fail this);
-- 2. the source's rows equal the held requests + duplicate deliveries + rejected
--    rows, and its finite spend equals the history's spend for every delivered copy
--    + the rejected rows' finite spend. Duplicates are counted from the source, so
--    the row identity checks that every valid request is held once and that the
--    rejected rows were kept with their multiplicity; the spend identity checks the
--    exact conversion of every cent (a re-delivery whose spend differs from the kept
--    copy fails it, by design).
-- One audit, not two, and one aggregate rather than joins per request: reading the
-- staged source and matching 10M ids is the most expensive step of a full build.
{% set unreconciled %}
    with

    read_rows as (

        select
            request_id,
            rejection_reason,
            row_fingerprint,
            cast(started_at as date) as utc_day,
            case
                when raw_spend is not null and {{ is_finite_number('raw_spend') }}
                    then {{ float_to_money('raw_spend') }}
                else 0
            end as finite_spend
        from {{ ref('stg_litellm__spend_logs') }}
        where {{ read_by_this_run() }}

    ),

    request_copies as (

        -- One aggregate over the source's valid ids and the history's copies, instead
        -- of joins: Postgres, which cannot estimate a CTE's size, ran those as one
        -- index probe per request. A request read but not held is missing; held
        -- twice, or held with another spend, breaks an identity below. The held
        -- copies are those where this run reads (the whole history when a request's
        -- start time moved, and then only those of the ids read).
        select
            request_id,
            sum(source_copy) as delivered_copies,
            sum(held_copy) as held_copies,
            sum(held_spend) as held_spend,
            max(utc_day) as utc_day
        from (
            select
                request_id,
                1 as source_copy,
                0 as held_copy,
                0 as held_spend,
                utc_day
            from read_rows
            where rejection_reason is null
            union all
            select
                history.request_id,
                0 as source_copy,
                1 as held_copy,
                history.spend as held_spend,
                cast(null as date) as utc_day
            from {{ held_where_this_run_reads() }} as history
            {%- if run_window_has_moved_requests() %}
            where history.request_id in (select read_rows.request_id from read_rows where read_rows.rejection_reason is null)
            {%- endif %}
        ) as copies
        group by request_id

    ),

    rejected_fingerprints as (

        select
            row_fingerprint,
            count(*) as source_copies,
            sum(finite_spend) as finite_spend
        from read_rows
        where rejection_reason is not null
        group by row_fingerprint

    ),

    rejected_held as (

        select
            coalesce(sum(rejections.delivery_count), 0) as held_rows,
            coalesce(sum(rejected_fingerprints.finite_spend), 0) as finite_spend
        from rejected_fingerprints
        inner join {{ ref('spend_log_rejections') }} as rejections
            on rejected_fingerprints.row_fingerprint = rejections.row_fingerprint

    ),

    read_totals as (

        select
            count(*) as raw_rows,
            coalesce(sum(finite_spend), 0) as raw_finite_spend
        from read_rows

    ),

    missing_requests as (

        select utc_day
        from request_copies
        where delivered_copies > 0
            and held_copies = 0

    ),

    missing_rejections as (

        select read_rows.utc_day
        from read_rows
        left join {{ ref('spend_log_rejections') }} as rejections
            on read_rows.row_fingerprint = rejections.row_fingerprint
        where read_rows.rejection_reason is not null
            and rejections.row_fingerprint is null

    ),

    missing_days as (

        select
            {{ dbt.concat([
                "coalesce(cast(utc_day as " ~ dbt.type_string() ~ "), 'no start time')", "': '",
                "cast(count(*) as " ~ dbt.type_string() ~ ")",
                "' source rows missing from the history and the rejected rows'",
            ]) }} as message
        from (
            select utc_day from missing_requests
            union all
            select utc_day from missing_rejections
        ) as missing
        group by utc_day

    ),

    held_totals as (

        -- A request missing from the history, or held twice, breaks the row identity;
        -- a held copy whose spend differs from the delivered one breaks the spend identity.
        select
            coalesce(sum(held_copies), 0) as held_requests,
            coalesce(sum(delivered_copies - 1), 0) as duplicate_deliveries,
            coalesce(sum(delivered_copies * held_spend), 0) as delivered_spend
        from request_copies
        where delivered_copies > 0

    ),

    identities as (

        select
            {{ dbt.concat([
                "'source rows '", "cast(read_totals.raw_rows as " ~ dbt.type_string() ~ ")",
                "' <> held '", "cast(held_totals.held_requests as " ~ dbt.type_string() ~ ")",
                "' + duplicates '", "cast(held_totals.duplicate_deliveries as " ~ dbt.type_string() ~ ")",
                "' + rejected '", "cast(rejected_held.held_rows as " ~ dbt.type_string() ~ ")",
                "', or source finite spend '", "cast(read_totals.raw_finite_spend as " ~ dbt.type_string() ~ ")",
                "' <> held '", "cast(held_totals.delivered_spend as " ~ dbt.type_string() ~ ")",
                "' + rejected '", "cast(rejected_held.finite_spend as " ~ dbt.type_string() ~ ")",
            ]) }} as message
        from read_totals
        cross join held_totals
        cross join rejected_held
        where read_totals.raw_rows
            <> held_totals.held_requests + held_totals.duplicate_deliveries + rejected_held.held_rows
            or read_totals.raw_finite_spend <> held_totals.delivered_spend + rejected_held.finite_spend

    )

    select message from missing_days
    union all
    select message from identities
{% endset %}

{{ raise_if_rows(
    unreconciled, 'message',
    'The source rows this run read do not reconcile with the history and the rejected rows; nothing was '
    ~ 'published. This is a bug, not bad data: rerun, and report it if it persists'
) }}
