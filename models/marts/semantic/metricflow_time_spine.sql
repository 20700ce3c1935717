{#-
    MetricFlow's time spine: one row per calendar day, from the day before var
    earliest_valid_date (a request at its first instant can fall on the day before in
    a reporting_timezone west of UTC; earlier requests are quarantined) through
    2099-12-31. Small (about 28,000 rows) and rebuilt whole by every run (on Postgres in
    place, never waiting for a reader: macro reader_safe_table).
-#}
{{ config(materialized=reader_safe_table(), incremental_strategy='replace_all', on_schema_change='append_new_columns') }}
{%- set earliest_literal = dbt.string_literal(dbt.escape_single_quotes(earliest_valid_date() | string)) %}
{%- set first_instant = 'cast(' ~ earliest_literal ~ ' as ' ~ dbt.type_timestamp() ~ ") - interval '1 day'" %}
{%- set last_instant = "cast('2099-12-31' as " ~ dbt.type_timestamp() ~ ')' %}

select cast(series.day_start as date) as date_day
from {{ daily_instants(first_instant, last_instant) }} as series
