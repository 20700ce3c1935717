-- Recomputes the billable mart from the classified requests, leaving BYOK out,
-- and fails on any group whose figures differ (a BYOK request leaking in would).
-- Over the days this run rebuilt (all of them on a full build): the others were
-- checked when they were built.
with

expected as (

    select
        spend_date,
        team_id,
        customer_id,
        api_key,
        sum(spend) as spend,
        count(*) as request_count
    from {{ ref('int_spend_logs_classified') }}
    where not is_byok and {{ in_rebuild_days('spend_date', 'started_at') }}
    group by spend_date, team_id, customer_id, api_key

),

actual as (

    select * from {{ ref('billable_spend_daily') }}
    where {{ in_rebuild_days('spend_date') }}

)

select
    coalesce(expected.spend_date, actual.spend_date) as spend_date,
    coalesce(expected.team_id, actual.team_id) as team_id,
    coalesce(expected.customer_id, actual.customer_id) as customer_id,
    coalesce(expected.api_key, actual.api_key) as api_key,
    expected.spend as expected_spend,
    actual.spend as actual_spend
from expected
full outer join actual
    on expected.spend_date = actual.spend_date
        and expected.team_id = actual.team_id
        and expected.customer_id = actual.customer_id
        and expected.api_key = actual.api_key
where expected.api_key is null
    or actual.api_key is null
    or expected.spend <> actual.spend
    or expected.request_count <> actual.request_count
