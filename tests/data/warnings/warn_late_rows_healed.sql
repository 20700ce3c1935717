-- Names the days this run healed: rows that reached the source after their day was
-- loaded, found by run_window and loaded by this run, with how many and how much.
-- Warn severity: nothing is wrong (the marts now hold them), but late data
-- usually means a lagging writer or replication, worth knowing about.
{{ config(severity='warn') }}

select
    spend_date,
    late_rows,
    late_spend,
    reasons
from {{ ref('run_window') }}
where window_part = 'rebuild'
    and late_rows > 0
