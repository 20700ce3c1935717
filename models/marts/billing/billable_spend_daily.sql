{#-
    Published: the billable requests of the days this run rebuilds, rolled up from
    the audited candidate (int_spend_daily_candidate). dbt builds it only when
    every audit passed.
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

with

daily as (

    {{ candidate_days_to_publish() }}

),

billable as (

    -- BYOK usage is paid to the provider by the team itself: never billed again.
    select * from daily
    where not is_byok

)

select
    spend_date,
    team_id,
    max(team_alias) as team_alias,
    customer_id,
    api_key,
    max(key_alias) as key_alias,
    max(user_id) as user_id,
    cast(sum(spend) as {{ money_type() }}) as spend,
    cast(sum(prompt_tokens) as {{ dbt.type_bigint() }}) as prompt_tokens,
    cast(sum(completion_tokens) as {{ dbt.type_bigint() }}) as completion_tokens,
    cast(sum(total_tokens) as {{ dbt.type_bigint() }}) as total_tokens,
    cast(sum(request_count) as {{ dbt.type_bigint() }}) as request_count,
    cast(sum(failed_request_count) as {{ dbt.type_bigint() }}) as failed_request_count,
    cast(sum(cache_hit_count) as {{ dbt.type_bigint() }}) as cache_hit_count
from billable
group by spend_date, team_id, customer_id, api_key
