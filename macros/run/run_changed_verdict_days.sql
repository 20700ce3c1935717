{#-
    Verdict changes, a question of run/run_window: which published days would a
    catalog edit or an ownership change bill differently now?

    run_changed_verdict_days: the CTEs that end in changed_verdict_days, one reason
    row (verdict_change) per spend_date whose digest of today's verdicts, over the
    catalog keys the marts were built from (`held_keys`, int_catalog_requested_keys
    as the last run left it), differs from the digest it was published with
    (`published`, run_published_days), or that was never published. Today's rules
    and owners come in as the relations run_window took with ref().
-#}
{% macro run_changed_verdict_days(held_keys, published, catalog_rules, ownership_days) %}
verdicts_now as (

    {{ catalog_verdicts(held_keys, catalog_rules, ownership_days) }}

),

fingerprints_now as (

    {{ catalog_day_fingerprints('verdicts_now') }}

),

changed_verdict_days as (

    select
        fingerprints_now.spend_date,
        'verdict_change' as reason,
        {{ run_window_reason_counts() }}
    from fingerprints_now
    left join {{ published }} as published
        on fingerprints_now.spend_date = published.spend_date
    where published.spend_date is null
        or published.catalog_fingerprint <> fingerprints_now.catalog_fingerprint

),
{% endmacro %}
