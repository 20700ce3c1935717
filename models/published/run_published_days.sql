{#-
    What the marts were published from: one row per spend_date with the digest of
    the catalog verdicts they were built with, the reporting time zone of their
    days, and when (published_at, the publishing run's start). Written only after
    every mart is published; run/run_window compares the next run's verdicts with
    it (a changed digest rebuilds the day), refuses a changed reporting_timezone,
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
    cast({{ dbt.string_literal(reporting_timezone()) }} as {{ dbt.type_string() }}) as reporting_timezone,
    {{ this_run_started_at() }} as published_at
from {{ ref('int_catalog_day_fingerprints') }}
