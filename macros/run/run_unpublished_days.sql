{#-
    Unpublished days, a question of run/run_window: which days did a run build and
    fail to publish?

    run_unpublished_days: the CTE unpublished_days, one reason row (unpublished) per
    spend_date the audited candidate (`candidate`, int_spend_daily_candidate as the
    last run left it) holds as built after the last publish (`published`,
    run_published_days): a run failed after building them (an audit, a kill), so the
    marts do not hold them yet.
-#}
{% macro run_unpublished_days(candidate, published) %}
unpublished_days as (

    select distinct
        spend_date,
        'unpublished' as reason,
        {{ run_window_reason_counts() }}
    from {{ candidate }}
    where built_at > (select max(published.published_at) from {{ published }} as published)

),
{% endmacro %}
