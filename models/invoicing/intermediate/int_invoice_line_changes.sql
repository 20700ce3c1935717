{#-
    The invoice lines this run adds, built before any is written: the audit
    assert_invoice_lines_add_up_to_the_billable_mart runs on this model, and
    invoicing/ledger/ appends only what passed it.
      usage       one per (month issued now, team[, customer]): the month's usage,
                  billable and BYOK;
      adjustment  one per (corrected month, team[, customer], reason): the changes
                  to the months issued before (int_invoice_request_changes), billed
                  in the first open month.
    customer_id is set when var invoice_by_customer is true, else NULL.
    Grain: one row per (invoice_month, team_id, customer_id, line_kind,
    corrected_month, reason).
-#}
{%- set first_open = first_open_month() -%}
{%- set customer = invoice_line_customer('customer_id') -%}

with

issued_now as (

    select * from {{ ref('int_invoice_request_states') }}
    where {{ in_invoice_window('spend_date', 'issue') }}

),

request_changes as (

    select * from {{ ref('int_invoice_request_changes') }}

),

usage_lines as (

    select
        usage_month as invoice_month,
        team_id,
        {{ customer }} as customer_id,
        'usage' as line_kind,
        usage_month as corrected_month,
        cast(null as {{ dbt.type_string() }}) as reason,
        {{ invoice_line_measures() }}
    from issued_now
    group by usage_month, team_id, {{ customer }}

),

adjustment_parts as (

    select
        {{ month_of('spend_date') }} as corrected_month,
        team_id,
        {{ customer }} as customer_id,
        reason,
        {{ invoice_line_measures('-1') }}
    from request_changes
    where side = 'leaves'
    group by {{ month_of('spend_date') }}, team_id, {{ customer }}, reason
    union all
    select
        {{ month_of('spend_date') }} as corrected_month,
        team_id,
        {{ customer }} as customer_id,
        reason,
        {{ invoice_line_measures() }}
    from request_changes
    where side = 'enters'
    group by {{ month_of('spend_date') }}, team_id, {{ customer }}, reason

),

adjustment_lines as (

    select
        {{ date_literal(first_open) }} as invoice_month,
        team_id,
        customer_id,
        'adjustment' as line_kind,
        corrected_month,
        reason,
        {{ invoice_line_measure_sums() }}
    from adjustment_parts
    group by corrected_month, team_id, customer_id, reason
    -- A request that moved within a month and team changes nothing there.
    having {% for measure in invoice_line_measure_names() %}sum({{ measure }}) <> 0{{ ' or ' if not loop.last }}{% endfor %}

),

lines as (

    select * from usage_lines
    union all
    select * from adjustment_lines

)

select
    cast(invoice_month as date) as invoice_month,
    cast(team_id as {{ dbt.type_string() }}) as team_id,
    cast(customer_id as {{ dbt.type_string() }}) as customer_id,
    cast(line_kind as {{ dbt.type_string() }}) as line_kind,
    cast(corrected_month as date) as corrected_month,
    cast(reason as {{ dbt.type_string() }}) as reason,
    cast(billable_spend as {{ money_type() }}) as billable_spend,
    cast(prompt_tokens as {{ dbt.type_bigint() }}) as prompt_tokens,
    cast(completion_tokens as {{ dbt.type_bigint() }}) as completion_tokens,
    cast(total_tokens as {{ dbt.type_bigint() }}) as total_tokens,
    cast(request_count as {{ dbt.type_bigint() }}) as request_count,
    cast(byok_spend as {{ money_type() }}) as byok_spend,
    cast(byok_request_count as {{ dbt.type_bigint() }}) as byok_request_count
from lines
