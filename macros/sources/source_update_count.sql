{#-
    How many rows of a source table were ever updated in place, as the server counts
    them (Postgres: pg_stat_user_tables.n_tup_upd), or none where no such count is
    trustworthy: other engines, a standby (its statistics count only its own writes,
    not the primary's), a source that is not a table here (a view, a foreign table).

    run/run_window keeps the count with the days it records (spend_log_source_days).
    When it has not moved since the last recorded run, no row was written again in
    place, and the newest updated_at per day need not be read: on Postgres that read
    is a pass over the whole table's heap (the count alone is an index-only scan of
    "startTime"), 9 s of a 60 s day run at 10M rows. The count is read before the
    days are; statistics reach it within seconds of a commit, so an update it has
    not counted yet is found by the next run, whose count has moved.
-#}
{% macro source_update_count(relation) %}
    {{ return(adapter.dispatch('source_update_count', 'litellm_spend')(relation)) }}
{% endmacro %}

{% macro default__source_update_count(relation) %}
    {{ return(none) }}
{% endmacro %}

{% macro postgres__source_update_count(relation) %}
    {%- if not execute or relation is none -%}
        {{ return(none) }}
    {%- endif -%}
    {%- set found = run_query(
        'select case when pg_is_in_recovery() then null else n_tup_upd end from pg_stat_user_tables'
        ~ ' where relid = to_regclass(' ~ dbt.string_literal(relation.include(database=false) | string) ~ ')'
    ).rows -%}
    {{ return(found[0][0] if found | length > 0 else none) }}
{% endmacro %}

{#- The count the last recorded run saw (spend_log_source_days), none before it kept one. -#}
{% macro recorded_source_update_count(recorded_days) %}
    {%- if recorded_days is none or not execute or 'source_updates_seen' not in (
            adapter.get_columns_in_relation(recorded_days) | map(attribute='name') | map('lower') | list) -%}
        {{ return(none) }}
    {%- endif -%}
    {%- set found = run_query('select max(source_updates_seen) from ' ~ recorded_days
        ~ ' where recorded_at = (select max(recorded_at) from ' ~ recorded_days ~ ')').rows -%}
    {{ return(found[0][0] if found | length > 0 else none) }}
{% endmacro %}
