{#-
    What this run must read and redo, computed once, before anything changes. It is
    the one model that looks at what earlier runs left behind (macro previous_state);
    everything after it flows down the DAG.

    window_part = 'load': one row per UTC day of "startTime" this run reads from the
    source, with the source's row count now (load_kind):
      everything  no history yet (or var rebuild_history): the whole source;
      lookback    from load_from on: var lookback_days before the latest day held
                  (or var reprocess_from, when earlier), minus a day so that no
                  reporting time zone moves a row across the edge;
      grown       an older day that holds more rows now than when it was last
                  published (spend_log_source_days): rows arrived late, and this
                  run loads them by itself.

    window_part = 'rebuild': one row per spend_date this run rebuilds and publishes,
    with every reason (reasons):
      full_rebuild    first publish, --full-refresh, or a published layout this
                      release changed (a new mart, a grain column added to the
                      candidate): every day held is rebuilt;
      lookback        inside the lookback (new days included), or a day of the rows
                      read before it (load_from), which the history may have changed;
      reprocess_from  forced by var reprocess_from;
      late_rows       a grown day's new rows (late_rows, late_spend);
      source_grew     a grown day whose rows were all held already (an exact
                      re-delivery, or rows a failed run loaded);
      moved_request   the old day of a request whose start time moved (moved_requests);
      verdict_change  a catalog edit or an ownership change changed a verdict;
      unpublished     the audited candidate holds it as built after the last
                      publish (a failed run could not publish it).

    A reporting_timezone other than the one the marts were published with, and an
    invoice_as_of before a month already invoiced, are refused here, before
    anything changes.
-#}
{%- set history = previous_state('spend_log_history') -%}
{%- set recorded_days = previous_state('spend_log_source_days') -%}
{%- set held_keys = previous_state('int_catalog_requested_keys') -%}
{%- set published = previous_state('run_published_days') -%}
{%- set candidate = previous_state('int_spend_daily_candidate') -%}
{%- set timezone = var('reporting_timezone', 'UTC') -%}
{%- set spend_logs = ref('stg_litellm__spend_logs') -%}
{#- Today's rules and owners, for the verdicts over the keys the marts were built from. -#}
{%- set catalog_rules = ref('int_catalog_rules') -%}
{%- set ownership_days = ref('int_deployment_ownership_days') -%}

{%- do refuse_a_changed_reporting_timezone(published, timezone) -%}
{%- do refuse_an_invoice_as_of_before_an_issued_month(previous_state('invoice_runs')) -%}

{#- Bounds read now, so that the SQL below holds literals the engines can prune by. -#}
{%- set latest_day = none -%}
{%- if history is not none and not var('rebuild_history', false) -%}
    {%- set latest_day = run_query(
        'select ' ~ local_date('max(started_at)', timezone) ~ ' from ' ~ history
    ).columns[0].values()[0] -%}
{%- endif -%}
{%- set load_everything = latest_day is none -%}
{%- set rebuild_from = none -%}
{%- set lookback_from = none -%}
{%- if not load_everything -%}
    {%- set lookback_from = latest_day - modules.datetime.timedelta(days=var('lookback_days', 3) | int) -%}
    {%- set rebuild_from = lookback_from -%}
    {%- if var('reprocess_from', none) -%}
        {%- set forced_from = modules.datetime.date.fromisoformat(var('reprocess_from') | string) -%}
        {%- set rebuild_from = [forced_from, lookback_from] | min -%}
    {%- endif -%}
{%- endif -%}
{%- set load_from = rebuild_from - modules.datetime.timedelta(days=1) if rebuild_from else none -%}
{%- set layout_changed = false -%}
{%- if candidate is not none -%}
    {%- set held_columns = adapter.get_columns_in_relation(candidate) | map(attribute='name') | map('lower') | list -%}
    {%- set layout_changed = previous_state('spend_by_model_daily') is none
        or candidate_grain() | reject('in', held_columns) | list | length > 0 -%}
{%- endif -%}
{%- set rebuild_all = load_everything or flags.FULL_REFRESH or published is none or candidate is none or layout_changed -%}

{#- UTC days before load_from whose source row count grew since they were last published. -#}
{%- set grown_days = [] -%}
{%- if not load_everything and execute -%}
    {%- set grown = run_query(
        'select source_days.utc_day, source_days.source_rows from ('
        ~ ' select cast(started_at as date) as utc_day, count(*) as source_rows from ' ~ spend_logs
        ~ ' where started_at < ' ~ timestamp_literal(load_from) ~ ' group by cast(started_at as date)'
        ~ ') as source_days'
        ~ (' left join ' ~ recorded_days ~ ' as recorded on source_days.utc_day = recorded.utc_day'
           ~ ' where source_days.source_rows > coalesce(recorded.source_rows, 0)' if recorded_days is not none else '')
        ~ ' order by 1'
    ) -%}
    {%- for row in grown.rows -%}
        {%- do grown_days.append({'utc_day': row[0], 'source_rows': row[1]}) -%}
    {%- endfor -%}
{%- endif -%}

with

lookback_rows as (

    select
        request_id,
        started_at,
        rejection_reason,
        {{ local_date('started_at', timezone) }} as spend_date
    from {{ spend_logs }}
    where started_at is not null
    {%- if not load_everything %}
        and started_at >= {{ timestamp_literal(load_from) }}
    {%- endif %}

),

load_days as (

    select
        cast(started_at as date) as utc_day,
        count(*) as source_rows,
        '{{ "everything" if load_everything else "lookback" }}' as load_kind
    from lookback_rows
    group by cast(started_at as date)
    {%- for day in grown_days %}
    union all
    select
        {{ date_literal(day.utc_day) }} as utc_day,
        {{ day.source_rows }} as source_rows,
        'grown' as load_kind
    {%- endfor %}

),

{%- if grown_days %}

grown_requests as (

    select
        request_id,
        {{ local_date('started_at', timezone) }} as spend_date,
        max(spend) as spend
    from {{ spend_logs }}
    where rejection_reason is null and {{ utc_days_predicate('started_at', grown_days) }}
    group by request_id, {{ local_date('started_at', timezone) }}

),

held_on_grown_days as (

    select request_id
    from {{ history }}
    where {{ utc_days_predicate('started_at', grown_days) }}

),

grown_day_dates as (

    -- Requests the history does not hold yet are late; a day whose requests are all
    -- held was re-delivered, and rebuilding it changes nothing.
    select
        grown_requests.spend_date,
        sum(case when held_on_grown_days.request_id is null then 1 else 0 end) as late_rows,
        sum(case when held_on_grown_days.request_id is null then grown_requests.spend else 0 end) as late_spend
    from grown_requests
    left join held_on_grown_days
        on grown_requests.request_id = held_on_grown_days.request_id
    group by grown_requests.spend_date

),
{%- endif %}

{%- if not load_everything %}

requests_read as (

    -- From lookback_rows, not the source again: on Postgres the lookback's rows lie
    -- scattered over the whole table, and every read of them costs a scan.
    select request_id
    from lookback_rows
    where rejection_reason is null
    {%- if grown_days %}
    union all
    select request_id
    from {{ spend_logs }}
    where rejection_reason is null and {{ utc_days_predicate('started_at', grown_days) }}
    {%- endif %}

),

held_in_load_set as (

    select request_id
    from {{ history }}
    where started_at >= {{ timestamp_literal(load_from) }}{% if grown_days %} or {{ utc_days_predicate('started_at', grown_days) }}{% endif %}

),

read_or_held as (

    select request_id, 1 as is_read, 0 as is_held from requests_read
    union all
    select request_id, 0 as is_read, 1 as is_held from held_in_load_set

),

unheld_reads as (

    -- Read now, but held at no start time this run reads: new, or moved here. One
    -- aggregate, not a join: Postgres cannot size a CTE, and probed the history once
    -- per request read (9 s of a 10M-row day run).
    select request_id
    from read_or_held
    group by request_id
    having max(is_read) = 1 and max(is_held) = 0

),

moved_requests as (

    -- Held anyway: at a start time outside what this run reads, so its old day loses it.
    select
        {{ local_date('held.started_at', timezone) }} as spend_date,
        count(distinct held.request_id) as moved_requests
    from unheld_reads
    inner join {{ history }} as held
        on unheld_reads.request_id = held.request_id
    group by {{ local_date('held.started_at', timezone) }}

),
{%- endif %}

{%- if held_keys is not none and published is not none and not rebuild_all %}

verdicts_now as (

    {{ catalog_verdicts(held_keys, catalog_rules, ownership_days) }}

),

fingerprints_now as (

    {{ catalog_day_fingerprints('verdicts_now') }}

),

verdict_changes as (

    select fingerprints_now.spend_date
    from fingerprints_now
    left join {{ published }} as published
        on fingerprints_now.spend_date = published.spend_date
    where published.spend_date is null
        or published.catalog_fingerprint <> fingerprints_now.catalog_fingerprint

),
{%- endif %}

{%- if not rebuild_all %}

unpublished_days as (

    -- The candidate's days built after the last publish: a run failed after building
    -- them (an audit, a kill), so the marts do not hold them yet.
    select distinct spend_date
    from {{ candidate }}
    where built_at > (select max(published.published_at) from {{ published }} as published)

),
{%- endif %}

reasons as (

    select
        spend_date,
        '{{ "full_rebuild" if rebuild_all else "lookback" }}' as reason,
        0 as late_rows,
        cast(0 as {{ money_type() }}) as late_spend,
        0 as moved_requests
    from lookback_rows
    where rejection_reason is null
    {%- if not load_everything %}
        and spend_date >= {{ date_literal(lookback_from) }}
    {%- endif %}
    group by spend_date
    {%- if not load_everything %}
    union all
    -- The day read before the lookback (or reprocess_from): the history takes its late
    -- and changed rows like any other's, so its days are rebuilt too, else the
    -- candidate would lack them and every run's audit would fail on the same rows.
    select
        spend_date,
        'lookback' as reason,
        0 as late_rows,
        cast(0 as {{ money_type() }}) as late_spend,
        0 as moved_requests
    from lookback_rows
    where rejection_reason is null
        and spend_date < {{ date_literal(rebuild_from) }}
    group by spend_date
    {%- endif %}
    {%- if rebuild_from is not none and rebuild_from < lookback_from %}
    union all
    select
        spend_date,
        'reprocess_from' as reason,
        0 as late_rows,
        cast(0 as {{ money_type() }}) as late_spend,
        0 as moved_requests
    from lookback_rows
    where rejection_reason is null
        and spend_date >= {{ date_literal(rebuild_from) }}
        and spend_date < {{ date_literal(lookback_from) }}
    group by spend_date
    {%- endif %}
    {%- if rebuild_all and not load_everything %}
    union all
    -- Every day held: the days whose rows the source has purged too.
    select
        spend_date,
        'full_rebuild' as reason,
        0 as late_rows,
        cast(0 as {{ money_type() }}) as late_spend,
        0 as moved_requests
    {%- if held_keys is not none %}
    from {{ held_keys }}
    {%- else %}
    from (select {{ local_date('started_at', timezone) }} as spend_date from {{ history }}) as held_days
    {%- endif %}
    group by spend_date
    {%- endif %}
    {%- if grown_days %}
    union all
    select
        spend_date,
        case when late_rows > 0 then 'late_rows' else 'source_grew' end as reason,
        late_rows,
        cast(late_spend as {{ money_type() }}) as late_spend,
        0 as moved_requests
    from grown_day_dates
    {%- endif %}
    {%- if not load_everything %}
    union all
    select
        spend_date,
        'moved_request' as reason,
        0 as late_rows,
        cast(0 as {{ money_type() }}) as late_spend,
        moved_requests
    from moved_requests
    {%- endif %}
    {%- if held_keys is not none and published is not none and not rebuild_all %}
    union all
    select
        spend_date,
        'verdict_change' as reason,
        0 as late_rows,
        cast(0 as {{ money_type() }}) as late_spend,
        0 as moved_requests
    from verdict_changes
    {%- endif %}
    {%- if not rebuild_all %}
    union all
    select
        spend_date,
        'unpublished' as reason,
        0 as late_rows,
        cast(0 as {{ money_type() }}) as late_spend,
        0 as moved_requests
    from unpublished_days
    {%- endif %}

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

),

rebuild_days as (

    select
        reason_totals.spend_date,
        reason_lists.reasons,
        reason_totals.late_rows,
        reason_totals.late_spend,
        reason_totals.moved_requests
    from reason_totals
    inner join reason_lists
        on reason_totals.spend_date = reason_lists.spend_date

)

select
    'rebuild' as window_part,
    spend_date,
    reasons,
    cast(late_rows as {{ dbt.type_bigint() }}) as late_rows,
    cast(late_spend as {{ money_type() }}) as late_spend,
    cast(moved_requests as {{ dbt.type_bigint() }}) as moved_requests,
    cast(null as date) as utc_day,
    cast(null as {{ dbt.type_bigint() }}) as source_rows,
    cast(null as {{ dbt.type_string() }}) as load_kind,
    {{ timestamp_or_null(load_from) }} as load_from
from rebuild_days
union all
select
    'load' as window_part,
    cast(null as date) as spend_date,
    cast(null as {{ dbt.type_string() }}) as reasons,
    cast(null as {{ dbt.type_bigint() }}) as late_rows,
    cast(null as {{ money_type() }}) as late_spend,
    cast(null as {{ dbt.type_bigint() }}) as moved_requests,
    utc_day,
    cast(source_rows as {{ dbt.type_bigint() }}) as source_rows,
    load_kind,
    {{ timestamp_or_null(load_from) }} as load_from
from load_days
