-- The budget mart holds every accepted request: totals match staging exactly.
with

staged as (

    select
        coalesce(sum(spend), 0) as spend,
        count(*) as request_count,
        coalesce(sum(total_tokens), 0) as total_tokens
    from {{ ref('stg_litellm__spend_logs') }}

),

budget as (

    select
        coalesce(sum(spend), 0) as spend,
        coalesce(sum(request_count), 0) as request_count,
        coalesce(sum(total_tokens), 0) as total_tokens
    from {{ ref('budget_spend_daily') }}

)

select
    staged.spend as staged_spend,
    budget.spend as budget_spend,
    staged.request_count as staged_requests,
    budget.request_count as budget_requests
from staged
cross join budget
where staged.spend <> budget.spend
    or staged.request_count <> budget.request_count
    or staged.total_tokens <> budget.total_tokens
