{#-
    LiteLLM's budget_duration: a whole number and a unit, as its duration parser
    reads it: s (seconds), m (minutes), h (hours), d (days), w (weeks), mo (calendar
    months). Anything else is not understood here, and no period is derived from it.
-#}
{% macro budget_duration_pattern() %}[0-9]{1,6}(s|m|h|d|w|mo){% endmacro %}

{% macro budget_duration_is_valid(duration) %}
    coalesce({{ matches_whole(duration, budget_duration_pattern()) }}, false)
{% endmacro %}

{#-
    The start of the budget period that ends at `period_end`: one budget_duration
    before it (a month back for 'mo', so a period ending on March 1 starts on
    February 1). NULL when the duration is not understood.
-#}
{% macro budget_period_start(period_end, duration) %}
    {%- set unit = "case when " ~ duration ~ " like '%mo' then 'mo' else substring(" ~ duration ~ ", length(" ~ duration ~ "), 1) end" -%}
    {%- set count = "cast(substring(" ~ duration ~ ", 1, length(" ~ duration ~ ") - length(" ~ unit ~ ")) as integer)" -%}
    case
        when not {{ budget_duration_is_valid(duration) }} then null
        when {{ duration }} like '%mo' then {{ dbt.dateadd('month', '-1 * ' ~ count, period_end) }}
        when {{ duration }} like '%s' then {{ dbt.dateadd('second', '-1 * ' ~ count, period_end) }}
        when {{ duration }} like '%m' then {{ dbt.dateadd('minute', '-1 * ' ~ count, period_end) }}
        when {{ duration }} like '%h' then {{ dbt.dateadd('hour', '-1 * ' ~ count, period_end) }}
        when {{ duration }} like '%d' then {{ dbt.dateadd('day', '-1 * ' ~ count, period_end) }}
        when {{ duration }} like '%w' then {{ dbt.dateadd('day', '-7 * ' ~ count, period_end) }}
    end
{% endmacro %}
