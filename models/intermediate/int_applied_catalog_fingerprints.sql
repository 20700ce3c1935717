{#-
    The catalog fingerprints the marts were built with: written only once both
    marts succeeded in this run, so a failed run leaves the old ones and the next
    run reprocesses the changed days again.
-#}
-- depends_on: {{ ref('billable_spend_daily') }}
-- depends_on: {{ ref('budget_spend_daily') }}

select
    spend_date,
    catalog_fingerprint
from {{ ref('int_catalog_day_fingerprints') }}
