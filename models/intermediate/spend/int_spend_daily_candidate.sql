{#-
    The audited candidate: the requests of the days this run rebuilds, aggregated
    once at the finest grain any mart needs (LiteLLM's spend report breaks spend
    down by internal user and model), for every mart to publish or roll up. Every audit is attached to this model or to
    its parents, so when one fails dbt skips the marts and consumers keep what was
    published before (write-audit-publish).
-#}
{{ config(materialized='incremental', incremental_strategy='replace_days', on_schema_change='sync_all_columns') }}
{%- set rebuilt_days = in_rebuild_days('spend_date', 'started_at') %}
-- The history layer's audits (reconciliation of every source row) gate publishing too:
-- depends_on: {{ ref('spend_log_rejections') }}

with

classified as (

    select * from {{ ref('int_spend_logs_classified') }}
    {%- if is_incremental() %}
    where {{ rebuilt_days }}
    {%- endif %}

)

select
    {{ candidate_grain() | join(',\n    ') }},
    max(team_alias) as team_alias,
    max(key_alias) as key_alias,
    cast(sum(spend) as {{ money_type() }}) as spend,
    cast(sum(prompt_tokens) as {{ dbt.type_bigint() }}) as prompt_tokens,
    cast(sum(completion_tokens) as {{ dbt.type_bigint() }}) as completion_tokens,
    cast(sum(total_tokens) as {{ dbt.type_bigint() }}) as total_tokens,
    cast(count(*) as {{ dbt.type_bigint() }}) as request_count,
    cast(sum(case when is_failure then 1 else 0 end) as {{ dbt.type_bigint() }}) as failed_request_count,
    cast(sum(case when is_cache_hit then 1 else 0 end) as {{ dbt.type_bigint() }}) as cache_hit_count,
    -- Days built after the last publish are days a failed run could not publish.
    {{ this_run_started_at() }} as built_at
from classified
group by {{ candidate_grain() | join(', ') }}
