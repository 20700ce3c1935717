-- Run by dbt (dbt show), so it names the model by ref: the days this run rebuilt for late rows.
select
    spend_date,
    late_rows,
    late_spend
from {{ ref('run_window') }}
where window_part = 'rebuild' and late_rows > 0
order by spend_date
