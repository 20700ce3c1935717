{#-
    What was invoiced for the requests of the days this run rechecks (invoice_window),
    as the last completed invoicing run left it: one row per (request_id, spend_date)
    still invoiced on that day. invoicing/ledger/invoice_request_basis keeps a version per
    change; the latest one of a request on a day is its state there (a version with
    is_invoiced false says it left the day).
-#}
{%- set basis = previous_state('invoice_request_basis') -%}
{%- set runs = previous_state('invoice_runs') -%}
{%- set columns = invoiced_request_columns() %}
-- depends_on: {{ ref('invoice_window') }}

{%- if basis is none or runs is none %}

{{ no_invoiced_requests() }}

{%- else %}

with

versions as (

    select
        {{ columns.keys() | join(',\n        ') }},
        is_invoiced,
        row_number() over (partition by request_id, spend_date order by run_started_at desc) as recency
    from {{ basis }} as basis
    where {{ written_by_a_completed_invoicing_run('basis', runs) }}
        and {{ in_invoice_window('spend_date', 'recheck') }}

)

select {{ columns.keys() | join(', ') }}
from versions
where recency = 1 and is_invoiced

{%- endif %}
