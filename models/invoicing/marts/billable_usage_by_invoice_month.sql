{#-
    What the usage-billing exports send: billable usage per bill key, split by the
    invoice month whose invoice bills it, so a billing system receives each amount in
    the period our own invoice puts it in. Grain: one row per (invoice_month,
    spend_date, team_id, customer_id, user_id, api_key, model).
      open months   the billable requests as spend_by_model_daily holds them now;
      issued months what invoicing recorded request by request (invoice_request_basis):
                    each request's issued usage in its own month, and every later
                    change to it in the first open month of the run that billed the
                    adjustment, as the invoice's adjustment lines do.
    Summed over invoice months, each day equals the billable mart. No BYOK usage.
-#}
{%- set bill_key = ['spend_date', 'team_id', 'customer_id', 'user_id', 'api_key', 'model'] %}
{%- set tokens = ['prompt_tokens', 'completion_tokens', 'total_tokens'] %}
{%- set measures = ['billable_spend'] + tokens + ['request_count'] %}

with

completed_runs as (

    select
        run_started_at,
        first_open_month,
        -- Months before it were issued by earlier runs: a version of a request on
        -- one of their days is a change, billed in this run's first open month.
        lag(first_open_month) over (order by run_started_at) as issued_before
    from {{ ref('invoice_runs') }}

),

issued_through as (

    select max(first_open_month) as first_open_month
    from completed_runs

),

versions as (

    select
        basis.request_id,
        basis.spend_date,
        case
            when runs.issued_before is null or basis.spend_date >= runs.issued_before
                then {{ month_of('basis.spend_date') }}
            else runs.first_open_month
        end as invoice_month,
        basis.team_id,
        basis.customer_id,
        basis.is_invoiced and not basis.is_byok as is_billed,
        basis.spend,
        basis.{{ tokens | join(',\n        basis.') }},
        {%- for column in ['team_id', 'customer_id', 'spend'] + tokens %}
        lag(basis.{{ column }}) over request_day as billed_before_{{ column }},
        {%- endfor %}
        lag(basis.is_invoiced and not basis.is_byok) over request_day as was_billed
    from {{ ref('invoice_request_basis') }} as basis
    inner join completed_runs as runs
        on basis.run_started_at = runs.run_started_at
    window request_day as (partition by basis.request_id, basis.spend_date order by basis.run_started_at)

),

issued_entries as (

    -- What each version bills, minus what the version before it billed.
    select
        invoice_month,
        spend_date,
        request_id,
        team_id,
        customer_id,
        spend as billable_spend,
        {{ tokens | join(',\n        ') }},
        1 as request_count
    from versions
    where is_billed
    union all
    select
        invoice_month,
        spend_date,
        request_id,
        billed_before_team_id as team_id,
        billed_before_customer_id as customer_id,
        -billed_before_spend as billable_spend,
        {%- for column in tokens %}
        -billed_before_{{ column }} as {{ column }},
        {%- endfor %}
        -1 as request_count
    from versions
    where was_billed

),

issued_usage as (

    -- Invoicing keeps team and customer; the key, user and model are the request's
    -- as the history holds it (its latest write).
    select
        entries.invoice_month,
        entries.spend_date,
        entries.team_id,
        entries.customer_id,
        history.user_id,
        coalesce(history.api_key, 'unassigned') as api_key,
        history.model,
        entries.{{ measures | join(', entries.') }}
    from issued_entries as entries
    left join {{ ref('spend_log_history') }} as history
        on entries.request_id = history.request_id

),

open_usage as (

    select
        {{ month_of('facts.spend_date') }} as invoice_month,
        facts.{{ bill_key | join(',\n        facts.') }},
        facts.spend as billable_spend,
        facts.{{ tokens | join(',\n        facts.') }},
        facts.request_count
    from {{ ref('spend_by_model_daily') }} as facts
    cross join issued_through
    where not facts.is_byok
        and (issued_through.first_open_month is null or facts.spend_date >= issued_through.first_open_month)

),

all_usage as (

    select * from issued_usage
    where spend_date < (select issued_through.first_open_month from issued_through)
    union all
    select * from open_usage

)

select
    cast(invoice_month as date) as invoice_month,
    {{ bill_key | join(',\n    ') }},
    cast(sum(billable_spend) as {{ money_type() }}) as billable_spend,
    cast(sum(prompt_tokens) as {{ dbt.type_bigint() }}) as prompt_tokens,
    cast(sum(completion_tokens) as {{ dbt.type_bigint() }}) as completion_tokens,
    cast(sum(total_tokens) as {{ dbt.type_bigint() }}) as total_tokens,
    cast(sum(request_count) as {{ dbt.type_bigint() }}) as request_count
from all_usage
group by invoice_month, {{ bill_key | join(', ') }}
having {% for measure in measures %}sum({{ measure }}) <> 0{{ ' or ' if not loop.last }}{% endfor %}
