{#-
    The reporting calendar (reporting_periods.sql) as SQL and as a date.

    reporting_date(utc_timestamp): the spend_date of a zone-less UTC timestamp (how
    LiteLLM stores "startTime"). With one zone it is local_date; after a change,
    an instant from the change on takes the new zone's date, and the new zone's
    dates before valid_from (the hours its midnight comes later) are valid_from.
-#}
{% macro reporting_date(utc_timestamp) %}
    {%- set periods = reporting_periods() -%}
    {%- if periods | length == 1 -%}
        {{ return(local_date(utc_timestamp, periods[0]['zone'])) }}
    {%- endif -%}
    {%- set sql -%}
        case
            {%- for period in (periods | reverse | list)[:-1] %}
            when {{ utc_timestamp }} >= {{ timestamp_literal(period['starts_at']) }}
                then greatest({{ local_date(utc_timestamp, period['zone']) }}, {{ date_literal(period['valid_from']) }})
            {%- endfor %}
            else {{ local_date(utc_timestamp, periods[0]['zone']) }}
        end
    {%- endset -%}
    {{ return(sql) }}
{% endmacro %}

{#- The IANA name of the zone whose calendar day a date expression is, as SQL text. -#}
{% macro reporting_timezone_of(date_expression) %}
    {{ return(reporting_period_of(date_expression, 'zone')) }}
{% endmacro %}

{#-
    A field of the calendar's period a date expression falls in, as SQL: 'zone', or
    'valid_from' (its first day) and 'previous' (the zone before it), both null in
    the first period.
-#}
{% macro reporting_period_of(date_expression, part) %}
    {%- set periods = reporting_periods() -%}
    {%- set first = dbt.string_literal(periods[0]['zone']) if part == 'zone' else 'null' -%}
    {%- if periods | length == 1 -%}
        {{ return(first) }}
    {%- endif -%}
    {%- set sql -%}
        case
            {%- for period in (periods | reverse | list)[:-1] %}
            when {{ date_expression }} >= {{ date_literal(period['valid_from']) }}
                then {{ date_literal(period['valid_from']) if part == 'valid_from' else dbt.string_literal(period[part]) }}
            {%- endfor %}
            else {{ first }}
        end
    {%- endset -%}
    {{ return(sql) }}
{% endmacro %}

{#- The reporting day of an aware Python datetime (the invoice calendar's today). -#}
{% macro reporting_day_of(instant) %}
    {%- set utc = instant.astimezone(modules.pytz.utc).replace(tzinfo=none) -%}
    {%- for period in reporting_periods() | reverse -%}
        {%- if period['starts_at'] is none or utc >= period['starts_at'] -%}
            {%- set day = instant.astimezone(modules.pytz.timezone(period['zone'])).date() -%}
            {{ return([day, period['valid_from']] | max if period['valid_from'] is not none else day) }}
        {%- endif -%}
    {%- endfor -%}
{% endmacro %}
