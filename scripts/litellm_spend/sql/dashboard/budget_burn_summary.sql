-- How many rows budget_burn holds, and when LiteLLM's budgets were observed.
select
    count(*) as row_count,
    max(observed_at) as observed_at
from {marts}.budget_burn
