-- Billable usage with no id for the chosen charge-by: never sent. A null from_date is no limit.
select
    coalesce(sum(billable_spend), 0) as billable_spend,
    coalesce(sum(request_count), 0) as request_count
from {marts}.billable_usage_by_invoice_month
where
    coalesce({charge_by_column}, 'unassigned') = 'unassigned'
    and (%(from_date)s is null or spend_date >= %(from_date)s)
