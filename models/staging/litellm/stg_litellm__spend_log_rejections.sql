with

deliveries as (

    select * from {{ ref('stg_litellm__spend_log_deliveries') }}

),

rejected as (

    select
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
        spend_date
    from deliveries
    where delivery_status = 'rejected'

)

select * from rejected
