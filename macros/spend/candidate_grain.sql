{#-
    The grain of the audited candidate (int_spend_daily_candidate), every column a
    mart groups or filters by. run/run_window rebuilds every day when the candidate
    held from an earlier release lacks one of them, so no published row keeps an
    older, coarser grain.
-#}
{% macro candidate_grain() %}
    {{ return(['spend_date', 'team_id', 'customer_id', 'api_key', 'user_id', 'model', 'is_byok']) }}
{% endmacro %}
