{#-
    Budget burn, published: the audited candidate (int_budget_burn) copied whole.
    Replaced in one step (a table swap; on Postgres a delete and an insert in one
    transaction, which never waits for a reader: macro reader_safe_table), so readers
    see the last run's periods or this run's, never a mix; it changes only after the
    candidate's checks passed.
-#}
{{ config(materialized=reader_safe_table(), incremental_strategy='replace_all', on_schema_change='append_new_columns') }}

select
    budget_scope,
    budget_owner_id,
    team_id,
    owner_name,
    budget_duration,
    period_start,
    period_end,
    is_current_period,
    max_budget,
    budget_spend,
    remaining_budget,
    share_used,
    request_count,
    status,
    observed_at
from {{ ref('int_budget_burn') }}
