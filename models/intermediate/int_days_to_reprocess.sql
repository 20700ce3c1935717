{#-
    One row per spend_date the incremental models rebuild in this run:
    - every day from the load window's reprocess_from_date on (the lookback, or
      var reprocess_from);
    - every day whose catalog verdicts changed since the marts were last built
      (int_applied_catalog_fingerprints, looked up without ref(): it is written
      after the marts, from this run's fingerprints);
    - every day, on the first run and with --full-refresh.
-#}
{%- set applied_relation = adapter.get_relation(this.database, this.schema, 'int_applied_catalog_fingerprints') -%}

with

current_days as (

    select * from {{ ref('int_catalog_day_fingerprints') }}

),

load_window as (

    select * from {{ ref('stg_litellm__spend_log_load_window') }}

),

applied as (

    {%- if applied_relation is none or flags.FULL_REFRESH %}
    -- Nothing applied yet (or a full refresh): every day is new.
    select
        cast(null as date) as spend_date,
        cast(null as {{ dbt.type_string() }}) as catalog_fingerprint
    {%- else %}
    select
        spend_date,
        catalog_fingerprint
    from {{ applied_relation }}
    {%- endif %}

)

select current_days.spend_date
from current_days
cross join load_window
left join applied
    on current_days.spend_date = applied.spend_date
where
    load_window.reprocess_from_date is null
    or current_days.spend_date >= load_window.reprocess_from_date
    or applied.spend_date is null
    or applied.catalog_fingerprint <> current_days.catalog_fingerprint
