{#-
    One row per distinct (spend_date, catalog_model_name, model_id, team_id) among
    the accepted requests: what the catalog must decide. The catalog is matched
    against these keys rather than every request, so the non-equi join stays small
    however many requests there are.
-#}
{{ config(materialized='incremental', incremental_strategy='replace_days') }}
{%- set rebuilt_days = in_rebuild_days('spend_date', 'started_at') %}

select distinct
    spend_date,
    catalog_model_name,
    model_id,
    team_id
from {{ ref('int_spend_logs_dated') }}
{%- if is_incremental() %}
where {{ rebuilt_days }}
{%- endif %}
