{#-
    Published: the audited candidate itself, by whole days (int_spend_daily_candidate):
    what LiteLLM's spend report breaks spend down by (internal user and model), with
    each request's BYOK verdict on its own day. The other marts are roll-ups of the
    same candidate rows.
-#}
{{
    config(
        indexes=postgres_indexes([
            {'columns': ['spend_date']},
            {'columns': ['team_id', 'spend_date']},
            {'columns': ['api_key', 'spend_date']},
        ]),
    )
}}

with

daily as (

    {{ candidate_days_to_publish() }}

)

select
    spend_date,
    team_id,
    team_alias,
    customer_id,
    api_key,
    key_alias,
    user_id,
    model,
    is_byok,
    cast(spend as {{ money_type() }}) as spend,
    prompt_tokens,
    completion_tokens,
    total_tokens,
    request_count,
    failed_request_count,
    cache_hit_count
from daily
