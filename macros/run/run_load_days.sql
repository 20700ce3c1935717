{#-
    What run/run_window reads from the source: the CTEs lookback_rows (the source rows
    from bounds.load_from on, every one when bounds.load_everything) and load_days,
    one row per UTC day of "startTime" this run reads with the source's row count now
    and its load_kind (everything, lookback, or grown: a day of `grown_days`, from
    run_source_days, loaded by itself), with window_part 'load'; and the `observed_days`
    (run_source_days: not read, figures moved) with window_part 'observed', recorded again.
    The questions read lookback_rows.
-#}
{% macro run_load_days(spend_logs, bounds, grown_days, observed_days) %}
lookback_rows as (

    select
        request_id,
        started_at,
        rejection_reason,
        source_updated_at,
        {{ reporting_date('started_at') }} as spend_date
    from {{ spend_logs }}
    where started_at is not null
    {%- if not bounds.load_everything %}
        and started_at >= {{ timestamp_literal(bounds.load_from) }}
    {%- endif %}

),

load_days as (

    select
        'load' as window_part,
        cast(started_at as date) as utc_day,
        count(*) as source_rows,
        '{{ "everything" if bounds.load_everything else "lookback" }}' as load_kind,
        max(source_updated_at) as latest_source_update
    from lookback_rows
    group by cast(started_at as date)
    {%- for day in grown_days + observed_days %}
    {%- set observed = day.kind == 'observed' %}
    union all
    select
        '{{ "observed" if observed else "load" }}' as window_part,
        {{ date_literal(day.utc_day) }} as utc_day,
        {{ day.source_rows }} as source_rows,
        {{ 'cast(null as ' ~ dbt.type_string() ~ ')' if observed else "'grown'" }} as load_kind,
        {{ timestamp_or_null(day.latest_source_update) }} as latest_source_update
    {%- endfor %}

),
{% endmacro %}
