with

history as (

    select * from {{ ref('spend_log_history') }}

),

dated as (

    select
        request_id,
        call_type,
        api_key,
        team_id,
        customer_id,
        user_id,
        organization_id,
        model,
        model_group,
        model_id,
        catalog_model_name,
        custom_llm_provider,
        team_alias,
        key_alias,
        spend,
        prompt_tokens,
        completion_tokens,
        total_tokens,
        is_failure,
        is_cache_hit,
        started_at,
        ended_at,
        {{ reporting_date('started_at') }} as spend_date
    from history

)

select * from dated
