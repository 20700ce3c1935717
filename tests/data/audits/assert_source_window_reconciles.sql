-- Audit over what this run read (run_window's load set, as the source held it when
-- the run started; everything on a first run): the source's rows equal the held
-- requests + duplicate deliveries + rejected rows, and its finite spend equals the
-- history's spend for every delivered copy + the rejected rows' finite spend.
-- Duplicates are counted from the source, so the row identity checks that every
-- valid request is held once and that the rejected rows were kept with their
-- multiplicity; the spend identity checks the exact conversion of every cent (a
-- re-delivery whose spend differs from the kept copy fails it, by design).
{% set reconciliation %}
    with

    read_rows as (

        select
            request_id,
            rejection_reason,
            row_fingerprint,
            case
                when raw_spend is not null and {{ is_finite_number('raw_spend') }}
                    then {{ float_to_money('raw_spend') }}
                else 0
            end as finite_spend
        from {{ ref('stg_litellm__spend_logs') }}
        where {{ read_by_this_run() }}

    ),

    request_copies as (

        -- One aggregate over the source's valid ids and the history's copies of them
        -- (outside the load set too when a start time moved), instead of a join that
        -- Postgres ran as one index probe per request.
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
            from read_rows
            where rejection_reason is null
            union all
            select
                history.request_id,
                0 as source_copy,
                1 as held_copy,
                history.spend as held_spend
            from {{ held_where_this_run_reads() }} as history
            where history.request_id in (select read_rows.request_id from read_rows where read_rows.rejection_reason is null)
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

    held_totals as (

        -- A request missing from the history, or held twice, breaks the row identity;
        -- a held copy whose spend differs from the delivered one breaks the spend identity.
        select
            coalesce(sum(held_copies), 0) as held_requests,
            coalesce(sum(delivered_copies - 1), 0) as duplicate_deliveries,
            coalesce(sum(delivered_copies * held_spend), 0) as delivered_spend
        from request_copies
        where delivered_copies > 0

    )

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
{% endset %}

{{ raise_if_rows(
    reconciliation, 'message',
    'The source does not reconcile with what was held and rejected; nothing was published'
) }}
