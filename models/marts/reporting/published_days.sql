{#-
    One row per spend_date the marts publish: the reporting time zone whose calendar
    day it is (from timezone_from on, after previous_timezone), and when it was
    published. What the commands and BI read to print a
    day as an instant (the report's midnights, the exports' stamps) in the zone the
    days were built in, from the marts alone. A view over run_published_days, the
    record the run writes after every mart.
-#}
{{ config(materialized='view') }}

with

published as (

    select * from {{ ref('run_published_days') }}

)

select
    published.spend_date,
    published.reporting_timezone,
    published.timezone_from,
    published.previous_timezone,
    published.published_at
from published
