{#-
    The spend counted toward each measurable budget period of int_budget_periods
    (status ok, no_max_budget or history_starts_after_period_start): one row per
    (budget_scope, budget_owner_id, period_end) with budget_spend, everything the
    team or key spent from period_start (inclusive) to period_end (exclusive), BYOK
    included, and request_count. Ephemeral: a step of int_budget_burn, not a table.
-#}
{{ config(materialized='ephemeral') }}

with

measurable_periods as (

    {{ measurable_budget_periods() }}

),

owner_requests as (

    select * from {{ ref('int_budget_owner_requests') }}

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

)

select * from period_spend
