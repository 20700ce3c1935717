-- Budgets whose figures are missing or partial (status not ok): of the current period, or of no derivable one.
select {columns}
from {marts}.budget_burn
where status is distinct from 'ok' and (is_current_period or period_end is null)
order by budget_scope desc, team_id asc, budget_owner_id asc, period_end asc
