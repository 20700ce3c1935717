{{
    config(
        indexes=postgres_indexes([
            {'columns': ['spend_date']},
            {'columns': ['team_id', 'spend_date']},
            {'columns': ['customer_id', 'spend_date']},
        ]),
    )
}}
-- depends_on: {{ ref('int_days_to_reprocess') }}

with

daily as (

    select * from {{ ref('int_spend_daily_by_billing_class') }}
    {%- if is_incremental() %}
    where {{ in_days_to_reprocess(start_column=none) }}
    {%- endif %}

),

billable as (

    -- BYOK usage is paid to the provider by the team itself: never billed again.
    select * from daily
    where not is_byok

)

select
    spend_date,
    team_id,
    team_alias,
    customer_id,
    api_key,
    key_alias,
    user_id,
    cast(spend as {{ money_type() }}) as spend,
    prompt_tokens,
    completion_tokens,
    total_tokens,
    request_count,
    failed_request_count,
    cache_hit_count
from billable
