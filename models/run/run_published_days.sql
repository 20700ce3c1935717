{#-
    What the marts were published from: one row per spend_date with the digest of
    the catalog verdicts they were built with, and the reporting time zone of
    their days. Written only after both marts are published; run/run_window
    compares the next run's verdicts with it (a changed digest rebuilds the day)
    and refuses a changed reporting_timezone.
-#}
-- depends_on: {{ ref('billable_spend_daily') }}
-- depends_on: {{ ref('budget_spend_daily') }}

select
    spend_date,
    catalog_fingerprint,
    cast({{ dbt.string_literal(var('reporting_timezone', 'UTC')) }} as {{ dbt.type_string() }}) as reporting_timezone
from {{ ref('int_catalog_day_fingerprints') }}
