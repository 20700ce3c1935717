{#-
    The invoices: every line of every month, issued or draft. Grain: one row per
    (invoice_month, team_id, customer_id, line_kind, corrected_month, reason).
      issued  a closed month's lines, as the invoicing run that closed it wrote
              them (issued_at), and the adjustments billed in it: never rewritten;
      draft   the open months: their usage as the billable mart holds it now, and
              the adjustments recorded in the first open month so far.
    For every month, its usage line plus every adjustment that corrects it equal
    the billable mart (audits on invoicing/intermediate/int_invoice_line_changes).
-#}
{%- set customer = invoice_line_customer('customer_id') %}

with

completed_runs as (

    select * from {{ ref('invoice_runs') }}

),

issued_through as (

    -- Months before it are issued; NULL before the first invoicing run.
    select max(first_open_month) as first_open_month
    from completed_runs

),

written_lines as (

    select *
    from {{ ref('invoice_line_items') }} as items
    where {{ written_by_a_completed_invoicing_run('items', ref('invoice_runs')) }}

),

open_month_facts as (

    select facts.*
    from {{ ref('spend_by_model_daily') }} as facts
    cross join issued_through
    where issued_through.first_open_month is null
        or facts.spend_date >= issued_through.first_open_month

),

open_month_usage as (

    select
        {{ month_of('spend_date') }} as invoice_month,
        team_id,
        {{ customer }} as customer_id,
        'usage' as line_kind,
        {{ month_of('spend_date') }} as corrected_month,
        cast(null as {{ dbt.type_string() }}) as reason,
        {{ invoice_line_measures(request_count='request_count') }}
    from open_month_facts
    group by {{ month_of('spend_date') }}, team_id, {{ customer }}

),

lines as (

    select
        invoice_month, team_id, customer_id, line_kind, corrected_month, reason,
        {{ invoice_line_measure_names() | join(', ') }}
    from written_lines
    union all
    select
        invoice_month, team_id, customer_id, line_kind, corrected_month, reason,
        {{ invoice_line_measure_names() | join(', ') }}
    from open_month_usage

),

issue_dates as (

    select
        months.invoice_month,
        min(completed_runs.run_started_at) as issued_at
    from (select distinct invoice_month from lines) as months
    inner join completed_runs
        on months.invoice_month < completed_runs.first_open_month
    group by months.invoice_month

)

select
    lines.invoice_month,
    lines.team_id,
    lines.customer_id,
    lines.line_kind,
    lines.corrected_month,
    lines.reason,
    cast(case when issue_dates.issued_at is null then 'draft' else 'issued' end as {{ dbt.type_string() }}) as status,
    issue_dates.issued_at,
    {{ invoice_line_measure_sums('lines') }}
from lines
left join issue_dates
    on lines.invoice_month = issue_dates.invoice_month
group by
    lines.invoice_month, lines.team_id, lines.customer_id, lines.line_kind,
    lines.corrected_month, lines.reason, issue_dates.issued_at
