{#-
    Calendar date, in time zone `timezone`, of a zone-less timestamp that holds UTC
    wall time (how LiteLLM stores "startTime"). UTC needs no conversion.
-#}
{% macro local_date(utc_timestamp, timezone) %}
    {{ return(adapter.dispatch('local_date', 'litellm_spend')(utc_timestamp, timezone)) }}
{% endmacro %}

{% macro default__local_date(utc_timestamp, timezone) %}
    {%- if timezone | upper in ('UTC', 'ETC/UTC', 'Z') -%}
        cast({{ utc_timestamp }} as date)
    {%- else -%}
        cast(({{ utc_timestamp }} at time zone 'UTC') at time zone {{ dbt.string_literal(dbt.escape_single_quotes(timezone)) }} as date)
    {%- endif -%}
{% endmacro %}

{% macro spark__local_date(utc_timestamp, timezone) %}
    {%- if timezone | upper in ('UTC', 'ETC/UTC', 'Z') -%}
        cast({{ utc_timestamp }} as date)
    {%- else -%}
        cast(from_utc_timestamp({{ utc_timestamp }}, {{ dbt.string_literal(timezone) }}) as date)
    {%- endif -%}
{% endmacro %}
