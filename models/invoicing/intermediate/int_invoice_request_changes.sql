{#-
    One row per side of every change to an invoiced request on the days this run
    rechecks (invoicing/run/invoice_window), compared with what was invoiced for it
    (invoicing/run/invoice_requests_before): `leaves` holds what was invoiced, `enters` what
    holds now; an unchanged request has no row. Both sides carry one reason:
      late_rows         not invoiced on any rechecked day before: it arrived after;
      moved_request     its day changed, or it left for a day not invoiced yet;
      ownership_change  its verdict changed, and LiteLLM's ownership of its
                        deployment (tier 2) decided it before or decides it now,
                        with no model_id rule (tier 1) on either side;
      catalog_change    its verdict changed otherwise: a catalog edit;
      other             its spend, tokens, team or customer were rewritten, or the
                        history no longer holds it.
    Grain: one row per (request_id, side).
-#}

with

rechecked_now as (

    select * from {{ ref('int_invoice_request_states') }}
    where {{ in_invoice_window('spend_date', 'recheck') }}

),

invoiced as (

    select * from {{ ref('invoice_requests_before') }}

),

changed as (

    select
        coalesce(invoiced.request_id, rechecked_now.request_id) as request_id,
        case when invoiced.request_id is null then 0 else 1 end as was_invoiced,
        case when rechecked_now.request_id is null then 0 else 1 end as is_on_a_rechecked_day,
        invoiced.spend_date as invoiced_spend_date,
        rechecked_now.spend_date as spend_date_now,
        invoiced.is_byok as invoiced_is_byok,
        rechecked_now.is_byok as is_byok_now,
        invoiced.deciding_tier as invoiced_tier,
        rechecked_now.deciding_tier as tier_now
    from invoiced
    full outer join rechecked_now
        on invoiced.request_id = rechecked_now.request_id
    where invoiced.request_id is null
        or rechecked_now.request_id is null
        or invoiced.spend_date <> rechecked_now.spend_date
        or invoiced.team_id <> rechecked_now.team_id
        or invoiced.customer_id <> rechecked_now.customer_id
        or invoiced.is_byok <> rechecked_now.is_byok
        or invoiced.spend <> rechecked_now.spend
        or invoiced.prompt_tokens <> rechecked_now.prompt_tokens
        or invoiced.completion_tokens <> rechecked_now.completion_tokens
        or invoiced.total_tokens <> rechecked_now.total_tokens

),

left_the_rechecked_days as (

    select request_id
    from changed
    where is_on_a_rechecked_day = 0

),

still_held as (

    -- Requests that left the rechecked days: moved elsewhere, or gone from the history.
    select request_id
    from {{ ref('spend_log_history') }}
    where request_id in (select left_the_rechecked_days.request_id from left_the_rechecked_days)

),

reasoned as (

    select
        changed.request_id,
        case
            when changed.was_invoiced = 0 then 'late_rows'
            when changed.is_on_a_rechecked_day = 0 and still_held.request_id is not null then 'moved_request'
            when changed.is_on_a_rechecked_day = 0 then 'other'
            when changed.invoiced_spend_date <> changed.spend_date_now then 'moved_request'
            when changed.invoiced_is_byok <> changed.is_byok_now
                and (changed.invoiced_tier = 2 or changed.tier_now = 2)
                and changed.invoiced_tier <> 1 and changed.tier_now <> 1 then 'ownership_change'
            when changed.invoiced_is_byok <> changed.is_byok_now then 'catalog_change'
            else 'other'
        end as reason
    from changed
    left join still_held
        on changed.request_id = still_held.request_id

),

leaving as (

    select
        reasoned.reason,
        invoiced.{{ invoiced_request_columns().keys() | join(',\n        invoiced.') }}
    from reasoned
    inner join invoiced
        on reasoned.request_id = invoiced.request_id

),

entering as (

    select
        reasoned.reason,
        rechecked_now.{{ invoiced_request_columns().keys() | join(',\n        rechecked_now.') }}
    from reasoned
    inner join rechecked_now
        on reasoned.request_id = rechecked_now.request_id

)

select
    'leaves' as side,
    reason,
    {{ invoiced_request_columns().keys() | join(',\n    ') }}
from leaving
union all
select
    'enters' as side,
    reason,
    {{ invoiced_request_columns().keys() | join(',\n    ') }}
from entering
