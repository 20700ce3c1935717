-- Every team the marts hold, whatever the days.
select
    team_id,
    max(team_alias) as team_alias
from {marts}.budget_spend_daily
group by team_id
order by team_id
