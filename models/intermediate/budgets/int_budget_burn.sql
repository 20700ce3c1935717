{#-
    The audited candidate of marts/budgets/budget_burn: each budget period of
    int_budget_periods with the spend counted toward it, everything the team or key
    spent from period_start (inclusive) to period_end (exclusive), BYOK included,
    as LiteLLM counts it against the budget. Periods cut short get no figures.
-#}

with

periods as (

    select * from {{ ref('int_budget_periods') }}

),

period_spend as (

    select * from {{ ref('int_budget_period_spend') }}

),

-- Every measurable period has both boundaries, hence a row here; the others, none.
measured as (

    select
        periods.*,
        period_spend.budget_spend,
        period_spend.request_count
    from periods
    left join period_spend
        on periods.budget_scope = period_spend.budget_scope
            and periods.budget_owner_id = period_spend.budget_owner_id
            and periods.period_end = period_spend.period_end

)

select
    budget_scope,
    budget_owner_id,
    team_id,
    owner_name,
    budget_duration,
    period_start,
    period_end,
    is_current_period,
    cast(max_budget as {{ money_type() }}) as max_budget,
    cast(budget_spend as {{ money_type() }}) as budget_spend,
    cast(max_budget - budget_spend as {{ money_type() }}) as remaining_budget,
    -- A ratio, not money: six places, rounded alike on every engine.
    cast(
        case when max_budget > 0 then round(cast(budget_spend / max_budget as decimal(38, 12)), 6) end
        as decimal(38, 6)
    ) as share_used,
    cast(request_count as bigint) as request_count,
    status,
    observed_at
from measured
