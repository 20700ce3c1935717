-- The days the marts hold, and how many day/team/customer/key groups.
select
    min(spend_date) as first_day,
    max(spend_date) as last_day,
    count(*) as group_count
from {marts}.budget_spend_daily
