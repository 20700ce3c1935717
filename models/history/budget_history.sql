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
{{
    config(
        materialized='incremental',
        incremental_strategy='merge_records',
        full_refresh=var('rebuild_history', false),
    )
}}

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

{%- if is_incremental() %}

latest_versions as (

    {{ latest_versions(this, 'budget_scope, budget_owner_id') }}

),
{%- endif %}

changes as (

    select
        current_budgets.*,
        false as is_removed
    from current_budgets
    {%- if is_incremental() %}
    left join latest_versions
        on current_budgets.budget_scope = latest_versions.budget_scope
        and current_budgets.budget_owner_id = latest_versions.budget_owner_id
    where latest_versions.budget_owner_id is null
        or latest_versions.is_removed
        or current_budgets.team_id is distinct from latest_versions.team_id
        or current_budgets.max_budget is distinct from latest_versions.max_budget
        or current_budgets.budget_duration is distinct from latest_versions.budget_duration
        or current_budgets.budget_reset_at is distinct from latest_versions.budget_reset_at
    union all
    select
        latest_versions.budget_scope,
        latest_versions.budget_owner_id,
        latest_versions.team_id,
        cast(null as {{ money_type() }}) as max_budget,
        cast(null as {{ dbt.type_string() }}) as budget_duration,
        cast(null as {{ dbt.type_timestamp() }}) as budget_reset_at,
        true as is_removed
    from latest_versions
    left join current_budgets
        on latest_versions.budget_scope = current_budgets.budget_scope
        and latest_versions.budget_owner_id = current_budgets.budget_owner_id
    where current_budgets.budget_owner_id is null
        and not latest_versions.is_removed
    {%- endif %}

)

select
    budget_scope,
    budget_owner_id,
    team_id,
    max_budget,
    budget_duration,
    budget_reset_at,
    is_removed,
    {{ this_run_started_at() }} as observed_at
from changes
