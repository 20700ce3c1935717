{#-
    Every raw row that cannot be billed safely, with the reason: one row per
    distinct bad row (row_fingerprint), delivery_count counting its deliveries.
    Accumulates like the history (a purged source must not take its rejected rows
    with it); re-reading the load set replaces rows by their fingerprint.
-#}
{{
    config(
        materialized='incremental',
        unique_key='row_fingerprint',
        incremental_strategy='merge_records',
        full_refresh=rebuild_history(),
    )
}}
{%- set read_by_this_run = in_load_set('started_at') %}

with

source_rows as (

    select * from {{ ref('stg_litellm__spend_logs') }}
    where rejection_reason is not null
    {%- if is_incremental() %}
        and ({{ read_by_this_run }}
            -- Rows without a start time belong to no day: always re-read (the
            -- upstream column is NOT NULL, so a LiteLLM database has none).
            or started_at is null)
    {%- endif %}

),

rejected as (

    -- The same bad row delivered twice is one row here, with both deliveries counted.
    select
        row_fingerprint,
        request_id,
        rejection_reason,
        raw_spend,
        spend,
        prompt_tokens,
        completion_tokens,
        total_tokens,
        api_key,
        team_id,
        customer_id,
        catalog_model_name,
        model_id,
        started_at,
        count(*) as delivery_count
    from source_rows
    group by
        row_fingerprint,
        request_id,
        rejection_reason,
        raw_spend,
        spend,
        prompt_tokens,
        completion_tokens,
        total_tokens,
        api_key,
        team_id,
        customer_id,
        catalog_model_name,
        model_id,
        started_at

)

select * from rejected
