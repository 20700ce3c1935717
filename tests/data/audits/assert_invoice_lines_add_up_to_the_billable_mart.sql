{#-
    Before any invoice line is written, and before any mart is published: for every
    month this run issues or rechecks (every issued month the run rebuilds a day
    of: all of them on --full-refresh or a new reporting calendar, and on the deep
    check every issued month), and every team, the lines written so far
    (invoicing/run/invoice_totals_before) plus this run's (int_invoice_line_changes)
    equal the billable usage the marts are about to publish: the audited candidate's
    rows that are not BYOK, every day of which the billable mart copies. A row here
    names the month and team that would not add up; nothing is written and nothing
    is published (the marts depend on the invoicing intermediates for this).
-#}
{%- set window = ref('invoice_window') %}

with

months as (

    select distinct {{ month_of('spend_date') }} as invoice_month
    from {{ window }}
    where window_part = 'recheck'
    {%- if deep_check() %}
    union
    select corrected_month as invoice_month
    from {{ ref('invoice_totals_before') }}
    {%- endif %}

),

mart as (

    select
        {{ month_of('spend_date') }} as corrected_month,
        team_id,
        sum(spend) as billable_spend,
        sum(request_count) as request_count
    from {{ ref('int_spend_daily_candidate') }}
    where
        not is_byok
        and (
            {{ in_invoice_window('spend_date', 'issue') }}
            or {{ month_of('spend_date') }} in (select months.invoice_month from months)
        )
    group by {{ month_of('spend_date') }}, team_id

),

invoiced_parts as (

    select
        corrected_month,
        team_id,
        billable_spend,
        request_count
    from {{ ref('invoice_totals_before') }}
    where corrected_month in (select months.invoice_month from months)
    union all
    select
        corrected_month,
        team_id,
        billable_spend,
        request_count
    from {{ ref('int_invoice_line_changes') }}

),

invoiced as (

    select
        corrected_month,
        team_id,
        sum(billable_spend) as billable_spend,
        sum(request_count) as request_count
    from invoiced_parts
    group by corrected_month, team_id

)

select
    coalesce(mart.corrected_month, invoiced.corrected_month) as corrected_month,
    coalesce(mart.team_id, invoiced.team_id) as team_id,
    mart.billable_spend as billable_mart_spend,
    invoiced.billable_spend as invoiced_spend,
    mart.request_count as billable_mart_requests,
    invoiced.request_count as invoiced_requests
from mart
full outer join invoiced
    on mart.corrected_month = invoiced.corrected_month
        and mart.team_id = invoiced.team_id
where coalesce(mart.billable_spend, 0) <> coalesce(invoiced.billable_spend, 0)
    or coalesce(mart.request_count, 0) <> coalesce(invoiced.request_count, 0)
