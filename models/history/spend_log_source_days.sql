{#-
    One row per UTC day of "startTime": how many rows the source held when the day
    was last read by a run that published. run/run_window compares it with the
    source now: a day that grew got rows after it was loaded, and the next run
    loads them by itself. Written only after every mart is published, so a run
    that fails leaves the growth for the next run to find again.
-#}
{{
    config(
        materialized='incremental',
        unique_key='utc_day',
        incremental_strategy='merge_records',
        full_refresh=rebuild_history(),
    )
}}
-- depends_on: {{ ref('billable_spend_daily') }}
-- depends_on: {{ ref('budget_spend_daily') }}
-- depends_on: {{ ref('spend_by_model_daily') }}

select
    utc_day,
    source_rows
from {{ ref('run_window') }}
where window_part = 'load'
