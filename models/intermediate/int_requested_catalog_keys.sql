{#-
    The catalog is matched against these distinct keys rather than every request:
    the non-equi join stays small however many requests there are.
-#}
{{
    config(
        materialized='incremental',
        unique_key='spend_date',
        incremental_strategy='delete+insert',
    )
}}
-- depends_on: {{ ref('stg_litellm__spend_log_load_window') }}

select distinct
    spend_date,
    catalog_model_name,
    model_id,
    team_id
from {{ ref('stg_litellm__spend_logs') }}
{%- if is_incremental() %}
where {{ in_load_window_days() }}
{%- endif %}
