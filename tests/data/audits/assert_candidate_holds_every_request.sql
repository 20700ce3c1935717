-- Audit: the candidate the marts publish holds every request in the history,
-- exactly: requests, spend and tokens in total, over the days this run rebuilds (the
-- other days were checked by the run that built them; the deep check, var deep_check,
-- compares the whole history with the whole candidate). A day the candidate lost or
-- counted twice fails the run before anything is published.
{%- set rebuilt_days_only = not deep_check() %}
with

held as (

    select
        coalesce(sum(spend), 0) as spend,
        count(*) as request_count,
        coalesce(sum(total_tokens), 0) as total_tokens
    from {{ ref('spend_log_history') }}
    {%- if rebuilt_days_only %}
    where {{ in_rebuild_days(local_date('started_at', reporting_timezone()), 'started_at') }}
    {%- endif %}

),

candidate as (

    select
        coalesce(sum(spend), 0) as spend,
        coalesce(sum(request_count), 0) as request_count,
        coalesce(sum(total_tokens), 0) as total_tokens
    from {{ ref('int_spend_daily_candidate') }}
    {%- if rebuilt_days_only %}
    where {{ in_rebuild_days('spend_date') }}
    {%- endif %}

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
