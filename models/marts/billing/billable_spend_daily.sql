{#-
    Published: the billable requests of the days this run rebuilds, rolled up from
    the audited candidate (int_spend_daily_candidate). dbt builds it only when
    every audit passed. BYOK usage is paid to the provider by the team itself:
    never billed again.
-#}
-- The invoice audit (tests/data/audits) gates the marts too: they wait for what it reads.
-- depends_on: {{ ref('int_invoice_line_changes') }}
-- depends_on: {{ ref('invoice_totals_before') }}
{{ config(indexes=daily_mart_indexes(['team_id', 'customer_id'])) }}

{{ daily_rollup(
    grain=['spend_date', 'team_id', 'customer_id', 'api_key'],
    measures=['spend', 'prompt_tokens', 'completion_tokens', 'total_tokens', 'request_count',
              'failed_request_count', 'cache_hit_count'],
    where='not is_byok'
) }}
