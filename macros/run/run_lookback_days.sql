{#-
    The lookback, a question of run/run_window: which days does this run rebuild
    whatever the source says (var lookback_days, var reprocess_from, a full rebuild)?

    run_lookback_days: the CTE lookback_days over lookback_rows (the source rows this
    run reads, from bounds.load_from on), one reason row per spend_date:
      full_rebuild    bounds.rebuild_all: every day read, and (when the history is not
                      new) every day held, the days whose rows the source has purged too;
                      timezone_change instead when a new reporting calendar asked for it;
      lookback        inside the lookback (new days included), or a day of the rows
                      read before it (load_from), which the history may have changed;
      reprocess_from  forced by var reprocess_from.
    `held_keys` (int_catalog_requested_keys) and `history` are earlier runs' tables.
-#}
{% macro run_lookback_days(bounds, held_keys, history) %}
lookback_days as (

    select
        spend_date,
        '{{ bounds.rebuild_reason if bounds.rebuild_all else "lookback" }}' as reason,
        {{ run_window_reason_counts() }}
    from lookback_rows
    where rejection_reason is null
    {%- if not bounds.load_everything %}
        and spend_date >= {{ date_literal(bounds.lookback_from) }}
    {%- endif %}
    group by spend_date
    {%- if not bounds.load_everything %}
    union all
    -- The day read before the lookback (or reprocess_from): the history takes its late
    -- and changed rows like any other's, so its days are rebuilt too, else the
    -- candidate would lack them and every run's audit would fail on the same rows.
    select
        spend_date,
        'lookback' as reason,
        {{ run_window_reason_counts() }}
    from lookback_rows
    where rejection_reason is null
        and spend_date < {{ date_literal(bounds.rebuild_from) }}
    group by spend_date
    {%- endif %}
    {%- if bounds.rebuild_from is not none and bounds.rebuild_from < bounds.lookback_from %}
    union all
    select
        spend_date,
        'reprocess_from' as reason,
        {{ run_window_reason_counts() }}
    from lookback_rows
    where rejection_reason is null
        and spend_date >= {{ date_literal(bounds.rebuild_from) }}
        and spend_date < {{ date_literal(bounds.lookback_from) }}
    group by spend_date
    {%- endif %}
    {%- if bounds.rebuild_all and not bounds.load_everything %}
    union all
    -- Every day held: the days whose rows the source has purged too.
    select
        spend_date,
        '{{ bounds.rebuild_reason }}' as reason,
        {{ run_window_reason_counts() }}
    {%- if held_keys is not none %}
    from {{ held_keys }}
    {%- else %}
    from (select {{ reporting_date('started_at') }} as spend_date from {{ history }}) as held_days
    {%- endif %}
    group by spend_date
    {%- if held_keys is not none and bounds.rebuild_reason == 'timezone_change' %}
    union all
    -- held_keys has the days of the calendar before; the new one may start a day earlier.
    select
        spend_date,
        'timezone_change' as reason,
        {{ run_window_reason_counts() }}
    from (select {{ reporting_date('started_at') }} as spend_date from {{ history }}) as held_days
    group by spend_date
    {%- endif %}
    {%- endif %}

),
{% endmacro %}
