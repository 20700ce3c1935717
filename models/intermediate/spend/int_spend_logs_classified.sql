{#- One row per accepted request with its BYOK verdict and the rule that decided it. -#}
with

requests as (

    select * from {{ ref('int_spend_logs_dated') }}

),

verdicts as (

    select * from {{ ref('int_catalog_verdicts') }}

)

select
    requests.request_id,
    requests.spend_date,
    requests.team_id,
    requests.customer_id,
    requests.api_key,
    requests.user_id,
    requests.team_alias,
    requests.key_alias,
    requests.model,
    requests.catalog_model_name,
    requests.model_id,
    requests.spend,
    requests.prompt_tokens,
    requests.completion_tokens,
    requests.total_tokens,
    requests.is_failure,
    requests.is_cache_hit,
    requests.started_at,
    verdicts.is_byok,
    verdicts.is_in_catalog,
    verdicts.deciding_tier,
    verdicts.verdict_source,
    verdicts.deciding_rule_label
from requests
inner join verdicts
    on {{ catalog_key_join('requests', 'verdicts') }}
