{#-
    The budget periods whose spend can be measured: both boundaries derived and the
    history covering them (or flagged as starting after period_start, figures kept).
    The other statuses get no figures in budget_burn.
-#}
{% macro measurable_budget_periods() %}
    select * from {{ ref('int_budget_periods') }}
    where status in ('ok', 'no_max_budget', 'history_starts_after_period_start')
{% endmacro %}
