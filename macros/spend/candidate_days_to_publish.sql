{#-
    What a mart publishes from: the audited candidate's rows (int_spend_daily_candidate),
    on an incremental run only those of the days this run rebuilds (run/run_window).
    Every mart reads the candidate through this, so all publish the same days.
-#}
{% macro candidate_days_to_publish() %}
    {#- Rendered on every parse, so dbt sees the ref to run_window it makes. -#}
    {%- set rebuilt_days = in_rebuild_days('spend_date') %}
    select * from {{ ref('int_spend_daily_candidate') }}
    {%- if is_incremental() %}
    where {{ rebuilt_days }}
    {%- endif %}
{% endmacro %}
