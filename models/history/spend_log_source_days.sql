{#-
    One row per UTC day of "startTime": how many rows the source held, and the newest
    updated_at among them, when the day was last read by a run that published (or
    seen to have moved: rows purged). run/run_window compares them with the source
    now: a day that grew got rows after it was loaded, a day with a newer updated_at
    had rows written again in place, and the next run loads either by itself. Written
    only after every mart is published, so a run that fails leaves the change for the
    next run to find again.
-#}
{{
    config(
        materialized='incremental',
        unique_key='utc_day',
        incremental_strategy='merge_records',
        full_refresh=rebuild_history(),
        on_schema_change='append_new_columns',
    )
}}
-- depends_on: {{ ref('billable_spend_daily') }}
-- depends_on: {{ ref('budget_spend_daily') }}
-- depends_on: {{ ref('spend_by_model_daily') }}

select
    utc_day,
    source_rows,
    latest_source_update,
    -- The source's count of rows updated in place at this run's start (Postgres:
    -- source_update_count.sql); unchanged at the next run, no day had rows rewritten.
    source_updates_seen,
    {{ this_run_started_at() }} as recorded_at
from {{ ref('run_window') }}
where window_part in ('load', 'observed')
