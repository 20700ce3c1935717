{#-
    What this run must invoice, computed once before anything changes. Like
    run_window, it reads what earlier runs left behind (previous_state): the
    completed invoicing runs (invoicing/ledger/invoice_runs) and when each day was
    last published (run_published_days).

    window_part = 'issue': at most one row, when months closed at this run's as-of
      date that no earlier run issued: every day from issue_from (the previous run's
      first open month; NULL on the first run: every day) up to first_open_month.
      Their usage lines are issued now.
    window_part = 'recheck': one row per spend_date of a month issued earlier that
      the marts republish in this run (run_window), or that were published after the
      last completed invoicing run (a run that stopped between the two), and on
      --full-refresh every day published before (the new marts may lack some). Their
      requests are compared with what was invoiced; every difference becomes an
      adjustment in the first open month.

    (run_window has refused an as-of date before a month already issued.)
-#}
{%- set runs = previous_state('invoice_runs') -%}
{%- set published = previous_state('run_published_days') -%}
{%- set as_of = invoice_as_of() -%}
{%- set first_open = first_open_month() -%}

{%- set last_first_open = none -%}
{%- set last_run_at = none -%}
{%- if runs is not none and execute -%}
    {%- set last = run_query('select max(first_open_month), max(run_started_at) from ' ~ runs).rows[0] -%}
    {%- set last_first_open = last[0] -%}
    {%- set last_run_at = last[1] -%}
{%- endif -%}
{%- set issues_months = last_first_open is none or last_first_open < first_open %}
-- depends_on: {{ ref('run_window') }}

with

{%- if last_first_open is not none %}

rebuilt_days as (

    select spend_date
    from {{ ref('run_window') }}
    where window_part = 'rebuild'
    {%- if published is not none %}
    union all
    -- Published after the last completed invoicing run: that run's changes were not invoiced.
    -- On --full-refresh the marts are replaced whole: a day published before that the new
    -- marts no longer hold (its rows purged, then rebuild_history) changed too.
    select spend_date
    from {{ published }}
    {%- if not flags.FULL_REFRESH %}
    where published_at > {{ timestamp_literal(last_run_at) }}
    {%- endif %}
    {%- endif %}

),

recheck_days as (

    select distinct spend_date
    from rebuilt_days
    where spend_date < {{ date_literal(last_first_open) }}

),
{%- endif %}

window_rows as (

    select
        'recheck' as window_part,
        cast(null as date) as spend_date,
        cast(null as date) as issue_from
    where 1 = 0
    {%- if issues_months %}
    union all
    select
        'issue' as window_part,
        cast(null as date) as spend_date,
        {{ date_literal(last_first_open) if last_first_open is not none else 'cast(null as date)' }} as issue_from
    {%- endif %}
    {%- if last_first_open is not none %}
    union all
    select
        'recheck' as window_part,
        spend_date,
        cast(null as date) as issue_from
    from recheck_days
    {%- endif %}

)

select
    cast(window_part as {{ dbt.type_string() }}) as window_part,
    spend_date,
    issue_from,
    {{ date_literal(first_open) }} as first_open_month,
    {{ date_literal(as_of) }} as invoice_as_of
from window_rows
