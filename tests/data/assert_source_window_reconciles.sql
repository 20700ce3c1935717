-- Over this run's load window (everything on a first run): the source's rows equal
-- staged requests + duplicate deliveries + rejected rows, and its finite spend equals
-- the history's spend for every delivered copy + the rejected rows' finite spend.
-- Duplicates are counted from the source, so the row identity checks that every
-- valid request is in the history once and that the rejected rows were kept with
-- their multiplicity; the spend identity checks the exact conversion of every cent
-- (a re-delivery whose spend differs from the kept copy fails it, by design).
{% set reconciliation %}
    with

    window_rows as (

        select
            rows_now.request_id,
            rows_now.rejection_reason,
            rows_now.row_fingerprint,
            rows_now.raw_spend
        from {{ ref('stg_litellm__spend_log_rows') }} as rows_now
        where {{ started_in_load_window('rows_now.started_at') }}
        union all
        -- Rows without a start time belong to every window.
        select
            request_id,
            rejection_reason,
            row_fingerprint,
            raw_spend
        from {{ ref('stg_litellm__spend_log_rows') }}
        where started_at is null

    ),

    source_rows as (

        select
            request_id,
            rejection_reason,
            row_fingerprint,
            case
                when raw_spend is not null and {{ is_finite_number('raw_spend') }}
                    then {{ float_to_money('raw_spend') }}
                else 0
            end as finite_spend
        from window_rows

    ),

    request_copies as (

        -- Every copy of a request shares its start time, so the window's requests are
        -- in the history's window. One aggregate over the source's valid ids and the
        -- history's, instead of a join: Postgres misjudged the grouped side and probed
        -- the history's index once per request (two thirds of this check's time).
        select
            request_id,
            sum(source_copy) as delivered_copies,
            sum(held_copy) as held_copies,
            sum(held_spend) as held_spend
        from (
            select
                request_id,
                1 as source_copy,
                0 as held_copy,
                0 as held_spend
            from source_rows
            where rejection_reason is null
            union all
            select
                history.request_id,
                0 as source_copy,
                1 as held_copy,
                history.spend as held_spend
            from {{ ref('stg_litellm__spend_log_history') }} as history
            where {{ started_in_load_window('history.started_at') }}
        ) as copies
        group by request_id

    ),

    rejected_fingerprints as (

        select
            row_fingerprint,
            count(*) as source_copies,
            sum(finite_spend) as finite_spend
        from source_rows
        where rejection_reason is not null
        group by row_fingerprint

    ),

    rejected_held as (

        select
            coalesce(sum(rejections.delivery_count), 0) as held_rows,
            coalesce(sum(rejected_fingerprints.finite_spend), 0) as finite_spend
        from rejected_fingerprints
        inner join {{ ref('stg_litellm__spend_log_rejections') }} as rejections
            on rejected_fingerprints.row_fingerprint = rejections.row_fingerprint

    ),

    raw_totals as (

        select
            count(*) as raw_rows,
            coalesce(sum(finite_spend), 0) as raw_finite_spend
        from source_rows

    ),

    staged_totals as (

        -- A request missing from the history, or held twice, breaks the row identity;
        -- a held copy whose spend differs from the delivered one breaks the spend identity.
        select
            coalesce(sum(held_copies), 0) as staged_requests,
            coalesce(sum(delivered_copies - 1), 0) as duplicate_deliveries,
            coalesce(sum(delivered_copies * held_spend), 0) as delivered_spend
        from request_copies
        where delivered_copies > 0

    )

    select
        {{ dbt.concat([
            "'source rows '", "cast(raw_totals.raw_rows as " ~ dbt.type_string() ~ ")",
            "' <> staged '", "cast(staged_totals.staged_requests as " ~ dbt.type_string() ~ ")",
            "' + duplicates '", "cast(staged_totals.duplicate_deliveries as " ~ dbt.type_string() ~ ")",
            "' + rejected '", "cast(rejected_held.held_rows as " ~ dbt.type_string() ~ ")",
            "', or source finite spend '", "cast(raw_totals.raw_finite_spend as " ~ dbt.type_string() ~ ")",
            "' <> staged '", "cast(staged_totals.delivered_spend as " ~ dbt.type_string() ~ ")",
            "' + rejected '", "cast(rejected_held.finite_spend as " ~ dbt.type_string() ~ ")",
        ]) }} as message
    from raw_totals
    cross join staged_totals
    cross join rejected_held
    where raw_totals.raw_rows
        <> staged_totals.staged_requests + staged_totals.duplicate_deliveries + rejected_held.held_rows
        or raw_totals.raw_finite_spend <> staged_totals.delivered_spend + rejected_held.finite_spend
{% endset %}

{{ raise_if_rows(reconciliation, 'message', 'The source does not reconcile with what was staged and rejected') }}
