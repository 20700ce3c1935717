-- The first and the last day the marts hold (nulls when they hold none).
select
    min(spend_date) as first_day,
    max(spend_date) as last_day
from {marts}.budget_spend_daily
