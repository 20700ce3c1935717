{#-
    Late and changed rows, a question of run/run_window: which older days got source
    rows, or had rows rewritten, after they were last read?

    run_source_days: every UTC day before load_from whose source figures differ from
    the ones recorded when it was last read (spend_log_source_days, `recorded_days`),
    read at compile time so that every read of those days names them as literals. A
    list of dicts (utc_day, source_rows, latest_source_update, kind):
      grown     the row count is above the recorded one: rows arrived late;
      changed   the newest updated_at is after the recorded one: a row was written
                again in place (re-priced, re-teamed, re-keyed, moved; a warehouse
                copy kept by upserts), however old, whatever the counts;
      observed  neither, but the figures moved (rows purged by LiteLLM's retention, or
                a day recorded before updated_at was): recorded again, not read.
    Grown and changed days are loaded by themselves (load_kind 'grown'). Counts alone
    balanced out: a request moved from one day to another in place kept both counts.
    Sources without updated_at (older LiteLLM) are covered by the deep check: its
    content digest (run_changed_content_days) finds the changed days.
-#}
{% macro run_source_days(spend_logs, history, recorded_days, bounds, no_updates_since=false) %}
    {%- set days = [] -%}
    {%- if bounds.load_everything or not execute -%}
        {{ return(days) }}
    {%- endif -%}
    {%- set recorded_has_updates = recorded_days is not none and 'latest_source_update' in (
        adapter.get_columns_in_relation(recorded_days) | map(attribute='name') | map('lower') | list) -%}
    {%- set recorded_update = 'recorded.latest_source_update' if recorded_has_updates else 'cast(null as ' ~ dbt.type_timestamp() ~ ')' -%}
    {%- set differs = ('source_days.source_rows <> coalesce(recorded.source_rows, -1)'
        ~ ' or source_days.latest_source_update > ' ~ recorded_update
        ~ ' or (source_days.latest_source_update is not null and ' ~ recorded_update ~ ' is null)'
        if recorded_days is not none else '1 = 1') -%}
    {%- set changed_content = run_changed_content_days(spend_logs, history, bounds) -%}
    {#- No row written again in place since the last recorded run (source_update_count.sql):
        the counts decide, and each day keeps the newest updated_at it had. -#}
    {%- set skip_updates = no_updates_since and recorded_has_updates and not deep_check() -%}
    {%- set newest_update = 'cast(null as ' ~ dbt.type_timestamp() ~ ')' if skip_updates else 'max(source_updated_at)' -%}
    {%- set kept_update = 'coalesce(source_days.latest_source_update, ' ~ recorded_update ~ ')' if skip_updates
        else 'source_days.latest_source_update' -%}
    {%- set found = run_query(
        'select source_days.utc_day, source_days.source_rows, ' ~ kept_update ~ ', '
        ~ (' case when source_days.source_rows > coalesce(recorded.source_rows, 0) then \'grown\''
           ~ ' when source_days.latest_source_update > ' ~ recorded_update ~ ' then \'changed\''
           ~ ' else \'observed\' end' if recorded_days is not none else "'grown'")
        ~ ', case when ' ~ differs ~ ' then 1 else 0 end'
        ~ ' from (select cast(started_at as date) as utc_day, count(*) as source_rows,'
        ~ ' ' ~ newest_update ~ ' as latest_source_update from ' ~ spend_logs
        ~ ' where started_at < ' ~ timestamp_literal(bounds.load_from) ~ ' group by cast(started_at as date)'
        ~ ') as source_days'
        ~ (' left join ' ~ recorded_days ~ ' as recorded on source_days.utc_day = recorded.utc_day' if recorded_days is not none else '')
        ~ (' where ' ~ differs if not changed_content else '')
        ~ ' order by 1'
    ) -%}
    {%- for row in found.rows if row[4] == 1 or row[0] in changed_content -%}
        {%- set kind = 'changed' if row[3] == 'observed' and row[0] in changed_content else row[3] -%}
        {%- do days.append({'utc_day': row[0], 'source_rows': row[1], 'latest_source_update': row[2], 'kind': kind}) -%}
    {%- endfor -%}
    {{ return(days | sort(attribute='utc_day')) }}
{% endmacro %}

{#-
    The deep check's question for sources without updated_at (and a second look for
    those with it): the UTC days before load_from holding a source row that the
    history does not hold as it is now: its digest over every kept column (staging's
    values, so an unchanged row digests alike on both sides) matches no held copy of
    its request. A changed, moved or new row is such a row; a purged one is not (the
    history keeps it). A warehouse copy that keeps the losing copies of a re-delivered
    request names their days too, and reloading them changes nothing. Empty outside
    the deep check: it reads the whole source and the whole history.
-#}
{% macro run_changed_content_days(spend_logs, history, bounds) %}
    {%- if not deep_check() or history is none or not execute -%}
        {{ return([]) }}
    {%- endif -%}
    {%- set digest = dbt.hash(dbt.concat(row_digest_parts())) -%}
    {%- set found = run_query(
        'select distinct source_rows.utc_day from (select request_id, cast(started_at as date) as utc_day, '
        ~ digest ~ ' as row_digest from ' ~ spend_logs ~ ' where rejection_reason is null and started_at < '
        ~ timestamp_literal(bounds.load_from) ~ ') as source_rows left join (select request_id, ' ~ digest
        ~ ' as row_digest from ' ~ history ~ ') as held on source_rows.request_id = held.request_id'
        ~ ' and source_rows.row_digest = held.row_digest where held.request_id is null order by 1'
    ) -%}
    {{ return(found.columns[0].values() | list) }}
{% endmacro %}

{#- A row's kept columns as text, NULL marked, for a digest both sides compute alike. -#}
{% macro row_digest_parts() %}
    {%- set parts = [] -%}
    {%- for column in history_columns() -%}
        {%- if not loop.first -%}{%- do parts.append("'|'") -%}{%- endif -%}
        {%- do parts.append("coalesce(cast(" ~ column ~ " as " ~ dbt.type_string() ~ "), '<null>')") -%}
    {%- endfor -%}
    {{ return(parts) }}
{% endmacro %}

{#-
    run_late_days: the CTEs that end in late_days, one reason row per spend_date of
    the grown days: late_rows with the rows and spend of the requests the history did
    not hold yet; else changed_in_place on a day whose rows were written again
    (kind changed); else source_grew when every request was held already (an exact
    re-delivery, or rows a failed run loaded; rebuilding the day changes nothing).
-#}
{% macro run_late_days(spend_logs, history, grown_days) %}
grown_requests as (

    select
        request_id,
        {{ reporting_date('started_at') }} as spend_date,
        max(spend) as spend,
        max(case when {{ utc_days_predicate('started_at', grown_days | selectattr('kind', 'equalto', 'changed') | list) }}
            then 1 else 0 end) as on_changed_day
    from {{ spend_logs }}
    where rejection_reason is null and {{ utc_days_predicate('started_at', grown_days) }}
    group by request_id, {{ reporting_date('started_at') }}

),

held_on_grown_days as (

    select request_id
    from {{ history }}
    where {{ utc_days_predicate('started_at', grown_days) }}

),

grown_day_dates as (

    select
        grown_requests.spend_date,
        sum(case when held_on_grown_days.request_id is null then 1 else 0 end) as late_rows,
        sum(case when held_on_grown_days.request_id is null then grown_requests.spend else 0 end) as late_spend,
        max(grown_requests.on_changed_day) as on_changed_day
    from grown_requests
    left join held_on_grown_days
        on grown_requests.request_id = held_on_grown_days.request_id
    group by grown_requests.spend_date

),

late_days as (

    select
        spend_date,
        case
            when late_rows > 0 then 'late_rows'
            when on_changed_day = 1 then 'changed_in_place'
            else 'source_grew'
        end as reason,
        {{ run_window_reason_counts(late_rows='late_rows', late_spend='late_spend') }}
    from grown_day_dates

),
{% endmacro %}
