-- A month's invoice lines: per team (and customer), the usage line first, then the adjustments.
select {columns}
from {marts}.invoice_lines
where invoice_month = %(month)s
order by team_id, customer_id, line_kind desc, corrected_month, reason
