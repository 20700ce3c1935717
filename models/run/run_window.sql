{#-
    What this run must read and redo, computed once, before anything changes. It is
    the one model that looks at what earlier runs left behind (macro previous_state);
    everything after it flows down the DAG.

    window_part = 'load': one row per UTC day of "startTime" this run reads from the
    source, with the source's row count now (load_kind): everything (no history yet,
    or var rebuild_history), lookback (from load_from on: run_window_bounds), or
    grown (an older day whose source rows grew, or were written again in place, since
    it was last read: run_late_days), with its newest updated_at (latest_source_update).
    run_load_days. window_part = 'observed': an older day this run does not read whose
    figures moved anyway (rows purged), recorded again in spend_log_source_days.

    window_part = 'rebuild': one row per spend_date this run rebuilds and publishes,
    with every reason (reasons), late_rows, late_spend and moved_requests. Each
    question is a macro in macros/run/ that ends in a CTE of reason rows:
      run_lookback_days         full_rebuild, lookback, reprocess_from
      run_late_days             late_rows, source_grew
      run_moved_requests        moved_request
      run_changed_verdict_days  verdict_change
      run_unpublished_days      unpublished
    A reporting calendar that would move the days of a month already invoiced
    (run_timezone_check.sql), and an invoice_as_of before a month already invoiced,
    are refused here, before anything changes; one that moves only days not invoiced
    yet rebuilds every day (reason timezone_change). So is a catalog edit that bills
    usage published as BYOK, unless confirmed (run_catalog_check.sql).

    Macros of this one model, not models of their own: the questions share the bounds
    and the grown days, which are read at compile time from the whole history and the
    whole source. A model of its own compiles in its own Jinja context and would read
    them again (ephemeral), or hold them in a table that a --select can leave stale.
-#}
{%- set history = previous_state('spend_log_history') -%}
{%- set recorded_days = previous_state('spend_log_source_days') -%}
{%- set held_keys = previous_state('int_catalog_requested_keys') -%}
{%- set published = previous_state('run_published_days') -%}
{%- set candidate = previous_state('int_spend_daily_candidate') -%}
{%- set spend_logs = ref('stg_litellm__spend_logs') -%}
{#- Today's rules and owners, for the verdicts over the keys the marts were built from. -#}
{%- set catalog_rules = ref('int_catalog_rules') -%}
{%- set ownership_days = ref('int_deployment_ownership_days') -%}

{%- set invoice_runs = previous_state('invoice_runs') -%}
{%- set zone_changed = reporting_timezone_changed(published, invoice_runs) -%}
{%- do refuse_an_invoice_as_of_before_an_issued_month(invoice_runs) -%}
{%- do refuse_byok_made_billable(held_keys, previous_state('run_published_catalog_rules'), catalog_rules, ownership_days) -%}

{%- set bounds = run_window_bounds(history, published, candidate, previous_state('spend_by_model_daily'), zone_changed) -%}
{%- set updates_seen = source_update_count(project_source_relation('litellm', 'spend_logs')) -%}
{%- set no_updates_since = updates_seen is not none and updates_seen == recorded_source_update_count(recorded_days) -%}
{%- set source_days = run_source_days(spend_logs, history, recorded_days, bounds, no_updates_since) -%}
{#- Grown or changed days are loaded; observed ones only recorded again (run_late_days.sql). -#}
{%- set grown_days = source_days | rejectattr('kind', 'equalto', 'observed') | list -%}
{%- set observed_days = source_days | selectattr('kind', 'equalto', 'observed') | list -%}
{#- The questions this run asks, by the CTE of reason rows each ends in. -#}
{%- set asked = {
    'lookback_days': true,
    'late_days': grown_days | length > 0,
    'moved_request_days': not bounds.load_everything,
    'changed_verdict_days': held_keys is not none and published is not none and not bounds.rebuild_all,
    'unpublished_days': not bounds.rebuild_all,
} -%}

with

{{ run_load_days(spend_logs, bounds, grown_days, observed_days) }}
{{ run_lookback_days(bounds, held_keys, history) }}
{%- if asked.late_days %}
{{ run_late_days(spend_logs, history, grown_days) }}
{%- endif %}
{%- if asked.moved_request_days %}
{{ run_moved_requests(spend_logs, history, bounds.load_from, grown_days) }}
{%- endif %}
{%- if asked.changed_verdict_days %}
{{ run_changed_verdict_days(held_keys, published, catalog_rules, ownership_days) }}
{%- endif %}
{%- if asked.unpublished_days %}
{{ run_unpublished_days(candidate, published) }}
{%- endif %}

reasons as (

    {%- for question, applies in asked.items() if applies %}
    {%- if not loop.first %}
    union all
    {%- endif %}
    select
        spend_date,
        reason,
        late_rows,
        late_spend,
        moved_requests
    from {{ question }}
    {%- endfor %}

),

distinct_reasons as (

    select distinct
        spend_date,
        reason
    from reasons

),

reason_totals as (

    select
        spend_date,
        sum(late_rows) as late_rows,
        sum(late_spend) as late_spend,
        sum(moved_requests) as moved_requests
    from reasons
    group by spend_date

),

reason_lists as (

    select
        spend_date,
        {{ dbt.listagg('reason', "', '", 'order by reason') }} as reasons
    from distinct_reasons
    group by spend_date

)

select
    'rebuild' as window_part,
    reason_totals.spend_date,
    reason_lists.reasons,
    cast(reason_totals.late_rows as {{ dbt.type_bigint() }}) as late_rows,
    cast(reason_totals.late_spend as {{ money_type() }}) as late_spend,
    cast(reason_totals.moved_requests as {{ dbt.type_bigint() }}) as moved_requests,
    cast(null as date) as utc_day,
    cast(null as {{ dbt.type_bigint() }}) as source_rows,
    cast(null as {{ dbt.type_string() }}) as load_kind,
    cast(null as {{ dbt.type_timestamp() }}) as latest_source_update,
    cast(null as {{ dbt.type_bigint() }}) as source_updates_seen,
    {{ timestamp_or_null(bounds.load_from) }} as load_from
from reason_totals
inner join reason_lists
    on reason_totals.spend_date = reason_lists.spend_date
union all
select
    window_part,
    cast(null as date) as spend_date,
    cast(null as {{ dbt.type_string() }}) as reasons,
    cast(null as {{ dbt.type_bigint() }}) as late_rows,
    cast(null as {{ money_type() }}) as late_spend,
    cast(null as {{ dbt.type_bigint() }}) as moved_requests,
    utc_day,
    cast(source_rows as {{ dbt.type_bigint() }}) as source_rows,
    load_kind,
    cast(latest_source_update as {{ dbt.type_timestamp() }}) as latest_source_update,
    cast({{ updates_seen if updates_seen is not none else 'null' }} as {{ dbt.type_bigint() }}) as source_updates_seen,
    {{ timestamp_or_null(bounds.load_from) }} as load_from
from load_days
