{#- Aggregates requests once; both marts roll this up instead of rescanning requests. -#}
{{ config(materialized='incremental', incremental_strategy='replace_days') }}
-- depends_on: {{ ref('int_days_to_reprocess') }}

with

classified as (

    select * from {{ ref('int_spend_logs_classified') }}
    {%- if is_incremental() %}
    where {{ in_days_to_reprocess() }}
    {%- endif %}

)

select
    spend_date,
    team_id,
    customer_id,
    api_key,
    is_byok,
    max(team_alias) as team_alias,
    max(key_alias) as key_alias,
    max(user_id) as user_id,
    cast(sum(spend) as {{ money_type() }}) as spend,
    cast(sum(prompt_tokens) as {{ dbt.type_bigint() }}) as prompt_tokens,
    cast(sum(completion_tokens) as {{ dbt.type_bigint() }}) as completion_tokens,
    cast(sum(total_tokens) as {{ dbt.type_bigint() }}) as total_tokens,
    cast(count(*) as {{ dbt.type_bigint() }}) as request_count,
    cast(sum(case when is_failure then 1 else 0 end) as {{ dbt.type_bigint() }}) as failed_request_count,
    cast(sum(case when is_cache_hit then 1 else 0 end) as {{ dbt.type_bigint() }}) as cache_hit_count
from classified
group by spend_date, team_id, customer_id, api_key, is_byok
