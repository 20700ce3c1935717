-- Audit: the candidate the marts publish holds every request in the history,
-- exactly: requests, spend and tokens in total. A day the candidate lost or counted
-- twice fails the run before anything is published.
with

held as (

    select
        coalesce(sum(spend), 0) as spend,
        count(*) as request_count,
        coalesce(sum(total_tokens), 0) as total_tokens
    from {{ ref('spend_log_history') }}

),

candidate as (

    select
        coalesce(sum(spend), 0) as spend,
        coalesce(sum(request_count), 0) as request_count,
        coalesce(sum(total_tokens), 0) as total_tokens
    from {{ ref('int_spend_daily_candidate') }}

)

select
    held.spend as held_spend,
    candidate.spend as candidate_spend,
    held.request_count as held_requests,
    candidate.request_count as candidate_requests
from held
cross join candidate
where held.spend <> candidate.spend
    or held.request_count <> candidate.request_count
    or held.total_tokens <> candidate.total_tokens
