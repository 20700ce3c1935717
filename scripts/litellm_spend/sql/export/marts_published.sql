-- 1 when the marts are published in the schema: the view the usage exports read is there.
select count(*) as found
from information_schema.tables
where table_schema = %(schema)s and table_name = 'billable_usage_by_invoice_month'
