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

measurable_periods as (

    select * from periods
    where status in ('ok', 'no_max_budget', 'history_starts_after_period_start')

),

-- Each owner's requests from its earliest period on, once: a join per period would
-- read a daily key budget's requests once for every day the project has seen.
owners as (

    select
        budget_scope,
        budget_owner_id,
        min(period_start) as first_start,
        max(period_end) as last_end
    from measurable_periods
    group by budget_scope, budget_owner_id

),

-- Each request once as its team's and once as its key's, so one join finds an
-- owner's requests whichever kind of budget it is.
requests as (

    select
        'team' as budget_scope,
        team_id as budget_owner_id,
        started_at,
        spend
    from {{ ref('spend_log_history') }}
    union all
    select
        'key' as budget_scope,
        api_key as budget_owner_id,
        started_at,
        spend
    from {{ ref('spend_log_history') }}

),

owner_requests as (

    select
        owners.budget_scope,
        owners.budget_owner_id,
        requests.started_at as at_time,
        1 as event_order,
        requests.spend,
        1 as request_events
    from owners
    inner join requests
        on owners.budget_scope = requests.budget_scope
            and owners.budget_owner_id = requests.budget_owner_id
            and owners.first_start <= requests.started_at
            and owners.last_end > requests.started_at

),

boundaries as (

    select
        budget_scope,
        budget_owner_id,
        period_start as at_time
    from measurable_periods
    union
    select
        budget_scope,
        budget_owner_id,
        period_end as at_time
    from measurable_periods

),

-- Running totals over each owner's requests, with the period boundaries in the same
-- order (before the requests of the same instant): the total at a boundary is what
-- was spent before it, so a period's spend is its end's total minus its start's.
events as (

    select
        budget_scope,
        budget_owner_id,
        at_time,
        0 as event_order,
        cast(0 as {{ money_type() }}) as spend,
        0 as request_events
    from boundaries
    union all
    select * from owner_requests

),

running_totals as (

    select
        budget_scope,
        budget_owner_id,
        at_time,
        event_order,
        sum(spend) over owner_timeline as spend_before,
        sum(request_events) over owner_timeline as requests_before
    from events
    window owner_timeline as (
        partition by budget_scope, budget_owner_id
        order by at_time, event_order
        rows between unbounded preceding and current row
    )

),

totals_at_boundaries as (

    select
        budget_scope,
        budget_owner_id,
        at_time,
        spend_before,
        requests_before
    from running_totals
    where event_order = 0

),

period_spend as (

    select
        measurable_periods.budget_scope,
        measurable_periods.budget_owner_id,
        measurable_periods.period_end,
        period_ends.spend_before - period_starts.spend_before as budget_spend,
        period_ends.requests_before - period_starts.requests_before as request_count
    from measurable_periods
    inner join totals_at_boundaries as period_starts
        on measurable_periods.budget_scope = period_starts.budget_scope
            and measurable_periods.budget_owner_id = period_starts.budget_owner_id
            and measurable_periods.period_start = period_starts.at_time
    inner join totals_at_boundaries as period_ends
        on measurable_periods.budget_scope = period_ends.budget_scope
            and measurable_periods.budget_owner_id = period_ends.budget_owner_id
            and measurable_periods.period_end = period_ends.at_time

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
