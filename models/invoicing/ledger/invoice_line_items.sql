{#-
    Every invoice line ever written, append-only, with the run that wrote it
    (run_started_at): a month's usage lines when it closes, and each run's
    adjustments in the month that was open then. Only lines of completed invoicing
    runs (invoice_runs) count. Never rebuilt: --full-refresh and rebuild_history
    leave it alone. Read it through invoicing/marts/invoice_lines.
-#}

select
    invoice_month,
    team_id,
    customer_id,
    line_kind,
    corrected_month,
    reason,
    {{ invoice_line_measure_names() | join(',\n    ') }},
    {{ this_run_started_at() }} as run_started_at
from {{ ref('int_invoice_line_changes') }}
