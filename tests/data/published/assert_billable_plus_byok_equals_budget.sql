-- Per group, over the days this run rebuilt (the others were checked when they
-- were built): the billable mart's spend is the budget mart's billable part, and a
-- budget group with billable requests has exactly one billable row. In total, over
-- the same days (every day in the deep check, var deep_check): billable + BYOK = budget.
{%- set totalled = 'rebuilt_' if not deep_check() else '' %}
with

budget as (

    select * from {{ ref('budget_spend_daily') }}

),

billable as (

    select * from {{ ref('billable_spend_daily') }}

),

rebuilt_budget as (

    select * from budget
    where {{ in_rebuild_days('spend_date') }}

),

rebuilt_billable as (

    select * from billable
    where {{ in_rebuild_days('spend_date') }}

),

per_group as (

    select
        coalesce(budget.spend_date, billable.spend_date) as spend_date,
        coalesce(budget.team_id, billable.team_id) as team_id,
        coalesce(budget.customer_id, billable.customer_id) as customer_id,
        coalesce(budget.api_key, billable.api_key) as api_key,
        'group' as failure_scope
    from rebuilt_budget as budget
    full outer join rebuilt_billable as billable
        on budget.spend_date = billable.spend_date
            and budget.team_id = billable.team_id
            and budget.customer_id = billable.customer_id
            and budget.api_key = billable.api_key
    where
        (billable.api_key is null and budget.billable_request_count > 0)
        or (budget.api_key is null)
        or budget.billable_spend <> billable.spend
        or budget.billable_request_count <> billable.request_count

),

billable_total as (

    select coalesce(sum(spend), 0) as spend
    from {{ totalled }}billable

),

budget_total as (

    select
        coalesce(sum(spend), 0) as spend,
        coalesce(sum(byok_spend), 0) as byok_spend
    from {{ totalled }}budget

),

totals as (

    select
        cast(null as date) as spend_date,
        cast(null as {{ dbt.type_string() }}) as team_id,
        cast(null as {{ dbt.type_string() }}) as customer_id,
        cast(null as {{ dbt.type_string() }}) as api_key,
        'total' as failure_scope
    from billable_total
    cross join budget_total
    where billable_total.spend + budget_total.byok_spend <> budget_total.spend

)

select * from per_group
union all
select * from totals
