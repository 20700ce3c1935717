{#-
    Late rows, a question of run/run_window: which older days got source rows after
    they were last published?

    run_grown_days: the UTC days before load_from whose source row count (counted
    again now) is above the one recorded when they were last published
    (spend_log_source_days, `recorded_days`): a list of dicts (utc_day, source_rows),
    read at compile time so that every read of those days names them as literals.
    This run loads them by themselves (load_kind 'grown').
-#}
{% macro run_grown_days(spend_logs, recorded_days, bounds) %}
    {%- set grown_days = [] -%}
    {%- if bounds.load_everything or not execute -%}
        {{ return(grown_days) }}
    {%- endif -%}
    {%- set grown = run_query(
        'select source_days.utc_day, source_days.source_rows from ('
        ~ ' select cast(started_at as date) as utc_day, count(*) as source_rows from ' ~ spend_logs
        ~ ' where started_at < ' ~ timestamp_literal(bounds.load_from) ~ ' group by cast(started_at as date)'
        ~ ') as source_days'
        ~ (' left join ' ~ recorded_days ~ ' as recorded on source_days.utc_day = recorded.utc_day'
           ~ ' where source_days.source_rows > coalesce(recorded.source_rows, 0)' if recorded_days is not none else '')
        ~ ' order by 1'
    ) -%}
    {%- for row in grown.rows -%}
        {%- do grown_days.append({'utc_day': row[0], 'source_rows': row[1]}) -%}
    {%- endfor -%}
    {{ return(grown_days) }}
{% endmacro %}

{#-
    run_late_days: the CTEs that end in late_days, one reason row per spend_date of
    the grown days: late_rows with the rows and spend of the requests the history did
    not hold yet, or source_grew when every request was held already (an exact
    re-delivery, or rows a failed run loaded; rebuilding the day changes nothing).
-#}
{% macro run_late_days(spend_logs, history, grown_days, timezone) %}
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

    select
        grown_requests.spend_date,
        sum(case when held_on_grown_days.request_id is null then 1 else 0 end) as late_rows,
        sum(case when held_on_grown_days.request_id is null then grown_requests.spend else 0 end) as late_spend
    from grown_requests
    left join held_on_grown_days
        on grown_requests.request_id = held_on_grown_days.request_id
    group by grown_requests.spend_date

),

late_days as (

    select
        spend_date,
        case when late_rows > 0 then 'late_rows' else 'source_grew' end as reason,
        {{ run_window_reason_counts(late_rows='late_rows', late_spend='late_spend') }}
    from grown_day_dates

),
{% endmacro %}
