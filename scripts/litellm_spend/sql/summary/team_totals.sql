-- One row per team, the biggest budget spend first.
select
    budget.team_id,
    max(budget.team_alias) as team_alias,
    sum(budget.billable_spend) as billable_spend,
    sum(budget.byok_spend) as byok_spend,
    sum(budget.spend) as budget_spend,
    sum(budget.request_count) as requests
from {marts}.budget_spend_daily as budget
group by budget.team_id
order by sum(budget.spend) desc, budget.team_id
