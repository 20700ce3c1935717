{#-
    One row per completed invoicing run, written last: what makes the lines and
    versions that run appended count. first_open_month is the earliest month still
    open at its as-of date; every earlier month is issued. Never rebuilt.
-#}
-- depends_on: {{ ref('invoice_line_items') }}
-- depends_on: {{ ref('invoice_request_basis') }}

select
    {{ this_run_started_at() }} as run_started_at,
    {{ date_literal(invoice_as_of()) }} as invoice_as_of,
    {{ date_literal(first_open_month()) }} as first_open_month
