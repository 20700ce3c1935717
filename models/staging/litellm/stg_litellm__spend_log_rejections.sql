{#-
    Accumulates like the history (a purged source must not take its rejected rows
    with it); re-reading the load window replaces rows by their fingerprint.
-#}
{{
    config(
        materialized='incremental',
        unique_key='row_fingerprint',
        incremental_strategy='delete+insert',
        full_refresh=var('rebuild_history', false),
    )
}}

-- depends_on: {{ ref('stg_litellm__spend_log_load_window') }}

with

source_rows as (

    select * from {{ ref('stg_litellm__spend_log_rows') }}
    where rejection_reason is not null
    {%- if is_incremental() %}
        and {{ started_in_load_window() }}
    union all
    -- Rows without a start time belong to no window: always re-read (the upstream
    -- column is NOT NULL, so there are none in a LiteLLM database).
    select * from {{ ref('stg_litellm__spend_log_rows') }}
    where rejection_reason is not null
        and started_at is null
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
