{#-
    Published: copies the days this run rebuilds from the audited candidate
    (int_spend_daily_candidate). dbt builds it only when every audit passed.
-#}
{{
    config(
        indexes=postgres_indexes([
            {'columns': ['spend_date']},
            {'columns': ['team_id', 'spend_date']},
            {'columns': ['customer_id', 'spend_date']},
        ]),
    )
}}
{%- set rebuilt_days = in_rebuild_days('spend_date') %}

with

daily as (

    select * from {{ ref('int_spend_daily_candidate') }}
    {%- if is_incremental() %}
    where {{ rebuilt_days }}
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
