-- Months before it are issued (invoicing.invoice_runs); null before the first invoicing run.
select max(first_open_month) as first_open_month
from {invoicing}.invoice_runs
