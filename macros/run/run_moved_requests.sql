{#-
    Moved requests, a question of run/run_window: which days lose a request whose
    start time moved? LiteLLM can write a request again with another "startTime"; the
    history keeps one copy, so the day of the copy it held loses the request.

    run_moved_requests: the CTEs that end in moved_request_days, one reason row per
    old spend_date (moved_request, with how many requests moved away). It reads the
    request ids this run reads (lookback_rows, and the source rows of the grown days)
    and the history's copies: those outside what this run reads are the moved ones.
-#}
{% macro run_moved_requests(spend_logs, history, load_from, grown_days) %}
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

moved_request_days as (

    -- Held anyway: at a start time outside what this run reads, so its old day loses it.
    select
        {{ reporting_date('held.started_at') }} as spend_date,
        'moved_request' as reason,
        {{ run_window_reason_counts(moved_requests='count(distinct held.request_id)') }}
    from unheld_reads
    inner join {{ history }} as held
        on unheld_reads.request_id = held.request_id
    group by {{ reporting_date('held.started_at') }}

),
{% endmacro %}
