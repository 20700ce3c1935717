{#-
    Published: the audited candidate itself, by whole days (int_spend_daily_candidate):
    what LiteLLM's spend report breaks spend down by (internal user and model), with
    each request's BYOK verdict on its own day. The other marts are roll-ups of the
    same candidate rows.
-#}
-- The invoice audit (tests/data/audits) gates the marts too: they wait for what it reads.
-- depends_on: {{ ref('int_invoice_line_changes') }}
-- depends_on: {{ ref('invoice_totals_before') }}
{{ config(indexes=daily_mart_indexes(['team_id', 'api_key'])) }}

{{ daily_rollup(
    grain=candidate_grain(),
    measures=['spend', 'prompt_tokens', 'completion_tokens', 'total_tokens', 'request_count',
              'failed_request_count', 'cache_hit_count']
) }}
