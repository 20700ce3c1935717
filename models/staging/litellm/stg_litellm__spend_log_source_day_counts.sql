{#-
    One row per UTC day of "startTime": how many source rows that day had when a
    run last read it. A day with more rows in the source now than recorded got rows
    after it left the load window; assert_every_source_row_is_accounted_for names it
    by comparing counts, which reads one column instead of joining every id.
-#}
{{
    config(
        materialized='incremental',
        unique_key='utc_day',
        incremental_strategy='delete+insert',
        full_refresh=var('rebuild_history', false),
    )
}}
-- depends_on: {{ ref('stg_litellm__spend_log_load_window') }}

select
    cast("startTime" as date) as utc_day,
    count(*) as source_rows
from {{ source('litellm', 'spend_logs') }}
where "startTime" is not null
{%- if is_incremental() %}
    and {{ started_in_load_window('"startTime"') }}
{%- endif %}
group by cast("startTime" as date)
