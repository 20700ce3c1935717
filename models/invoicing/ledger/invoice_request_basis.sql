{#-
    What invoicing has billed, request by request: one version per (request_id,
    spend_date) each time a request is invoiced or its invoiced state changes,
    appended with the run that wrote it (run_started_at). The latest version of a
    request on a day is what the invoices hold for it there; is_invoiced false says
    it left that day. Only versions of completed invoicing runs (invoice_runs)
    count, so a run that stops halfway leaves nothing half-written.
    Never rebuilt: --full-refresh and rebuild_history leave it alone.
-#}
{{ config(indexes=postgres_indexes([{'columns': ['spend_date']}])) }}
{%- set columns = invoiced_request_columns().keys() | list %}

with

issued_now as (

    select * from {{ ref('int_invoice_request_states') }}
    where {{ in_invoice_window('spend_date', 'issue') }}

),

request_changes as (

    select * from {{ ref('int_invoice_request_changes') }}

),

versions as (

    select {{ columns | join(', ') }}, 1 as is_invoiced
    from issued_now
    union all
    select {{ columns | join(', ') }}, 1 as is_invoiced
    from request_changes
    where side = 'enters'
    union all
    -- It left a day: no longer invoiced there.
    select {{ columns | join(', ') }}, 0 as is_invoiced
    from request_changes as leaving
    where side = 'leaves'
        and not exists (
            select 1
            from request_changes as entering
            where entering.side = 'enters'
                and entering.request_id = leaving.request_id
                and entering.spend_date = leaving.spend_date
        )

)

select
    {{ columns | join(',\n    ') }},
    is_invoiced = 1 as is_invoiced,
    {{ this_run_started_at() }} as run_started_at
from versions
