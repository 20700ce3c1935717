{#-
    The catalog rules the marts were last published with: a copy of int_catalog_rules,
    written after every mart. run/run_window compares the BYOK verdicts of the keys
    the marts were built from under these rules and under today's, and refuses an
    edit that would bill usage published as BYOK until the operator confirms it
    (var confirm_byok_to_billable: run_catalog_check.sql).
-#}
-- depends_on: {{ ref('billable_spend_daily') }}
-- depends_on: {{ ref('budget_spend_daily') }}
-- depends_on: {{ ref('spend_by_model_daily') }}

select
    catalog_rule_id,
    catalog_model_name,
    model_id,
    team_id,
    is_byok,
    valid_from,
    valid_to,
    tier,
    rule_label
from {{ ref('int_catalog_rules') }}
