-- Per (bill key, invoice month) whose billable usage differs from what the ledger recorded:
-- the difference, and how many events the bill key has recorded already (recorded_events).
-- {bill_key} is invoice_month and the bill key (subscription, spend_date, api_key, model);
-- a null from_date is no limit.
with

target as (
    select
        invoice_month,
        coalesce({charge_by_column}, 'unassigned') as subscription,
        spend_date,
        api_key,
        coalesce(model, '') as model,
        sum(billable_spend) as response_cost,
        sum(prompt_tokens) as prompt_tokens,
        sum(completion_tokens) as completion_tokens,
        sum(total_tokens) as total_tokens,
        sum(request_count) as request_count
    from {marts}.billable_usage_by_invoice_month
    where
        coalesce({charge_by_column}, 'unassigned') <> 'unassigned'
        and (%(from_date)s is null or spend_date >= %(from_date)s)
    group by invoice_month, coalesce({charge_by_column}, 'unassigned'), spend_date, api_key, coalesce(model, '')
),

recorded as (
    select
        {bill_key},
        sum(response_cost) as response_cost,
        sum(prompt_tokens) as prompt_tokens,
        sum(completion_tokens) as completion_tokens,
        sum(total_tokens) as total_tokens,
        sum(request_count) as request_count,
        count(*) as events
    from {ledger}
    where
        destination = %(destination)s
        and (%(from_date)s is null or spend_date >= %(from_date)s)
    group by {bill_key}
),

compared as (
    -- A full join using the key: each key column is the value of the side that has the row.
    select
        {bill_key},
        coalesce(target.response_cost, 0) - coalesce(recorded.response_cost, 0) as response_cost,
        coalesce(target.prompt_tokens, 0) - coalesce(recorded.prompt_tokens, 0) as prompt_tokens,
        coalesce(target.completion_tokens, 0) - coalesce(recorded.completion_tokens, 0) as completion_tokens,
        coalesce(target.total_tokens, 0) - coalesce(recorded.total_tokens, 0) as total_tokens,
        coalesce(target.request_count, 0) - coalesce(recorded.request_count, 0) as request_count,
        coalesce(recorded.events, 0) as events
    from target
    full outer join recorded using ({bill_key})
),

counted as (
    select
        *,
        sum(events) over (partition by subscription, spend_date, api_key, model) as recorded_events
    from compared
)

select * from counted
where
    response_cost <> 0
    or prompt_tokens <> 0
    or completion_tokens <> 0
    or total_tokens <> 0
    or request_count <> 0
order by subscription, spend_date, api_key, model, invoice_month
