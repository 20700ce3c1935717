{#-
    Every budget LiteLLM enforced, as this project saw it: one row per change of a
    team's or a key's budget (max_budget, budget_duration, the next reset
    budget_reset_at, the key's team) or its removal, stamped with the run that first
    saw it. LiteLLM keeps only the current period (it overwrites budget_reset_at and
    max_budget in place), so past periods and the limits they had exist only here.
    Append-only and protected like the history.

    A key follows its own budget when it has one (max_budget or budget_duration
    set), else the shared budget its budget_id names ("LiteLLM_BudgetTable").
-#}
{{ config(materialized='incremental', incremental_strategy='merge_records', full_refresh=rebuild_history()) }}

with

team_budgets as (

    select
        'team' as budget_scope,
        team_id as budget_owner_id,
        team_id,
        max_budget,
        budget_duration,
        budget_reset_at
    from {{ ref('stg_litellm__teams') }}
    where team_id is not null

),

key_budgets as (

    select
        'key' as budget_scope,
        key_rows.api_key as budget_owner_id,
        coalesce(key_rows.team_id, 'unassigned') as team_id,
        case when key_rows.has_own_budget then key_rows.max_budget else shared.max_budget end as max_budget,
        case when key_rows.has_own_budget then key_rows.budget_duration else shared.budget_duration end as budget_duration,
        case when key_rows.has_own_budget then key_rows.budget_reset_at else shared.budget_reset_at end as budget_reset_at
    from (
        select
            *,
            (max_budget is not null or budget_duration is not null) as has_own_budget
        from {{ ref('stg_litellm__keys') }}
        where api_key is not null
    ) as key_rows
    left join {{ ref('stg_litellm__budgets') }} as shared
        on key_rows.budget_id = shared.budget_id

),

current_budgets as (

    select * from team_budgets
    where max_budget is not null or budget_duration is not null
    union all
    select * from key_budgets
    where max_budget is not null or budget_duration is not null

),

{{ history_of_versions(
    'current_budgets',
    key=['budget_scope', 'budget_owner_id'],
    tracked={
        'team_id': dbt.type_string(),
        'max_budget': money_type(),
        'budget_duration': dbt.type_string(),
        'budget_reset_at': dbt.type_timestamp(),
    },
    kept_when_removed=['team_id']
) }}
