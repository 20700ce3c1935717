{#-
    A one-column relation, day_start: every midnight from first_instant through
    last_instant (timestamps). generate_series(timestamp, timestamp, interval) is the
    same table function on DuckDB and Postgres; Spark has sequence() instead.
-#}
{% macro daily_instants(first_instant, last_instant) %}
    {{- return(adapter.dispatch('daily_instants', 'litellm_spend')(first_instant, last_instant)) -}}
{% endmacro %}

{% macro default__daily_instants(first_instant, last_instant) -%}
    (select series.day_start from generate_series({{ first_instant }}, {{ last_instant }}, interval '1 day') as series (day_start))
{%- endmacro %}

{% macro spark__daily_instants(first_instant, last_instant) -%}
    (select explode(sequence({{ first_instant }}, {{ last_instant }}, interval 1 day)) as day_start)
{%- endmacro %}
