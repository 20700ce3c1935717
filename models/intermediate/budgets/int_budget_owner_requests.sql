{#-
    Each budget owner's requests from the start of its earliest measurable period to
    the end of its latest: one row per request and owner (a request appears once as
    its team's and once as its key's), with at_time, spend and event_order 1 (after a
    period boundary of the same instant). Ephemeral: a step of int_budget_period_spend.
-#}
{{ config(materialized='ephemeral') }}

with

measurable_periods as (

    {{ measurable_budget_periods() }}

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

)

select * from owner_requests
