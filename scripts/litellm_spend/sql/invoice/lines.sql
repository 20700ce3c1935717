-- A month's invoice lines: per team (and customer), the usage line first, then the adjustments.
select {columns}
from {marts}.invoice_lines
where invoice_month = %(month)s
order by team_id asc, customer_id asc, line_kind desc, corrected_month asc, reason asc
