-- The current period of every budget whose figures are complete (status ok), the closest to its limit first.
select {columns}
from {marts}.budget_burn
where is_current_period and status = 'ok'
order by share_used desc nulls last, budget_scope desc, budget_owner_id asc, period_end asc
