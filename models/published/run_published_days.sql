{#-
    What the marts were published from: one row per spend_date with the digest of
    the catalog verdicts they were built with, the reporting time zone of the day
    (with the first day of that zone, timezone_from, and the zone before it: the
    change day starts at that zone's midnight), and when (published_at, the
    publishing run's start). Written only after
    every mart is published; run/run_window compares the next run's verdicts with
    it (a changed digest rebuilds the day), refuses a calendar that moves an invoiced day,
    and publishes again every candidate day built after published_at.
-#}
{{ config(materialized=reader_safe_table(), incremental_strategy='replace_all', on_schema_change='append_new_columns') }}
-- depends_on: {{ ref('billable_spend_daily') }}
-- depends_on: {{ ref('budget_spend_daily') }}
-- depends_on: {{ ref('spend_by_model_daily') }}
-- invoice_window reads this table as the last run left it:
-- depends_on: {{ ref('invoice_window') }}

select
    spend_date,
    catalog_fingerprint,
    cast({{ reporting_timezone_of('spend_date') }} as {{ dbt.type_string() }}) as reporting_timezone,
    cast({{ reporting_period_of('spend_date', 'valid_from') }} as date) as timezone_from,
    cast({{ reporting_period_of('spend_date', 'previous') }} as {{ dbt.type_string() }}) as previous_timezone,
    {{ this_run_started_at() }} as published_at
from {{ ref('int_catalog_day_fingerprints') }}
