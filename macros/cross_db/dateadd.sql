{#-
    dbt's cross-database dateadd, overridden on Spark (dbt's default and the other
    adapters' variants are used as they are). dbt-spark's goes through
    to_unix_timestamp/to_timestamp(bigint): it drops fractions of a second and, with
    ANSI off, returned NULL for every budget period start here. timestampadd keeps
    the type and the microseconds, and clamps month ends as DuckDB and Postgres do.
-#}
{% macro spark__dateadd(datepart, interval, from_date_or_timestamp) %}
    timestampadd({{ datepart | upper }}, cast({{ interval }} as bigint), {{ from_date_or_timestamp }})
{% endmacro %}
